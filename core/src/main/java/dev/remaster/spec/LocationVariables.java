package dev.remaster.spec;

import java.util.Map;

/**
 * gen_init_cpio's expansion of {@code ${VAR}} in the location field of {@code file} lines (and only
 * there: names and link targets are taken as written).
 *
 * <p>What gen_init_cpio does, and what is kept: each {@code ${NAME}} closed by the first following
 * <code>}</code> is replaced by the variable's value, or by nothing when it is unset; {@code $NAME}
 * without braces and a <code>${</code> that is never closed are left as they are; there is no escape.
 *
 * <p>One deliberate difference: gen_init_cpio searches again from the start of the string after
 * each replacement, so a value that itself holds {@code ${...}} is expanded in turn (and a value
 * that names its own variable never ends). Here the text is read once from left to right and
 * values are inserted as they are.
 */
final class LocationVariables {
    private LocationVariables() {
    }

    /** {@code location} with every {@code ${NAME}} replaced from {@code environment}. */
    static String expand(String location, Map<String, String> environment) {
        int start = location.indexOf("${");
        if (start < 0) {
            return location;
        }
        StringBuilder sb = new StringBuilder(location.length() + 32);
        int from = 0;
        while (start >= 0) {
            int end = location.indexOf('}', start + 2);
            if (end < 0) {
                break;
            }
            sb.append(location, from, start);
            String value = environment.get(location.substring(start + 2, end));
            if (value != null) {
                sb.append(value);
            }
            from = end + 1;
            start = location.indexOf("${", from);
        }
        return sb.append(location, from, location.length()).toString();
    }

    /** Whether {@link #expand} would change {@code location} for some environment. */
    static boolean wouldExpand(String location) {
        int start = location.indexOf("${");
        return start >= 0 && location.indexOf('}', start + 2) >= 0;
    }
}
