package dev.remaster.kernel;

/**
 * The rules {@link KernelLint} checks, each named after what it finds. The names are stable: tools
 * may match on them. The severity a rule reports with is given here; a few rules report with a
 * lower severity where noted.
 */
public enum LintCode {
    // ---- the image and its segments ----------------------------------------------------------

    /** Warning: the file holds no archive at all; the kernel unpacks nothing from it. */
    EMPTY_IMAGE,
    /**
     * Error: bytes that are neither NUL padding, nor a cpio archive, nor the magic of a compression
     * the kernel knows: "invalid magic at start of compressed archive", and unpacking stops.
     */
    UNKNOWN_DATA,
    /**
     * Error: a plain archive starts at an offset that is not a multiple of 4; the kernel hands its
     * bytes to the decompressor detection, which fails.
     */
    PLAIN_ARCHIVE_UNALIGNED,
    /**
     * Error: after an archive's trailer and its NUL padding, the next data starts at an offset that
     * is not a multiple of 4: "broken padding", and unpacking stops.
     */
    BROKEN_PADDING,
    /**
     * Info: a plain segment ends without a trailer at the end of the file. The kernel unpacks it
     * anyway; other tools call the archive truncated.
     */
    MISSING_TRAILER,
    /**
     * Error: compressed members split an archive. The kernel decompresses each member alone and
     * needs the cpio stream at a trailer when it ends: "junk at the end of compressed archive".
     */
    MEMBER_SPLITS_ARCHIVE,
    /** Error: a compressed segment's cpio stream ends inside an entry or without a trailer. */
    COMPRESSED_ARCHIVE_UNTERMINATED,
    /** Error: data after the last trailer inside a compressed member: "junk within compressed archive". */
    JUNK_IN_COMPRESSED_ARCHIVE,
    /** Error: compressed data that does not decode. */
    CORRUPT_COMPRESSED_DATA,
    /** Error: a malformed cpio header or entry; unpacking stops there. */
    MALFORMED_ARCHIVE,
    /**
     * Info, or warning for lzo and lz4: the compression needs a kernel built with its
     * {@code CONFIG_RD_*} option, which some configurations leave out.
     */
    COMPRESSION_SUPPORT,
    /**
     * Error: a gzip header with an extra field, a comment or a header CRC; the kernel's gunzip
     * skips only a file name and then fails.
     */
    GZIP_HEADER_FLAGS,
    /** Error: the gzip magic of gzip before 0.5 ({@code 1f 9e}); the kernel's gunzip wants {@code 1f 8b 08}. */
    GZIP_OLD_MAGIC,
    /** Error: an xz stream whose integrity check is not CRC32 or none; the kernel's xz refuses it. */
    XZ_CHECK,
    /**
     * Error: an xz filter the kernel's decoder lacks (such as delta); info for a BCJ filter, which
     * needs the kernel built with it.
     */
    XZ_FILTER,
    /**
     * Warning: an xz or lzma dictionary or a zstd window over 8 MiB. The kernel allocates it whole
     * while booting; its own build uses 1 MiB for xz.
     */
    LARGE_DICTIONARY,
    /** Error: a zstd frame that needs a dictionary; the kernel has none. */
    ZSTD_DICTIONARY,
    /**
     * Error: an lzop file the kernel's unlzo misreads: other than exactly one checksum of the
     * uncompressed data per block, an extra header field or filter, or blocks over 256 KiB.
     */
    LZOP_UNSUPPORTED,
    /**
     * Error: an lz4 legacy frame followed directly by data other than NUL padding or another lz4
     * frame; the frame has no end mark and the kernel's unlz4 reads the next bytes as a block.
     */
    LZ4_NOT_TERMINATED,

    // ---- archives and entries --------------------------------------------------------------

    /** Error: an odc (070707) or old binary header: "incorrect cpio method used: use -H newc option". */
    FORMAT_REJECTED,
    /** Warning: crc (070702) headers; kernels before about 2021 reject them, newer ones verify the sums. */
    CRC_FORMAT,
    /** Error: a crc entry whose data does not match its sum; newer kernels stop unpacking. */
    CHECKSUM_MISMATCH,
    /** Error: a name without its terminating NUL; the kernel reports a malformed archive and stops. */
    NAME_WITHOUT_NUL,
    /** Error: a name over PATH_MAX (4096 bytes with its NUL); the kernel skips the entry. */
    NAME_TOO_LONG,
    /** Error: a symbolic link target over 4096 bytes; the kernel skips the entry. */
    LINK_TARGET_TOO_LONG,
    /** Error: a directory, device, fifo or socket that carries data; the kernel skips the entry. */
    DATA_ON_SPECIAL_FILE,
    /** Warning: a mode whose type bits name no file type; the kernel ignores the entry. */
    UNKNOWN_FILE_TYPE,
    /** Error: the entry's parent directory does not exist yet; the kernel creates no parents, the entry fails. */
    PARENT_MISSING,
    /** Error: a component of the entry's path is not a directory; the entry fails. */
    PARENT_NOT_DIRECTORY,
    /** Error: the entry cannot be created at all (a non-directory named like the root). */
    CANNOT_CREATE,
    /** Error: a hard link whose first link was not created; the link fails. */
    HARDLINK_TARGET_MISSING,
    /**
     * Error: a hard link group split across a trailer: the kernel forgets links at each trailer, so
     * the links on the side without the data end up as separate empty files.
     */
    HARDLINK_SPLIT,
    /**
     * Info: a hard link group with fewer links than its link count and no data in its archive; its
     * files are empty (right only if the file is).
     */
    HARDLINK_NO_DATA,
    /** Info: a path listed again with the same type; the later entry wins. */
    DUPLICATE_PATH,
    /** Warning: a path listed again with another type; the earlier one is removed first. */
    DUPLICATE_TYPE_CHANGED,
    /**
     * Warning: a device, fifo or socket listed again with other device numbers; mknod fails on the
     * existing node, which stays, and only the later owner and mode apply.
     */
    DUPLICATE_NODE_KEPT,
    /** Error: an entry that would replace a non-empty directory; the directory cannot be removed and the entry fails. */
    REPLACE_NONEMPTY_DIRECTORY,
    /**
     * Error: a file for the kernel's early loaders (lib/earlycpio.c: {@code kernel/x86/microcode/*.bin},
     * {@code kernel/firmware/acpi/*}) outside the uncompressed archives at the start of the image,
     * where the early loader never looks.
     */
    EARLY_FILE_NOT_FIRST,
    /**
     * Error: an early-loader file whose name does not start exactly with {@code kernel/} (a
     * leading {@code ./} or {@code /}); the early loader compares names byte for byte.
     */
    EARLY_FILE_NAME
}
