package dev.remaster.overlay;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How much of an image a list of edits must see before it can be applied and appended as a new
 * segment: the directories the edits write into (and those a directory put merges with, and
 * those {@code mkdir} names) must have been read, since later entries only add to what is there.
 *
 * <p>What an edit writes does not depend on the entries the image has at that path: a put file,
 * a symbolic link or a node is a new entry, and the kernel applies it over whatever stands there.
 * What it writes into, and any existing path whose header it keeps (a directory merged with or
 * made again, a path whose mode or owner changes), does: the first must be a directory, the second
 * is read as it is. Changing the mode or owner of a path of the image, or removing one, needs the
 * whole image: only its last entry for that path counts. Reading stops once every directory
 * needed resolves (symbolic links followed) to a directory of the view.
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

    /** What {@code edits}, applied in order, need of the image. */
    static AppendReach of(List<? extends EditOperation> edits) throws IOException {
        try {
            return plan(edits);
        } catch (UnresolvedPath e) {
            return new AppendReach(List.of(), true);
        }
    }

    private static AppendReach plan(List<? extends EditOperation> edits) throws IOException {
        List<String> dirs = new ArrayList<>();
        Set<String> made = new HashSet<>();
        Set<String> madeTrees = new HashSet<>();
        boolean whole = false;
        for (EditOperation op : edits) {
            if (op instanceof EditOperation.Put put) {
                String path = normalize(put.path());
                dirs.add(parentOf(path));
                if (Files.isDirectory(put.source(), LinkOption.NOFOLLOW_LINKS)) {
                    // Each directory of the tree merges with one the image may have: its header is kept.
                    try (Stream<Path> walk = Files.walk(put.source())) {
                        for (Path p : (Iterable<Path>) walk::iterator) {
                            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                                String rel = put.source().relativize(p).toString();
                                dirs.add(rel.isEmpty() ? path : normalize(path + "/" + rel));
                            }
                        }
                    }
                    madeTrees.add(path);
                } else {
                    made.add(path);
                }
            } else if (op instanceof EditOperation.MakeDirectory mk) {
                String path = normalize(mk.path());
                dirs.add(path);
                made.add(path);
            } else if (op instanceof EditOperation.Symlink s) {
                String path = normalize(s.path());
                dirs.add(parentOf(path));
                made.add(path);
            } else if (op instanceof EditOperation.MakeNode n) {
                String path = normalize(n.path());
                dirs.add(parentOf(path));
                made.add(path);
            } else if (op instanceof EditOperation.ChangeMode c) {
                whole |= !isMade(normalize(c.path()), made, madeTrees);
            } else if (op instanceof EditOperation.ChangeOwner c) {
                whole |= !isMade(normalize(c.path()), made, madeTrees);
            } else {
                whole = true;
            }
        }
        return new AppendReach(List.copyOf(dirs), whole);
    }

    /** The view path of an edit's path; one with ".." components is resolved by no rule here. */
    private static String normalize(String path) {
        String p = EntryPaths.toPath(path.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (p == null) {
            throw new UnresolvedPath();
        }
        return p;
    }

    /** An edit path this class does not resolve: the whole image is read instead. */
    private static final class UnresolvedPath extends RuntimeException {
        UnresolvedPath() {
            super(null, null, false, false);
        }
    }

    private static boolean isMade(String path, Set<String> made, Set<String> madeTrees) {
        if (made.contains(path)) {
            return true;
        }
        for (String p = path; ; p = parentOf(p)) {
            if (madeTrees.contains(p)) {
                return true;
            }
            if (p.equals("/")) {
                return false;
            }
        }
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
