package dev.remaster.io;

import java.io.IOException;

/**
 * Malformed or unsupported input, the neutral root of every format error Remaster reports (cpio,
 * compressed data, image layout, spec files), each of which carries where it happened: the source (a file name, when known), the
 * byte offset, the header field, and the entry name when it is known.
 *
 * <p>Offsets are positions in the file the user gave: for data inside a compressed segment they
 * are the position in the decompressed stream plus the segment's offset, and the message says so.
 */
public class FormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The file or stream read, or null when unknown. */
    private final String source;
    /** The byte offset of the fault, or -1 when unknown. */
    private final long offset;
    /** The header field at fault, or null. */
    private final String field;
    /** The entry being read, or null. */
    private final String entryName;
    /** What is wrong, without the entry and offset. */
    private final String detail;

    /**
     * @param source the file or stream being read, or {@code null} when unknown
     * @param offset the byte offset at which the problem was found, or -1 when unknown
     * @param field the header field at fault (such as {@code c_namesize}), or {@code null}
     * @param entryName the name of the entry at fault, or {@code null} when not yet known
     * @param detail what is wrong, in a few words
     */
    public FormatException(String source, long offset, String field, String entryName, String detail) {
        this(source, offset, field, entryName, detail, null);
    }

    /**
     * As {@link #FormatException(String, long, String, String, String)}, with a cause.
     *
     * @param source where the data comes from
     * @param offset the byte offset
     * @param field the header field at fault, or null
     * @param entryName the entry name
     * @param detail the detail
     * @param cause the underlying error
     */
    public FormatException(
            String source, long offset, String field, String entryName, String detail, Throwable cause) {
        super(format(source, offset, field, entryName, detail), cause);
        this.source = source;
        this.offset = offset;
        this.field = field;
        this.entryName = entryName;
        this.detail = detail;
    }

    private static String format(String source, long offset, String field, String entryName, String detail) {
        StringBuilder where = new StringBuilder();
        if (offset >= 0) {
            where.append("at offset ").append(offset).append(" (0x").append(Long.toHexString(offset).toUpperCase()).append(')');
        }
        if (entryName != null) {
            where.append(where.length() > 0 ? ", " : "").append("entry '").append(entryName).append('\'');
        }
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source).append(": ");
        }
        if (where.length() > 0) {
            sb.append(where).append(": ");
        }
        if (field != null) {
            sb.append(field).append(": ");
        }
        sb.append(detail);
        return sb.toString();
    }

    /**
     * The file or stream being read, or {@code null} when the caller did not name it.
     *
     * @return the file or stream being read, or {@code null} when the caller did not name it
     */
    public String source() {
        return source;
    }

    /**
     * The byte offset of the problem in the source, or -1 when unknown.
     *
     * @return the byte offset of the problem in the source, or -1 when unknown
     */
    public long offset() {
        return offset;
    }

    /**
     * The header field at fault, such as {@code c_filesize}, or {@code null}.
     *
     * @return the header field at fault, such as {@code c_filesize}, or {@code null}
     */
    public String field() {
        return field;
    }

    /**
     * The name of the entry at fault, or {@code null} when it is not known.
     *
     * @return the name of the entry at fault, or {@code null} when it is not known
     */
    public String entryName() {
        return entryName;
    }

    /**
     * The bare description of the problem, without the location.
     *
     * @return the bare description of the problem, without the location
     */
    public String detail() {
        return detail;
    }
}
