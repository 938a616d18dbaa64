package dev.remaster.squashfs;

import java.io.IOException;

/**
 * A squashfs image that is malformed, truncated, past a limit, or uses a feature this reader
 * does not support. The message is one line naming the source, the byte offset in the image,
 * the entry when known and what is wrong.
 */
public class SquashfsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    /**
     * @param source the image's name, or {@code null}
     * @param offset the byte offset in the image where the problem was found, or -1
     * @param entry the entry's path or inode, or {@code null}
     * @param detail what is wrong, in a few words
     */
    public SquashfsFormatException(String source, long offset, String entry, String detail) {
        this(source, offset, entry, detail, null);
    }

    /** As {@link #SquashfsFormatException(String, long, String, String)}, with a cause. */
    public SquashfsFormatException(String source, long offset, String entry, String detail, Throwable cause) {
        super(format(source, offset, entry, detail), cause);
        this.offset = offset;
    }

    /** The byte offset in the image where the problem was found, or -1 when unknown. */
    public long offset() {
        return offset;
    }

    private static String format(String source, long offset, String entry, String detail) {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source).append(": ");
        }
        if (offset >= 0) {
            sb.append("at offset ").append(offset).append(" (0x").append(Long.toHexString(offset).toUpperCase()).append("): ");
        }
        if (entry != null) {
            sb.append("entry '").append(entry).append("': ");
        }
        return sb.append(detail).toString();
    }
}
