package dev.remaster.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the library's option names in a message ({@code ExtractOptions.restoreSpecialBits}) as
 * the command-line options a user of the command can give ({@code --special-bits}).
 */
final class OptionNames {
    private static final Map<String, String> PHRASES = new LinkedHashMap<>();

    static {
        PHRASES.put("(ExtractOptions.rootFileSystem)", "(give --rootfs)");
        PHRASES.put("(ExtractOptions.restoreSpecialBits)", "(give --special-bits)");
        PHRASES.put("(ExtractOptions.restoreOwners)", "(--no-owners was given)");
        PHRASES.put("(ExtractOptions.restoreDevices)", "(--no-devices was given)");
        PHRASES.put("(ExtractOptions.dotDot is FAIL)", "(--dot-dot fail)");
        PHRASES.put("(ExtractOptions.absoluteNames is FAIL)", "(--absolute-names fail)");
        PHRASES.put("(ExtractOptions.overwrite is KEEP_EXISTING)", "(it is kept)");
    }

    private static final Pattern LIMIT = Pattern.compile(
            "\\((?:ExtractOptions|Limits)\\.(\\w+); raise it with (?:ExtractOptions\\.Builder\\.|Limits\\.with)\\w+ if the archive is trusted\\)");
    /** A reader's limit ({@code CpioReader}): only {@code extract} has options to raise them. */
    private static final Pattern READ_LIMIT = Pattern.compile("\\(raise Limits\\.(\\w+) to read it\\)");

    private static final Map<String, String> LIMIT_OPTIONS = Map.of("maxTotalBytes", "--max-bytes",
            "maxEntries", "--max-entries", "maxNameSize", "--max-name-size",
            "maxLinkTargetSize", "--max-link-target-size", "maxDepth", "--max-depth");

    private OptionNames() {
    }

    /** {@code message} with every library option name replaced by its command-line form. */
    static String forCommandLine(String message) {
        String m = message;
        for (Map.Entry<String, String> e : PHRASES.entrySet()) {
            m = m.replace(e.getKey(), e.getValue());
        }
        m = LIMIT.matcher(m).replaceAll(r -> Matcher.quoteReplacement(LIMIT_OPTIONS.containsKey(r.group(1))
                ? "(raise it with " + LIMIT_OPTIONS.get(r.group(1)) + " if the archive is trusted)"
                : "(a limit of the command, to refuse hostile archives)"));
        return READ_LIMIT.matcher(m).replaceAll(r -> Matcher.quoteReplacement(LIMIT_OPTIONS.containsKey(r.group(1))
                ? "(remaster extract raises it with " + LIMIT_OPTIONS.get(r.group(1)) + ")"
                : "(a limit of the command, to refuse hostile archives)"));
    }
}
