package dev.remaster.squashfs;

/**
 * An inode reached by a path, as a walk over the whole image gives it.
 *
 * @param path the path relative to the root, without a leading slash ("" for the root)
 * @param inode the inode
 */
public record SquashfsEntry(String path, Inode inode) {
}
