package dev.remaster.kernel;

import java.util.Objects;

/**
 * One thing {@link KernelLint} found: what the kernel's unpacker would do with a part of an image.
 *
 * @param severity how much it matters
 * @param code the stable identifier of the rule
 * @param segment the index, in the image's segment list, of the segment concerned; -1 for the
 *     image as a whole
 * @param entryName the entry concerned (as decoded from its name bytes), or {@code null} for a
 *     segment or member finding
 * @param offset where it is: a position in the file; inside a compressed segment, the segment's
 *     offset plus the position in its decompressed bytes (as in {@link
 *     dev.remaster.cpio.CpioFormatException}); -1 when not known
 * @param message what the kernel would do, in a sentence
 */
public record Finding(Severity severity, LintCode code, int segment, String entryName, long offset, String message) {
    /**
     * Checks the components.
     *
     * @param severity how much it matters
     * @param code the stable identifier of the rule
     * @param segment the index, in the image's segment list, of the segment concerned; -1 for the
     *     image as a whole
     * @param entryName the entry concerned (as decoded from its name bytes), or {@code null} for a
     *     segment or member finding
     * @param offset where it is: a position in the file; inside a compressed segment, the segment's
     *     offset plus the position in its decompressed bytes (as in {@link
     *     dev.remaster.cpio.CpioFormatException}); -1 when not known
     * @param message what the kernel would do, in a sentence
     */
    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** One line: severity, code, location and message, such as {@code ERROR PARENT_MISSING [1] 'a/b' @0x200: ...}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(severity).append(' ').append(code);
        if (segment >= 0) {
            sb.append(" [segment ").append(segment).append(']');
        }
        if (entryName != null) {
            sb.append(" '").append(entryName).append('\'');
        }
        if (offset >= 0) {
            sb.append(" @0x").append(Long.toHexString(offset).toUpperCase(java.util.Locale.ROOT));
        }
        return sb.append(": ").append(message).toString();
    }
}
