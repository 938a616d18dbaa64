package dev.remaster.diff;

import dev.remaster.cpio.EntryType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The differences between two images as the kernel would unpack them: paths added, removed and
 * changed (content, type, mode, owner, mtime, link target, device numbers), across all segments.
 * Where an entry sits, which segment holds it, its inode number and its header spelling are not
 * differences.
 */
public final class ImageDiff {
    private ImageDiff() {
    }

    /**
     * Compares the images {@code a} and {@code b}; the changes come sorted by path.
     *
     * @param a the image before
     * @param b the image after
     * @return the changes
     * @throws IOException if reading or writing fails
     */
    public static List<Change> compare(Path a, Path b) throws IOException {
        return compare(ImageState.of(a), ImageState.of(b));
    }

    /**
     * Compares two image states.
     *
     * @param a the state before
     * @param b the state after
     * @return the changes
     */
    public static List<Change> compare(ImageState a, ImageState b) {
        Map<String, EntryState> x = a.paths();
        Map<String, EntryState> y = b.paths();
        TreeSet<String> all = new TreeSet<>(x.keySet());
        all.addAll(y.keySet());
        List<Change> changes = new ArrayList<>();
        for (String p : all) {
            EntryState before = x.get(p);
            EntryState after = y.get(p);
            if (before == null) {
                changes.add(new Change(Change.Kind.ADDED, p, null, after, List.of()));
            } else if (after == null) {
                changes.add(new Change(Change.Kind.REMOVED, p, before, null, List.of()));
            } else {
                List<String> fields = differences(before, after);
                if (!fields.isEmpty()) {
                    changes.add(new Change(Change.Kind.CHANGED, p, before, after, fields));
                }
            }
        }
        return changes;
    }

    private static List<String> differences(EntryState a, EntryState b) {
        List<String> f = new ArrayList<>();
        if (a.type() != b.type()) {
            f.add("type");
        }
        // A symbolic link's content is its target (compared below); gen_init_cpio stores a NUL after it.
        if (a.type() != EntryType.SYMLINK && (!Objects.equals(a.sha256(), b.sha256()) || a.size() != b.size())) {
            f.add("content");
        }
        if ((a.mode() & 07777) != (b.mode() & 07777)) {
            f.add("mode");
        }
        if (a.uid() != b.uid() || a.gid() != b.gid()) {
            f.add("owner");
        }
        if (a.mtime() != b.mtime()) {
            f.add("mtime");
        }
        if (!Objects.equals(a.linkTarget(), b.linkTarget())) {
            f.add("target");
        }
        if (a.rdevMajor() != b.rdevMajor() || a.rdevMinor() != b.rdevMinor()) {
            f.add("device");
        }
        return f;
    }
}
