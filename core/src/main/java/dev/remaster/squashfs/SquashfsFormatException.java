package dev.remaster.squashfs;

import dev.remaster.io.FormatException;

/**
 * A squashfs image that is malformed, truncated, past a limit, or uses a feature this reader
 * does not support. The message is one line naming the source, the byte offset in the image,
 * the entry when known and what is wrong.
 */
public class SquashfsFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source the image's name, or {@code null}
     * @param offset the byte offset in the image where the problem was found, or -1
     * @param entry the entry's path or inode, or {@code null}
     * @param detail what is wrong, in a few words
     */
    public SquashfsFormatException(String source, long offset, String entry, String detail) {
        this(source, offset, entry, detail, null);
    }

    /**
     * As {@link #SquashfsFormatException(String, long, String, String)}, with a cause.
     *
     * @param source where the data comes from
     * @param offset the byte offset
     * @param entry the entry
     * @param detail the detail
     * @param cause the underlying error
     */
    public SquashfsFormatException(String source, long offset, String entry, String detail, Throwable cause) {
        super(source, offset, null, entry, detail, cause);
    }
}
