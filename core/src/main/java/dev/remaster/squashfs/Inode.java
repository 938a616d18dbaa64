package dev.remaster.squashfs;

/**
 * One inode of a squashfs image, basic or extended.
 *
 * @param ref where the inode is: its metadata block relative to the inode table, shifted left by
 *        16, or'ed with its offset in the uncompressed block
 * @param type the kind of inode
 * @param extended whether it was stored as an extended inode
 * @param permissions the permission bits (12 bits: rwx and setuid/setgid/sticky)
 * @param uid the owner, resolved through the id table
 * @param gid the group, resolved through the id table
 * @param mtime modification time, seconds since the epoch
 * @param number the inode number (1 to inode count)
 * @param linkCount the hard link count
 * @param size file length, symlink target length, or directory listing size (plus 3, as stored)
 * @param blocksStart files: position of the first data block; directories: the listing's
 *        metadata block relative to the directory table
 * @param fragment files: fragment index or -1 when the tail is not in a fragment
 * @param offset files: offset of the tail in the fragment; directories: offset of the listing in
 *        its uncompressed metadata block
 * @param blockSizes files: the stored size word of each data block (bit 24 set: uncompressed;
 *        size 0: a sparse block of zeros)
 * @param sparse extended files: bytes of sparse blocks, as stored
 * @param parent directories: the parent's inode number
 * @param target symlinks: the target
 * @param device devices: the device number in the kernel's 32-bit encoding
 * @param xattrIndex index in the xattr id table, or -1 when none
 */
public record Inode(
        long ref, InodeType type, boolean extended, int permissions, long uid, long gid, long mtime, long number,
        long linkCount, long size, long blocksStart, long fragment, long offset, int[] blockSizes, long sparse,
        long parent, byte[] target, int device, long xattrIndex) {

    /**
     * The full mode: type bits and permission bits.
     *
     * @return the full mode: type bits and permission bits
     */
    public int mode() {
        return type.modeBits() | permissions;
    }

    /**
     * The device's major number.
     *
     * @return the device's major number
     */
    public int major() {
        return (device >>> 8) & 0xfff;
    }

    /**
     * The device's minor number.
     *
     * @return the device's minor number
     */
    public int minor() {
        return (device & 0xff) | ((device >>> 12) & 0xfff00);
    }

    /**
     * Whether this is a directory.
     *
     * @return whether this is a directory
     */
    public boolean isDirectory() {
        return type == InodeType.DIRECTORY;
    }
}
