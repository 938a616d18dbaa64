package dev.remaster.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Names as shown to a person: every byte as stored (as {@code cpio -t} prints it, so a Latin-1
 * name shows as the terminal decodes it), except control characters, which are escaped the way
 * {@code ls -b} does ({@code \n}, {@code \t}, {@code \033}) so that a name cannot move the cursor,
 * change colours or forge a line of output. A backslash is kept as it is, as {@code cpio -t} does.
 */
final class HumanText {
    private HumanText() {
    }

    /** {@code name}'s bytes with control characters escaped. */
    static byte[] escape(byte[] name) {
        ByteArrayOutputStream out = null;
        for (int i = 0; i < name.length; i++) {
            int b = name[i] & 0xff;
            if (isControl(b)) {
                if (out == null) {
                    out = new ByteArrayOutputStream(name.length + 8);
                    out.write(name, 0, i);
                }
                out.writeBytes(escapeOf(b).getBytes(StandardCharsets.US_ASCII));
            } else if (out != null) {
                out.write(b);
            }
        }
        return out == null ? name : out.toByteArray();
    }

    /** {@code text} with control characters escaped, for messages and other text lines. */
    static String escape(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80 && isControl(c)) {
                if (sb == null) {
                    sb = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                sb.append(escapeOf(c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }

    private static boolean isControl(int b) {
        return b < 0x20 || b == 0x7f;
    }

    private static String escapeOf(int b) {
        return switch (b) {
            case '\n' -> "\\n";
            case '\t' -> "\\t";
            case '\r' -> "\\r";
            case 0x07 -> "\\a";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            case 0x0b -> "\\v";
            default -> String.format("\\%03o", b);
        };
    }
}
