package dev.remaster.overlay;

import dev.remaster.cpio.EntryType;

import java.util.Optional;

/**
 * What the written image will say about one path: the cpio header values that
 * {@code java.nio.file} cannot express (numeric owner, device numbers, special file types, the
 * setuid, setgid and sticky bits) together with the rest.
 *
 * @param type the file type written to the image (a device node or fifo is a placeholder regular
 *     file in the {@link java.nio.file.FileSystem} view)
 * @param mode the full mode, type bits included
 * @param uid numeric owner
 * @param gid numeric group
 * @param mtime modification time in seconds since the epoch
 * @param rdevMajor major device number of a device node, else 0
 * @param rdevMinor minor device number of a device node, else 0
 * @param size the data size: file length, symlink target length, else 0
 * @param linkTarget a symbolic link's target
 */
public record EntryMetadata(
        EntryType type,
        int mode,
        long uid,
        long gid,
        long mtime,
        long rdevMajor,
        long rdevMinor,
        long size,
        Optional<String> linkTarget) {

    /**
     * The permission bits with setuid, setgid and sticky.
     *
     * @return the permission bits with setuid, setgid and sticky
     */
    public int permissions() {
        return mode & 07777;
    }
}
