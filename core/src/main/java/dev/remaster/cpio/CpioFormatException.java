package dev.remaster.cpio;

import dev.remaster.io.FormatException;

/** A malformed or unsupported cpio archive: a header, a name or the data of an entry. */
public class CpioFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source the file or stream being read, or {@code null} when unknown
     * @param offset the byte offset at which the problem was found, or -1 when unknown
     * @param field the header field at fault (such as {@code c_namesize}), or {@code null}
     * @param entryName the name of the entry at fault, or {@code null} when not yet known
     * @param detail what is wrong, in a few words
     */
    public CpioFormatException(String source, long offset, String field, String entryName, String detail) {
        super(source, offset, field, entryName, detail);
    }

    /**
     * As {@link #CpioFormatException(String, long, String, String, String)}, with a cause.
     *
     * @param source where the data comes from
     * @param offset the byte offset
     * @param field the header field at fault, or null
     * @param entryName the entry name
     * @param detail the detail
     * @param cause the underlying error
     */
    public CpioFormatException(
            String source, long offset, String field, String entryName, String detail, Throwable cause) {
        super(source, offset, field, entryName, detail, cause);
    }
}
