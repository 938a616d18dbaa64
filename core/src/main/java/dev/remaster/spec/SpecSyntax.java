package dev.remaster.spec;

/**
 * The lexical rules of gen_init_cpio file lists, shared by the parser, the line records and the
 * writer: what separates fields, what a field may hold, how numbers are spelled.
 */
final class SpecSyntax {
    /** The largest value of a 32-bit header field, which bounds uids, gids and device numbers. */
    static final long MAX_U32 = 0xFFFFFFFFL;

    private SpecSyntax() {
    }

    /**
     * Whether {@code c} separates fields. gen_init_cpio reads fields with sscanf's {@code %s}, which
     * stops at the C locale's isspace characters: these six, and nothing else.
     */
    static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** Why {@code value} cannot be one field of a line, or {@code null} when it can. */
    static String whyNotToken(String value) {
        if (value.isEmpty()) {
            return "is empty";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isSeparator(c)) {
                return "contains " + describe(c) + ", which gen_init_cpio reads as a field separator";
            }
            if (c == 0) {
                return "contains a NUL character";
            }
        }
        return null;
    }

    /** {@code value}, checked to be writable as one field; {@code what} names it in the error. */
    static String requireToken(String what, String value) {
        if (value == null) {
            throw new NullPointerException(what);
        }
        String why = whyNotToken(value);
        if (why != null) {
            throw new IllegalArgumentException(what + " '" + printable(value) + "' " + why);
        }
        return value;
    }

    /** The checks every line makes of the fields it shares with the others. */
    static void requireNode(String name, int permissions, long uid, long gid) {
        requireToken("name", name);
        requirePermissions(permissions);
        requireU32("uid", uid);
        requireU32("gid", gid);
    }

    /** {@code <keyword> <name> <mode> <uid> <gid>}, the start that most lines share. */
    static String nodeLine(String keyword, String name, int permissions, long uid, long gid) {
        return keyword + ' ' + name + ' ' + octal(permissions) + ' ' + uid + ' ' + gid;
    }

    static int requirePermissions(int permissions) {
        if ((permissions & ~07777) != 0) {
            throw new IllegalArgumentException("permissions (0" + Integer.toOctalString(permissions)
                    + ") may hold only the bits of 07777");
        }
        return permissions;
    }

    static long requireU32(String what, long value) {
        if (value < 0 || value > MAX_U32) {
            throw new IllegalArgumentException(what + " (" + value + ") must be in 0.." + MAX_U32);
        }
        return value;
    }

    /** Permission bits as gen_init_cpio lists spell them: octal, at least four digits ({@code 0755}). */
    static String octal(int permissions) {
        return String.format("%04o", permissions);
    }

    /** {@code s} with control characters shown as escapes, for messages. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\t': sb.append("\\t"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                default:
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.toString();
    }

    private static String describe(char c) {
        switch (c) {
            case ' ': return "a space";
            case '\t': return "a tab";
            case '\n': return "a newline";
            case '\r': return "a carriage return";
            case '\f': return "a form feed";
            default: return "a vertical tab";
        }
    }
}
