package dev.remaster.diff;

import dev.remaster.cpio.EntryType;

/**
 * What one path of an image is once the kernel has unpacked every segment: the values a
 * comparison looks at.
 *
 * @param path the absolute path
 * @param type the file type
 * @param mode the full mode
 * @param uid numeric owner
 * @param gid numeric group
 * @param mtime modification time, seconds since the epoch
 * @param size data size (a hard link reports its group's)
 * @param rdevMajor device major number, 0 for non-devices
 * @param rdevMinor device minor number, 0 for non-devices
 * @param linkTarget a symbolic link's target, or null
 * @param sha256 the SHA-256 of the data, hex, or null for entries without data
 * @param segment the index of the segment that gave the final state
 */
public record EntryState(String path, EntryType type, int mode, long uid, long gid, long mtime, long size,
        long rdevMajor, long rdevMinor, String linkTarget, String sha256, int segment) {
}
