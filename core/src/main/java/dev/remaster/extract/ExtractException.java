package dev.remaster.extract;

import java.io.IOException;

/**
 * Extraction stopped at one entry: a name policy set to fail, a limit (see
 * {@link ExtractLimitException}), or a file system error while creating or writing the entry.
 * The message names the entry and the offset of its header in the archive.
 *
 * <p>Entries refused for safety under the default policies do not throw: they are skipped and
 * listed in {@link ExtractReport#skipped()}.
 */
public class ExtractException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The entry being read, or null. */
    private final String entryName;
    /** The byte offset of the entry's header, or -1. */
    private final long headerOffset;
    /** What is wrong, without the entry and offset. */
    private final String detail;

    /**
     * @param entryName the entry's name as stored in the archive
     * @param headerOffset where its header starts in the archive, or -1 when unknown
     * @param detail what went wrong, in a few words
     * @param cause the underlying error, or {@code null}
     */
    public ExtractException(String entryName, long headerOffset, String detail, Throwable cause) {
        super(format(entryName, headerOffset, detail), cause);
        this.entryName = entryName;
        this.headerOffset = headerOffset;
        this.detail = detail;
    }

    static String format(String entryName, long headerOffset, String detail) {
        StringBuilder sb = new StringBuilder("entry '").append(entryName).append('\'');
        if (headerOffset >= 0) {
            sb.append(" (header at offset ").append(headerOffset)
                    .append(", 0x").append(Long.toHexString(headerOffset).toUpperCase()).append(')');
        }
        return sb.append(": ").append(detail).toString();
    }

    /**
     * The name of the entry at fault, as stored in the archive.
     *
     * @return the name of the entry at fault, as stored in the archive
     */
    public String entryName() {
        return entryName;
    }

    /**
     * Where the entry's header starts in the archive, or -1 when unknown.
     *
     * @return where the entry's header starts in the archive, or -1 when unknown
     */
    public long headerOffset() {
        return headerOffset;
    }

    /**
     * The bare description of the problem, without the entry.
     *
     * @return the bare description of the problem, without the entry
     */
    public String detail() {
        return detail;
    }
}
