package dev.remaster.cpio;

import java.util.Objects;

/**
 * How a {@link CpioWriter} writes.
 *
 * @param format the header format: {@link CpioFormat#NEWC}, {@link CpioFormat#CRC} or
 *     {@link CpioFormat#ODC}
 * @param blockSize the archive is padded with NULs after the trailer to a multiple of this many
 *     bytes (512 as GNU cpio and gen_init_cpio write); 0 or 1 for no padding. A trailer copied from
 *     a source keeps the padding it had there instead.
 * @param inodes whether inode numbers are kept as given or renumbered
 * @param keepSourceHeaders whether an unchanged entry read from an archive of the same format is
 *     written with the exact header bytes it was read from (on by default: that is what makes a
 *     copy byte-identical)
 */
public record WriteOptions(CpioFormat format, int blockSize, InodePolicy inodes, boolean keepSourceHeaders) {

    /** What the writer does with inode numbers. */
    public enum InodePolicy {
        /** Write each entry's inode number as given. */
        KEEP,
        /**
         * Number entries 1, 2, 3... in the order written; the links of a hard link group (same
         * {@link LinkKey} within one archive) share one number. Numbering restarts at each trailer.
         */
        RENUMBER
    }

    /**
     * Checks the components.
     *
     * @param format the header format: {@link CpioFormat#NEWC}, {@link CpioFormat#CRC} or
     *     {@link CpioFormat#ODC}
     * @param blockSize the archive is padded with NULs after the trailer to a multiple of this many
     *     bytes (512 as GNU cpio and gen_init_cpio write); 0 or 1 for no padding. A trailer copied from
     *     a source keeps the padding it had there instead.
     * @param inodes whether inode numbers are kept as given or renumbered
     * @param keepSourceHeaders whether an unchanged entry read from an archive of the same format is
     *     written with the exact header bytes it was read from (on by default: that is what makes a
     *     copy byte-identical)
     * @throws IllegalArgumentException if a component is out of range
     */
    public WriteOptions {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(inodes, "inodes");
        if (!format.isWritable()) {
            throw new IllegalArgumentException(format + " can be read but not written");
        }
        if (blockSize < 0) {
            throw new IllegalArgumentException("blockSize (" + blockSize + ") may not be negative");
        }
    }

    /**
     * newc, padded to 512-byte blocks, inodes kept, source headers kept.
     *
     * @return newc, padded to 512-byte blocks, inodes kept, source headers kept
     */
    public static WriteOptions defaults() {
        return new WriteOptions(CpioFormat.NEWC, 512, InodePolicy.KEEP, true);
    }

    /**
     * These options with {@code format}.
     *
     * @param format the cpio format
     * @return these options with {@code format}
     */
    public WriteOptions withFormat(CpioFormat format) {
        return new WriteOptions(format, blockSize, inodes, keepSourceHeaders);
    }

    /**
     * These options with {@code blockSize}.
     *
     * @param blockSize the archive is padded with NULs after the trailer to a multiple of this many bytes
     * @return these options with {@code blockSize}
     */
    public WriteOptions withBlockSize(int blockSize) {
        return new WriteOptions(format, blockSize, inodes, keepSourceHeaders);
    }

    /**
     * These options with {@code inodes}.
     *
     * @param inodes what the writer does with inode numbers
     * @return these options with {@code inodes}
     */
    public WriteOptions withInodes(InodePolicy inodes) {
        return new WriteOptions(format, blockSize, inodes, keepSourceHeaders);
    }

    /**
     * These options with {@code keepSourceHeaders}.
     *
     * @param keepSourceHeaders whether an unchanged entry read from an archive of the same format is
     *     written with its header as read
     * @return these options with {@code keepSourceHeaders}
     */
    public WriteOptions withKeepSourceHeaders(boolean keepSourceHeaders) {
        return new WriteOptions(format, blockSize, inodes, keepSourceHeaders);
    }
}
