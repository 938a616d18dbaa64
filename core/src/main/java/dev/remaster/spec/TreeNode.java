package dev.remaster.spec;

import dev.remaster.cpio.EntryType;
import java.nio.file.Path;

/**
 * One file of a directory tree as read from the disk (without following symbolic links).
 *
 * @param path where it is
 * @param name its name in the archive: relative to the tree's root, {@code .} for the root
 * @param mode the full mode, type bits included ({@code unix:mode})
 * @param mtime modification time in whole seconds since the epoch
 */
record TreeNode(Path path, String name, int mode, long inode, long dev, long rdev, long nlink,
        long uid, long gid, long size, long mtime) {

    EntryType type() {
        return EntryType.of(mode);
    }

    /** Whether this file may share its inode with other names: not a directory, several links. */
    boolean mayBeHardLinked() {
        return nlink > 1 && type() != EntryType.DIRECTORY;
    }
}
