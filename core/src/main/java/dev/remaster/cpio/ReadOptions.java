package dev.remaster.cpio;

/**
 * How a {@link CpioReader} reads: what to call the source in errors, where the stream sits in the
 * file, what to check, and the limits that bound the memory one header may cost.
 *
 * @param sourceName the file or stream named in errors, or {@code null}
 * @param baseOffset added to every reported offset: where the stream starts in the file
 * @param verifyChecksums whether {@link CpioFormat#CRC} data sums are checked (on by default)
 * @param stopAtForeignData whether to end quietly, after a trailer and its NUL padding, at bytes
 *     that do not start an archive at a 4-aligned offset; the way the kernel hands over to the next
 *     (compressed) member of an initramfs; also, as the kernel, to end quietly where the input stops
 *     after a whole entry without a trailer ({@link CpioReader#endedWithoutTrailer()}). Off by
 *     default: both are errors.
 * @param maxNameSize the largest {@code c_namesize} accepted, NUL included
 * @param maxLinkTargetSize the largest symbolic link target accepted, in bytes
 * @param maxEntries the most entries (trailers included) one reader returns
 * @param maxTotalBytes the most bytes of cpio data one reader goes through (headers, data and
 *     padding): the bound on a decompression bomb's cost in time
 */
public record ReadOptions(
        String sourceName,
        long baseOffset,
        boolean verifyChecksums,
        boolean stopAtForeignData,
        int maxNameSize,
        int maxLinkTargetSize,
        long maxEntries,
        long maxTotalBytes) {

    /** Default {@link #maxNameSize()}: 64 KiB, far above the kernel's 4096 yet harmless. */
    public static final int DEFAULT_MAX_NAME_SIZE = 64 * 1024;
    /** Default {@link #maxLinkTargetSize()}: 64 KiB. */
    public static final int DEFAULT_MAX_LINK_TARGET_SIZE = 64 * 1024;
    /** Default {@link #maxEntries()}: ten million. */
    public static final long DEFAULT_MAX_ENTRIES = 10_000_000L;
    /** Default {@link #maxTotalBytes()}: 64 GiB, far above any initramfs. */
    public static final long DEFAULT_MAX_TOTAL_BYTES = 64L << 30;

    /**
     * Checks the components.
     *
     * @param sourceName the file or stream named in errors, or {@code null}
     * @param baseOffset added to every reported offset: where the stream starts in the file
     * @param verifyChecksums whether {@link CpioFormat#CRC} data sums are checked (on by default)
     * @param stopAtForeignData whether to end quietly, after a trailer and its NUL padding, at bytes
     *     that do not start an archive at a 4-aligned offset; the way the kernel hands over to the next
     *     (compressed) member of an initramfs, and where the input stops after a whole entry without a
     *     trailer. Off by default: both are errors.
     * @param maxNameSize the largest {@code c_namesize} accepted, NUL included
     * @param maxLinkTargetSize the largest symbolic link target accepted, in bytes
     * @param maxEntries the most entries (trailers included) one reader returns
     * @param maxTotalBytes the most bytes of cpio data one reader goes through (headers, data and
     *     padding): the bound on a decompression bomb's cost in time
     * @throws IllegalArgumentException if a component is out of range
     */
    public ReadOptions {
        if (baseOffset < 0) {
            throw new IllegalArgumentException("baseOffset (" + baseOffset + ") may not be negative");
        }
        if (maxNameSize < 1) {
            throw new IllegalArgumentException("maxNameSize (" + maxNameSize + ") must be at least 1");
        }
        if (maxLinkTargetSize < 0) {
            throw new IllegalArgumentException("maxLinkTargetSize (" + maxLinkTargetSize + ") may not be negative");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries (" + maxEntries + ") must be at least 1");
        }
        if (maxTotalBytes < 1) {
            throw new IllegalArgumentException("maxTotalBytes (" + maxTotalBytes + ") must be at least 1");
        }
    }

    /**
     * Checks on, limits at their defaults, no source name, offset 0.
     *
     * @return the read options
     */
    public static ReadOptions defaults() {
        return new ReadOptions(null, 0, true, false,
                DEFAULT_MAX_NAME_SIZE, DEFAULT_MAX_LINK_TARGET_SIZE, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_TOTAL_BYTES);
    }

    /**
     * These options with {@code sourceName}.
     *
     * @param sourceName the name of the input, for messages
     * @return these options with {@code sourceName}
     */
    public ReadOptions withSourceName(String sourceName) {
        return new ReadOptions(sourceName, baseOffset, verifyChecksums, stopAtForeignData,
                maxNameSize, maxLinkTargetSize, maxEntries, maxTotalBytes);
    }

    /**
     * These options with {@code baseOffset}.
     *
     * @param baseOffset the base offset
     * @return these options with {@code baseOffset}
     */
    public ReadOptions withBaseOffset(long baseOffset) {
        return new ReadOptions(sourceName, baseOffset, verifyChecksums, stopAtForeignData,
                maxNameSize, maxLinkTargetSize, maxEntries, maxTotalBytes);
    }

    /**
     * These options with {@code verifyChecksums}.
     *
     * @param verifyChecksums whether verify checksums
     * @return these options with {@code verifyChecksums}
     */
    public ReadOptions withVerifyChecksums(boolean verifyChecksums) {
        return new ReadOptions(sourceName, baseOffset, verifyChecksums, stopAtForeignData,
                maxNameSize, maxLinkTargetSize, maxEntries, maxTotalBytes);
    }

    /**
     * These options with {@code stopAtForeignData}.
     *
     * @param stopAtForeignData whether stop at foreign data
     * @return these options with {@code stopAtForeignData}
     */
    public ReadOptions withStopAtForeignData(boolean stopAtForeignData) {
        return new ReadOptions(sourceName, baseOffset, verifyChecksums, stopAtForeignData,
                maxNameSize, maxLinkTargetSize, maxEntries, maxTotalBytes);
    }

    /**
     * These options with {@code maxNameSize}.
     *
     * @param maxNameSize the max name size
     * @return these options with {@code maxNameSize}
     */
    public ReadOptions withMaxNameSize(int maxNameSize) {
        return new ReadOptions(sourceName, baseOffset, verifyChecksums, stopAtForeignData,
                maxNameSize, maxLinkTargetSize, maxEntries, maxTotalBytes);
    }

    /**
     * These options with {@code maxLinkTargetSize}.
     *
     * @param maxLinkTargetSize the max link target size
     * @return these options with {@code maxLinkTargetSize}
     */
    public ReadOptions withMaxLinkTargetSize(int maxLinkTargetSize) {
        return new ReadOptions(sourceName, baseOffset, verifyChecksums, stopAtForeignData,
                maxNameSize, maxLinkTargetSize, maxEntries, maxTotalBytes);
    }

    /**
     * These options with {@code maxEntries}.
     *
     * @param maxEntries the max entries
     * @return these options with {@code maxEntries}
     */
    public ReadOptions withMaxEntries(long maxEntries) {
        return new ReadOptions(sourceName, baseOffset, verifyChecksums, stopAtForeignData,
                maxNameSize, maxLinkTargetSize, maxEntries, maxTotalBytes);
    }

    /**
     * These options with {@code maxTotalBytes}.
     *
     * @param maxTotalBytes the max total bytes
     * @return these options with {@code maxTotalBytes}
     */
    public ReadOptions withMaxTotalBytes(long maxTotalBytes) {
        return new ReadOptions(sourceName, baseOffset, verifyChecksums, stopAtForeignData,
                maxNameSize, maxLinkTargetSize, maxEntries, maxTotalBytes);
    }
}
