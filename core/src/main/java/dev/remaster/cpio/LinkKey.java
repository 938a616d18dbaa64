package dev.remaster.cpio;

/**
 * What the links of one hard link group share: the device numbers and the inode number of their
 * headers. Keys are meaningful only within one archive: the kernel forgets them at each trailer.
 */
public record LinkKey(long devMajor, long devMinor, long inode) {
}
