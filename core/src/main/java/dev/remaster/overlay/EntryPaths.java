package dev.remaster.overlay;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Maps cpio entry names to absolute paths of the edit view and back. Archives spell names
 * {@code etc/passwd}, {@code ./etc/passwd} or {@code /etc/passwd}; all three mean {@code /etc/passwd}
 * to the kernel. {@code .} is the root.
 */
final class EntryPaths {
    private EntryPaths() {
    }

    /**
     * The absolute path for a raw name, or {@code null} when the view cannot show it faithfully:
     * names that are not UTF-8, or that have {@code ..} components (which the kernel would follow
     * out of place; such entries are kept as they are and never shown).
     */
    static String toPath(byte[] rawName) {
        String name;
        try {
            name = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(rawName)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                return null;
            }
            out.append('/').append(part);
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    /** The spelling of names in a segment: what precedes the relative path. */
    enum Style {
        BARE(""), DOT("./"), SLASH("/");

        final String prefix;

        Style(String prefix) {
            this.prefix = prefix;
        }

        static Style of(String name) {
            if (name.startsWith("./")) {
                return DOT;
            }
            if (name.startsWith("/")) {
                return SLASH;
            }
            return BARE;
        }

        /** The entry name for an absolute view path, in this style. */
        String nameFor(String path) {
            if (path.equals("/")) {
                return ".";
            }
            return prefix + path.substring(1);
        }
    }
}
