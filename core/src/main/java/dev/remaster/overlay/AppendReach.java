package dev.remaster.overlay;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tells, while an image is read for an append, when its {@link AppendScope} has been read: once
 * every directory it names resolves (symbolic links followed) to a directory of the view. Only
 * entries on the way to those directories (or to the targets of links met on the way) can change
 * that, so only they trigger a check.
 */
final class AppendReach {
    private static final int MAX_SYMLINKS = 40;

    /** Paths that must resolve to a directory before reading may stop. */
    private final List<String> directories;
    private final boolean wholeImage;
    /** Every path whose entry may change whether a needed directory resolves. */
    private final Set<String> watched = new HashSet<>();

    private AppendReach(List<String> directories, boolean wholeImage) {
        this.directories = directories;
        this.wholeImage = wholeImage;
        for (String d : directories) {
            watchPrefixes(d);
        }
    }

    /** The reach of {@code scope}; a directory with ".." components reads the whole image. */
    static AppendReach of(AppendScope scope) {
        if (scope.wholeImage()) {
            return new AppendReach(List.of(), true);
        }
        List<String> dirs = new ArrayList<>();
        for (String d : scope.directories()) {
            String p = EntryPaths.toPath(d.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (p == null) {
                return new AppendReach(List.of(), true);
            }
            dirs.add(p);
        }
        return new AppendReach(List.copyOf(dirs), false);
    }

    /** Whether the edits need every entry of the image. */
    boolean wholeImage() {
        return wholeImage;
    }

    /** Whether an entry at {@code path} may be the one that lets reading stop. */
    boolean watches(String path) {
        return !wholeImage && watched.contains(path);
    }

    /**
     * Whether every needed directory resolves to a directory in the view as read so far. Held-back
     * entries on the way are applied; paths met through symbolic links are watched from now on.
     */
    boolean reached(FileSystem jimfs, LazyTree tree) throws IOException {
        if (wholeImage) {
            return false;
        }
        for (String d : directories) {
            if (!resolvesToDirectory(jimfs, tree, d)) {
                return false;
            }
        }
        return true;
    }

    private boolean resolvesToDirectory(FileSystem jimfs, LazyTree tree, String path) throws IOException {
        tree.materialize(jimfs.getPath(path));
        String pending = path;
        for (int links = 0; links <= MAX_SYMLINKS; links++) {
            String[] parts = pending.split("/");
            StringBuilder current = new StringBuilder();
            String next = null;
            for (int i = 0; i < parts.length && next == null; i++) {
                String part = parts[i];
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                if (part.equals("..")) {
                    current.setLength(Math.max(current.lastIndexOf("/"), 0));
                    continue;
                }
                current.append('/').append(part);
                String here = current.toString();
                watched.add(here);
                Path p = jimfs.getPath(here);
                BasicFileAttributes a = TreeLoader.attributes(p);
                if (a == null) {
                    return false;
                }
                if (a.isSymbolicLink()) {
                    String target = Files.readSymbolicLink(p).toString();
                    StringBuilder rest = new StringBuilder(target.startsWith("/") ? target : parentOf(here) + "/" + target);
                    for (int j = i + 1; j < parts.length; j++) {
                        rest.append('/').append(parts[j]);
                    }
                    next = rest.toString();
                } else if (!a.isDirectory()) {
                    return false;
                }
            }
            if (next == null) {
                return true;
            }
            tree.materialize(jimfs.getPath(next));
            pending = next;
        }
        return false;
    }

    private void watchPrefixes(String path) {
        for (String p = path; !p.equals("/"); p = parentOf(p)) {
            watched.add(p);
        }
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
