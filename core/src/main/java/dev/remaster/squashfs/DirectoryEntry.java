package dev.remaster.squashfs;

/**
 * One name in a directory listing.
 *
 * @param name the name (no slashes, not "." or "..")
 * @param type the inode's kind as the listing states it
 * @param inodeRef where the inode is (metadata block relative to the inode table, shifted left 16, or'ed with the offset)
 * @param inodeNumber the inode number as the listing states it
 */
public record DirectoryEntry(String name, InodeType type, long inodeRef, long inodeNumber) {
}
