package dev.remaster.cli;

/** The little JSON the commands print: strings escaped by RFC 8259. */
final class Json {
    private Json() {
    }

    /** An enum constant as every command writes it: lower case ({@code char_device}, {@code newc}). */
    static String value(Enum<?> e) {
        return string(e.name().toLowerCase(java.util.Locale.ROOT));
    }

    static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
