package dev.remaster.overlay;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the image's entries to the view's file system, holding back those that nothing needs yet.
 *
 * <p>A jimfs file costs about 2 KB of heap; the headers it came from, a few hundred bytes. So an
 * entry that stands alone (the first to name its path, not a hard link, under a directory) is not
 * put into jimfs when the image is opened: it stays a {@link SourceEntry}, found by its path in an
 * open-addressing table of entry numbers and listed under its parent. It is applied (by the same
 * {@link TreeLoader} rules, so with the same result) the first time the view touches it: a path
 * resolved through it, a listing of its parent, a later entry of the image naming it, its parent or
 * a child. Applying it late gives what applying it in order gave, since every entry that could
 * interact with it (one naming the same path, an ancestor or a descendant) applies it first.
 * Untouched entries never reach jimfs, and the writer copies them from the source as they were.
 */
final class LazyTree {
    private static final int MAX_SYMLINKS = 40;

    private final FileSystem jimfs;
    private final TreeLoader loader;
    /** Every source entry, in image order; an entry's number is its index here. */
    private final List<SourceEntry> entries = new ArrayList<>();
    /** Open addressing: entry number + 1 of held-back entries by path hash, 0 for a free slot. */
    private int[] slots = new int[1024];
    private int used;
    /** Held-back children by the path of their directory. */
    private final Map<String, Ids> children = new HashMap<>();
    private int held;

    /** A growable list of entry numbers. */
    private static final class Ids {
        int[] ids = new int[4];
        int size;

        void add(int id) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
        }
    }

    LazyTree(FileSystem jimfs, TreeLoader loader) {
        this.jimfs = jimfs;
        this.loader = loader;
    }

    /** Takes the next entry of the image, applying it now or holding it back. */
    void add(SourceEntry s) throws IOException {
        int id = entries.size();
        entries.add(s);
        String path = s.path();
        if (path == null) {
            return;
        }
        if (canHold(s)) {
            s.lazy(true);
            held++;
            insert(id);
            String parent = parentOf(path);
            SourceEntry parentEntry = find(parent);
            children.computeIfAbsent(parentEntry != null ? parentEntry.path() : parent, k -> new Ids()).add(id);
            return;
        }
        // Everything the entry may meet is applied first: its ancestors, what stands at its path, and
        // that path's children (a directory the kernel cannot remove must not look empty).
        materialize(path);
        materializeChildren(path);
        apply(s);
    }

    /** Forgets hard link groups, as the kernel does at each trailer. */
    void trailer() {
        loader.trailer();
    }

    /** How many entries are still held back. */
    int held() {
        return held;
    }

    private boolean canHold(SourceEntry s) throws IOException {
        CpioEntry e = s.header();
        String path = s.path();
        if (e.isTrailer() || path.equals("/") || e.isHardLinked() || e.type() == EntryType.UNKNOWN) {
            return false;
        }
        if (find(path) != null) {
            return false;
        }
        SourceEntry parent = find(parentOf(path));
        if (parent != null) {
            // Nothing is in jimfs below a held-back entry.
            return parent.header().type() == EntryType.DIRECTORY;
        }
        BasicFileAttributes dir = TreeLoader.attributes(jimfs.getPath(parentOf(path)));
        return dir != null && dir.isDirectory() && TreeLoader.attributes(jimfs.getPath(path)) == null;
    }

    private void apply(SourceEntry s) throws IOException {
        if (s.isLazy()) {
            s.lazy(false);
            held--;
        }
        s.fileKey(loader.apply(s.segment(), s.archive(), s.path(), s.header(), s));
    }

    /**
     * Applies the held-back entries that resolving {@code path} (a jimfs path) passes through: its
     * ancestors, itself, and, through symbolic links, their targets.
     */
    void materialize(Path path) {
        if (held == 0) {
            return;
        }
        try {
            materialize(path.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #materialize(Path)}, and the held-back children of the directory it names. */
    void materializeChildren(Path dir) {
        if (held == 0) {
            return;
        }
        try {
            String path = dir.toAbsolutePath().toString();
            materialize(path);
            materializeChildren(realPath(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #materialize(Path)}, and everything below the directory it names (before a move). */
    void materializeSubtree(Path dir) {
        if (held == 0) {
            return;
        }
        try {
            String path = dir.toAbsolutePath().toString();
            materialize(path);
            Deque<String> todo = new ArrayDeque<>();
            todo.push(realPath(path));
            while (!todo.isEmpty()) {
                String d = todo.pop();
                Ids ids = children.remove(d);
                if (ids == null) {
                    continue;
                }
                for (int i = 0; i < ids.size; i++) {
                    SourceEntry s = entries.get(ids.ids[i]);
                    if (s.isLazy()) {
                        apply(s);
                        if (s.header().type() == EntryType.DIRECTORY) {
                            todo.push(s.path());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String realPath(String path) throws IOException {
        try {
            return jimfs.getPath(path).toRealPath().toString();
        } catch (java.nio.file.FileSystemException e) {
            return path;
        }
    }

    private void materializeChildren(String dir) throws IOException {
        Ids ids = children.remove(dir);
        if (ids == null) {
            return;
        }
        for (int i = 0; i < ids.size; i++) {
            SourceEntry s = entries.get(ids.ids[i]);
            if (s.isLazy()) {
                apply(s);
            }
        }
    }

    private void materialize(String path) throws IOException {
        Deque<String> pending = new ArrayDeque<>();
        pending.add(path);
        int links = 0;
        while (!pending.isEmpty() && links <= MAX_SYMLINKS && held > 0) {
            String next = pending.poll();
            String target = walk(next);
            if (target != null) {
                links++;
                pending.add(target);
            }
        }
    }

    /**
     * Applies the held-back entries along {@code path}; returns the path that resolution continues
     * with when a component is a symbolic link (its target, then the rest), else null.
     */
    private String walk(String path) throws IOException {
        String[] parts = path.split("/");
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                int slash = current.lastIndexOf("/");
                current.setLength(Math.max(slash, 0));
                continue;
            }
            current.append('/').append(part);
            String here = current.toString();
            SourceEntry s = find(here);
            if (s != null) {
                apply(s);
            }
            Path p = jimfs.getPath(here);
            BasicFileAttributes a = TreeLoader.attributes(p);
            if (a == null) {
                return null; // nothing below a missing path exists
            }
            if (a.isSymbolicLink()) {
                String target = Files.readSymbolicLink(p).toString();
                StringBuilder rest = new StringBuilder(target.startsWith("/") ? target
                        : parentOf(here) + "/" + target);
                for (int j = i + 1; j < parts.length; j++) {
                    rest.append('/').append(parts[j]);
                }
                return rest.toString();
            }
        }
        return null;
    }

    /** The held-back entry at {@code path}, or null. */
    private SourceEntry find(String path) {
        int mask = slots.length - 1;
        for (int i = spread(path.hashCode()) & mask; slots[i] != 0; i = (i + 1) & mask) {
            SourceEntry s = entries.get(slots[i] - 1);
            if (s.isLazy() && s.path().equals(path)) {
                return s;
            }
        }
        return null;
    }

    private void insert(int id) {
        if ((used + 1) * 2 > slots.length) {
            int[] old = slots;
            slots = new int[old.length * 2];
            used = 0;
            for (int slot : old) {
                if (slot != 0 && entries.get(slot - 1).isLazy()) {
                    put(slot - 1);
                }
            }
        }
        put(id);
    }

    private void put(int id) {
        int mask = slots.length - 1;
        int i = spread(entries.get(id).path().hashCode()) & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = id + 1;
        used++;
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B9;
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
