package dev.remaster.extract;

/**
 * An archive went over one of the resource limits of {@link ExtractOptions}: total bytes, entries,
 * name size, symbolic link target size or path depth. The message names the limit and the option
 * that raises it.
 *
 * <p>This is an {@link ExtractException} (so an {@link java.io.IOException}) and deliberately not a
 * {@link dev.remaster.cpio.CpioFormatException}: the archive is well formed, and a caller who trusts
 * it can raise the limit and extract it. Reporting it as a format error would tell the user the
 * file is damaged when it is not.
 */
public final class ExtractLimitException extends ExtractException {
    private static final long serialVersionUID = 1L;

    /** The limit exceeded, named as its option. */
    private final String limit;
    /** The value that exceeded it. */
    private final long value;

    /**
     * @param entryName the entry that went over the limit
     * @param headerOffset where its header starts, or -1
     * @param limit the name of the {@link ExtractOptions} component, such as {@code maxTotalBytes}
     * @param value the limit in force
     * @param detail what went over it
     */
    public ExtractLimitException(String entryName, long headerOffset, String limit, long value, String detail) {
        super(entryName, headerOffset, detail + ": over the limit of " + value + " (ExtractOptions." + limit
                + "; raise it with ExtractOptions.with" + Character.toUpperCase(limit.charAt(0))
                + limit.substring(1) + " if the archive is trusted)", null);
        this.limit = limit;
        this.value = value;
    }

    /**
     * The name of the {@link ExtractOptions} component that was exceeded, such as {@code maxDepth}.
     *
     * @return the name of the {@link ExtractOptions} component that was exceeded, such as {@code maxDepth}
     */
    public String limit() {
        return limit;
    }

    /**
     * The value of that limit.
     *
     * @return the value of that limit
     */
    public long value() {
        return value;
    }
}
