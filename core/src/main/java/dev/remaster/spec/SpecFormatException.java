package dev.remaster.spec;

import dev.remaster.io.FormatException;

/**
 * A line of a gen_init_cpio file list that cannot be parsed. The message names the list, the line,
 * the column and the field in the style of compilers, so that editors can jump to it:
 * {@code initramfs.list:12:27: nod: <maj>: 'x' is not a decimal number}.
 *
 * <p>It extends {@link FormatException} rather than a bare {@link java.io.IOException}: a bad
 * list is malformed input describing an archive, and callers (the CLI's exit code 3 among them)
 * handle every malformed input through that one type. {@link #offset()} is -1: positions here are
 * lines and columns, not bytes.
 */
public class SpecFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    /** The line number, from 1. */
    private final int line;
    /** The column, from 1, or 0. */
    private final int column;
    /** The keyword of the line at fault, or null. */
    private final String keyword;

    /**
     * @param source the list's name (a file name), or {@code null}
     * @param line the 1-based line number
     * @param column the 1-based column (in characters) where the faulty field starts
     * @param keyword the line's keyword ({@code file}, {@code nod}...), or {@code null} when the
     *     keyword itself is at fault
     * @param field the field at fault, as gen_init_cpio's usage names it ({@code <maj>}), or {@code null}
     * @param entryName the entry's name when it was read before the fault, or {@code null}
     * @param detail what is wrong
     */
    public SpecFormatException(String source, int line, int column, String keyword, String field,
            String entryName, String detail) {
        super(source, -1, field, entryName, detail);
        this.line = line;
        this.column = column;
        this.keyword = keyword;
    }

    /**
     * The 1-based line number of the faulty line.
     *
     * @return the 1-based line number of the faulty line
     */
    public int line() {
        return line;
    }

    /**
     * The 1-based column where the faulty field starts.
     *
     * @return the 1-based column where the faulty field starts
     */
    public int column() {
        return column;
    }

    /**
     * The keyword of the faulty line, or {@code null} when the keyword is what is wrong.
     *
     * @return the keyword of the faulty line, or {@code null} when the keyword is what is wrong
     */
    public String keyword() {
        return keyword;
    }

    /** {@code source:line:column: keyword: field: detail}, leaving out the parts that are unknown. */
    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder();
        if (source() != null) {
            sb.append(source()).append(':');
        }
        sb.append(line).append(':').append(column).append(": ");
        if (keyword != null) {
            sb.append(keyword).append(": ");
        }
        if (field() != null) {
            sb.append(field()).append(": ");
        }
        return sb.append(detail()).toString();
    }
}
