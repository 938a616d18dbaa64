package dev.remaster.cpio;

import java.util.Objects;
import java.util.Optional;

/**
 * What the links of one hard link group share, as the Linux kernel keys them when it unpacks an
 * initramfs (init/initramfs.c {@code find_link}): the device numbers, the inode number and the
 * file type of their headers. Keys are meaningful only within one archive: the kernel forgets them
 * at each trailer.
 *
 * @param devMajor the major number of the device the file was on
 * @param devMinor the minor number of the device the file was on
 * @param inode the inode number
 * @param type the file type (the mode's {@code S_IFMT} bits): a regular file and a device node
 *     with the same numbers are two files
 */
public record LinkKey(long devMajor, long devMinor, long inode, EntryType type) {
    /**
     * Checks the type is given.
     *
     * @param devMajor the dev major
     * @param devMinor the dev minor
     * @param inode the inode
     * @param type the entry type
     */
    public LinkKey {
        Objects.requireNonNull(type, "type");
    }

    /**
     * The key the kernel looks {@code entry} up by, or empty when the kernel never links it:
     * only regular files, device nodes, FIFOs and sockets with a link count of 2 or more are
     * linked (init/initramfs.c {@code maybe_link}); directories, symbolic links and the trailer
     * never are.
     *
     * @param entry the entry
     * @return the key the kernel looks {@code entry} up by, or empty when the kernel never links it: only regular files, device nodes, FIFOs and sockets with a link count of 2 or more are linked (init/initramfs.c {@code maybe_link}); directories, symbolic links and the trailer never are
     */
    public static Optional<LinkKey> of(CpioEntry entry) {
        return entry.isHardLinked() ? Optional.of(entry.linkKey()) : Optional.empty();
    }

    /** Whether the kernel looks entries of {@code type} up in its link table at all. */
    static boolean linkable(EntryType type) {
        return switch (type) {
            case REGULAR, CHAR_DEVICE, BLOCK_DEVICE, FIFO, SOCKET -> true;
            default -> false;
        };
    }
}
