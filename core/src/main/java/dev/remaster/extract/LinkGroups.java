package dev.remaster.extract;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.LinkKey;
import dev.remaster.cpio.LinkTable;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where this run put the hard link groups of the current archive ({@link LinkKey}, the kernel's
 * rule), forgotten at each trailer as the kernel does.
 * A group's file is always one this run created; later names are linked to it, never to anything
 * that was on disk before.
 */
final class LinkGroups {

    /** One group: the file its first extracted name created, and the entry whose metadata it gets. */
    static final class Group {
        /** The name that created the file, or {@code null} while none of the group was extracted. */
        EntryPath anchor;
        /** The created file's identity (device and inode), to tell it from anything put there since. */
        Object fileKey;
        /**
         * The group's latest regular-file entry: its owner, mode and mtime are applied when the
         * group closes ({@code null} for nodes, which get theirs as each is made).
         */
        CpioEntry metadata;

        /**
         * The group's file, if it is still the file or node this run created (same device and
         * inode), reached from the target without links; {@code null} otherwise.
         */
        Path file(TargetTree tree) throws IOException {
            if (anchor == null) {
                return null;
            }
            try {
                Path dir = tree.directory(anchor.parent(), false);
                Path p = TargetTree.child(dir, anchor.last());
                BasicFileAttributes a = TargetTree.lstat(p);
                return a != null && !a.isDirectory() && !a.isSymbolicLink() && fileKey.equals(a.fileKey()) ? p : null;
            } catch (Refusal r) {
                return null;
            }
        }
    }

    private final LinkTable<Group> groups = new LinkTable<>();

    Group of(CpioEntry e) {
        return groups.of(e, first -> new Group());
    }

    /** Every open group, and forgets them all. */
    List<Group> close() {
        List<Group> all = new ArrayList<>();
        for (Map.Entry<LinkKey, Group> g : groups.endArchive()) {
            all.add(g.getValue());
        }
        return all;
    }
}
