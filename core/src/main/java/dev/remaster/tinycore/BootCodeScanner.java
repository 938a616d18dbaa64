package dev.remaster.tinycore;

import dev.remaster.overlay.EditableImage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the boot codes an image's shell scripts read from the kernel command line, the ways
 * Tiny Core's scripts read them:
 * <ul>
 * <li>{@code case} patterns inside a loop over the command line's words
 *     ({@code for i in `cat /proc/cmdline`; do case $i in tce=*) ...; noswap) ...}): {@code name=*}
 *     and {@code name*} read a value, a bare {@code name} a flag;
 * <li>{@code getbootparam name} (a value) and {@code checkbootparam name} (a flag), the functions of
 *     {@code /etc/init.d/tc-functions};
 * <li>{@code grep ... name /proc/cmdline} and {@code ... /proc/cmdline | grep name} (a flag, or a
 *     value when the pattern ends in {@code =}); {@code $CMDLINE} counts as the command line.
 * </ul>
 * A file is read when it is a regular file of at most 256 KiB with no NUL byte that mentions
 * {@code cmdline} or {@code bootparam}: scripts, and the sourced function files that have no
 * {@code #!} line.
 */
final class BootCodeScanner {
    private static final long MAX_SIZE = 256 * 1024;

    private static final String NAME = "[A-Za-z][A-Za-z0-9_.-]*";
    private static final String CMDLINE = "(?:/proc/cmdline|\\$\\{?CMDLINE\\}?)";
    private static final Pattern FOR_CMDLINE = Pattern.compile("(?:^|[;&|]\\s*)for\\s+\\w+\\s+in\\s.*" + CMDLINE);
    private static final Pattern LOOP_OPEN = Pattern.compile("(?:^|[;&|(){]\\s*|\\b(?:do|then|else)\\s+)(?:for|while|until)\\s");
    private static final Pattern LOOP_CLOSE = Pattern.compile("(?<![\\w-])done(?![\\w-])");
    private static final Pattern CASE_PATTERN = Pattern.compile("^\\(?\\s*([A-Za-z0-9_.*=\"'|\\s-]+?)\\s*\\)");
    private static final Pattern ALTERNATIVE = Pattern.compile("(" + NAME + ")(=[^*]*\\*?|\\*)?");
    private static final Pattern FUNCTION_CALL = Pattern.compile("(?<![\\w-])(getbootparam|checkbootparam)\\s+[\"']?(" + NAME + ")");
    private static final Pattern GREP_FILE = Pattern.compile(
            "(?<![\\w-])(?:[ef]?grep|stringinfile)\\s+(?:-{1,2}[\\w-]+\\s+)*[\"']?(" + NAME + "=?)[\"']?\\s+[\"']?" + CMDLINE);
    private static final Pattern GREP_PIPE = Pattern.compile(
            CMDLINE + "[\"']?\\s*\\|\\s*[ef]?grep\\s+(?:-{1,2}[\\w-]+\\s+)*[\"']?(" + NAME + "=?)");

    private final Map<String, List<KnownBootCode.Sighting>> found = new TreeMap<>();

    private BootCodeScanner() {
    }

    /** The codes read by the scripts of {@code image}, sorted by name; files in {@code skip} are not read. */
    static List<KnownBootCode> scan(EditableImage image, List<String> skip) throws IOException {
        BootCodeScanner scanner = new BootCodeScanner();
        List<Path> files;
        try (Stream<Path> s = Files.walk(image.fileSystem().getPath("/"))) {
            files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
        for (Path p : files) {
            if (skip.contains(p.toString()) || Files.size(p) == 0 || Files.size(p) > MAX_SIZE) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(p);
            if (isText(bytes)) {
                scanner.scanText(p.toString(), new String(bytes, StandardCharsets.ISO_8859_1));
            }
        }
        return scanner.result();
    }

    /** The codes read by one script's text. */
    static List<KnownBootCode> scan(String path, String text) {
        BootCodeScanner scanner = new BootCodeScanner();
        scanner.scanText(path, text);
        return scanner.result();
    }

    private static boolean isText(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return false;
            }
        }
        return true;
    }

    private void scanText(String path, String text) {
        if (!text.contains("cmdline") && !text.contains("bootparam") && !text.contains("CMDLINE")) {
            return;
        }
        List<String> lines = ImageTextFile.splitLines(text);
        int loopDepth = 0;
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String code = withoutComment(lines.get(i));
            String bare = withoutQuoted(code).strip();
            if (loopDepth == 0 && FOR_CMDLINE.matcher(code.strip()).find()) {
                loopDepth = count(LOOP_OPEN, bare) - count(LOOP_CLOSE, bare);
                continue;
            }
            if (loopDepth > 0) {
                casePatterns(path, lineNo, code.strip());
                loopDepth += count(LOOP_OPEN, bare) - count(LOOP_CLOSE, bare);
            }
            Matcher m = FUNCTION_CALL.matcher(code);
            while (m.find()) {
                boolean value = m.group(1).equals("getbootparam");
                add(m.group(2), new KnownBootCode.Sighting(path, lineNo, value, m.group(1)));
            }
            for (Pattern grep : List.of(GREP_FILE, GREP_PIPE)) {
                m = grep.matcher(code);
                while (m.find()) {
                    String name = m.group(1);
                    boolean value = name.endsWith("=");
                    add(value ? name.substring(0, name.length() - 1) : name,
                            new KnownBootCode.Sighting(path, lineNo, value, "grep"));
                }
            }
        }
    }

    private void casePatterns(String path, int lineNo, String line) {
        Matcher m = CASE_PATTERN.matcher(line);
        if (!m.find()) {
            return;
        }
        for (String alternative : m.group(1).split("\\|")) {
            String a = alternative.replace("\"", "").replace("'", "").strip();
            Matcher n = ALTERNATIVE.matcher(a);
            if (n.matches()) {
                boolean value = n.group(2) != null;
                add(n.group(1), new KnownBootCode.Sighting(path, lineNo, value, "case"));
            }
        }
    }

    private void add(String name, KnownBootCode.Sighting s) {
        found.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
    }

    private List<KnownBootCode> result() {
        List<KnownBootCode> out = new ArrayList<>();
        found.forEach((name, sightings) -> {
            List<KnownBootCode.Sighting> sorted = new ArrayList<>(sightings);
            sorted.sort(Comparator.comparing(KnownBootCode.Sighting::path).thenComparingInt(KnownBootCode.Sighting::line));
            out.add(new KnownBootCode(name, sorted));
        });
        return out;
    }

    private static int count(Pattern p, String s) {
        int n = 0;
        Matcher m = p.matcher(s);
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The line without a shell comment: a {@code #} that starts a word outside quotes. */
    static String withoutComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"') {
                    i++;
                }
            } else if (c == '\\') {
                i++;
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c == '`' ? 0 : c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** The line with the contents of quoted strings removed, so that words in messages do not count. */
    private static String withoutQuoted(String line) {
        return line.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("'[^']*'", "''");
    }
}
