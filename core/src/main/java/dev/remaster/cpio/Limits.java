package dev.remaster.cpio;

/**
 * The bounds that keep a hostile or broken archive from costing unbounded memory, time or disk:
 * the one set of limits that reading ({@link ReadOptions#limits()}) and extracting
 * ({@code ExtractOptions.limits()}) both apply, so that raising a limit for a job raises it
 * everywhere the job meets it.
 *
 * <pre>{@code
 * Limits limits = Limits.defaults().withMaxEntries(20_000_000);
 * ReadOptions read = ReadOptions.defaults().withLimits(limits);
 * }</pre>
 *
 * @param maxNameSize the largest name accepted, in bytes with its terminating NUL as
 *     {@code c_namesize} counts it
 * @param maxLinkTargetSize the largest symbolic link target accepted, in bytes as stored
 * @param maxEntries the most entries one archive reader returns, or one extraction writes
 * @param maxTotalBytes the most bytes: of cpio data one reader goes through (headers, data and
 *     padding; the bound on a decompression bomb's cost in time), of file data one extraction
 *     writes (the bound on the disk it fills)
 */
public record Limits(int maxNameSize, int maxLinkTargetSize, long maxEntries, long maxTotalBytes) {

    /** The kernel's {@code PATH_MAX}, NUL included: the longest name or link target it unpacks. */
    public static final int KERNEL_PATH_MAX = 4096;
    /** Default {@link #maxNameSize()} and {@link #maxLinkTargetSize()} for reading: 64 KiB, far above the kernel's 4096 yet harmless. */
    public static final int DEFAULT_MAX_NAME_SIZE = 64 * 1024;
    /** Default {@link #maxEntries()}: ten million. */
    public static final long DEFAULT_MAX_ENTRIES = 10_000_000L;
    /** Default {@link #maxTotalBytes()}: 64 GiB, far above any initramfs. */
    public static final long DEFAULT_MAX_TOTAL_BYTES = 64L << 30;

    /**
     * Checks the components.
     *
     * @param maxNameSize the largest name, NUL included; at least 1
     * @param maxLinkTargetSize the largest link target; at least 1
     * @param maxEntries the most entries; at least 1
     * @param maxTotalBytes the most bytes; at least 1
     * @throws IllegalArgumentException if a limit is below 1
     */
    public Limits {
        requirePositive("maxNameSize", maxNameSize);
        requirePositive("maxLinkTargetSize", maxLinkTargetSize);
        requirePositive("maxEntries", maxEntries);
        requirePositive("maxTotalBytes", maxTotalBytes);
    }

    /**
     * The reader's defaults: names and link targets up to 64 KiB (any archive the kernel unpacks,
     * and some it does not, can be read, listed and repaired), ten million entries, 64 GiB.
     *
     * @return the default limits for reading
     */
    public static Limits defaults() {
        return new Limits(DEFAULT_MAX_NAME_SIZE, DEFAULT_MAX_NAME_SIZE, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_TOTAL_BYTES);
    }

    /**
     * The kernel's bounds for names and link targets ({@value #KERNEL_PATH_MAX} bytes), with the
     * default entry and byte limits: what an extraction writes to disk by default.
     *
     * @return limits with names and link targets at the kernel's {@code PATH_MAX}
     */
    public static Limits kernel() {
        return new Limits(KERNEL_PATH_MAX, KERNEL_PATH_MAX, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_TOTAL_BYTES);
    }

    /**
     * These limits with {@code maxNameSize}.
     *
     * @param maxNameSize the largest name, in bytes with its NUL
     * @return these limits with {@code maxNameSize}
     */
    public Limits withMaxNameSize(int maxNameSize) {
        return new Limits(maxNameSize, maxLinkTargetSize, maxEntries, maxTotalBytes);
    }

    /**
     * These limits with {@code maxLinkTargetSize}.
     *
     * @param maxLinkTargetSize the largest symbolic link target, in bytes
     * @return these limits with {@code maxLinkTargetSize}
     */
    public Limits withMaxLinkTargetSize(int maxLinkTargetSize) {
        return new Limits(maxNameSize, maxLinkTargetSize, maxEntries, maxTotalBytes);
    }

    /**
     * These limits with {@code maxEntries}.
     *
     * @param maxEntries the most entries
     * @return these limits with {@code maxEntries}
     */
    public Limits withMaxEntries(long maxEntries) {
        return new Limits(maxNameSize, maxLinkTargetSize, maxEntries, maxTotalBytes);
    }

    /**
     * These limits with {@code maxTotalBytes}.
     *
     * @param maxTotalBytes the most bytes
     * @return these limits with {@code maxTotalBytes}
     */
    public Limits withMaxTotalBytes(long maxTotalBytes) {
        return new Limits(maxNameSize, maxLinkTargetSize, maxEntries, maxTotalBytes);
    }

    private static void requirePositive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " (" + value + ") must be at least 1");
        }
    }
}
