package dev.remaster.extract;

import dev.remaster.cpio.Limits;

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
     * @param limit the name of the limit: a {@link Limits} component, such as {@code maxTotalBytes},
     *     or {@code maxDepth} of {@link ExtractOptions}
     * @param value the limit in force
     * @param detail what went over it
     */
    public ExtractLimitException(String entryName, long headerOffset, String limit, long value, String detail) {
        super(entryName, headerOffset, detail + ": over the limit of " + value + " (" + owner(limit) + "." + limit
                + "; raise it with " + raiser(limit) + " if the archive is trusted)", null);
        this.limit = limit;
        this.value = value;
    }

    /** The method that raises {@code limit}. */
    private static String raiser(String limit) {
        return limit.equals("maxDepth") ? "ExtractOptions.Builder.maxDepth"
                : "Limits.with" + Character.toUpperCase(limit.charAt(0)) + limit.substring(1);
    }

    /** The record that holds {@code limit}: {@code maxDepth} is the extraction's own. */
    private static String owner(String limit) {
        return limit.equals("maxDepth") ? "ExtractOptions" : "Limits";
    }

    /**
     * The name of the limit that was exceeded: a {@link Limits} component such as
     * {@code maxTotalBytes}, or {@code maxDepth}.
     *
     * @return the name of the limit that was exceeded
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
