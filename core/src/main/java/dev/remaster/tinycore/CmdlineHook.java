package dev.remaster.tinycore;

import dev.remaster.overlay.EditableImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The boot-time side of {@link BootCodes}: the script that presents the merged command line and
 * the line that runs it from the system start-up script.
 */
final class CmdlineHook {
    /** The script, installed at {@link BootCodes#HOOK_SCRIPT}. */
    static final String SCRIPT = """
            #!/bin/sh
            # Written by Remaster (dev.remaster.tinycore.BootCodes): run the recipe again rather
            # than editing this file. Run by the system start-up script before tc-config.
            #
            # Presents the boot loader's command line, with the default boot codes listed in
            # /etc/remaster/bootcodes appended, as /proc/cmdline: it bind-mounts a file over it,
            # so that every later reader of /proc/cmdline sees the defaults. A default is added
            # only when the boot loader gave no code with the same key (the part before '='), so
            # the boot loader's codes win.
            #
            # REMASTER_CMDLINE, REMASTER_BOOTCODES, REMASTER_MERGED and REMASTER_MOUNT replace
            # the paths and the mount command (for tests).
            cmdline="${REMASTER_CMDLINE:-/proc/cmdline}"
            defaults="${REMASTER_BOOTCODES:-/etc/remaster/bootcodes}"
            merged="${REMASTER_MERGED:-/run/remaster/cmdline}"
            mount="${REMASTER_MOUNT:-mount}"

            [ -f "$defaults" ] || exit 0
            # tc-functions does the same: /proc may not be mounted yet.
            [ -f "$cmdline" ] || $mount -t proc proc "${cmdline%/*}"
            [ -f "$cmdline" ] || exit 0

            set -f
            given="$(cat "$cmdline")"
            line="$given"
            while read -r code || [ -n "$code" ]; do
            	case "$code" in
            	'' | '#'*) continue ;;
            	esac
            	key="${code%%=*}"
            	for word in $given; do
            		[ "${word%%=*}" = "$key" ] && continue 2
            	done
            	line="${line:+$line }$code"
            done < "$defaults"

            # Nothing to add, or already presented (the script ran before in this boot).
            [ "$line" = "$given" ] && exit 0
            mkdir -p "${merged%/*}"
            printf '%s\\n' "$line" > "$merged"
            $mount -o bind "$merged" "$cmdline"
            """;

    /** What marks the hook line in the start-up script. */
    static final String MARKER = "# remaster:bootcodes";

    /** The line that runs the script. */
    static final String LINE = "[ -x " + BootCodes.HOOK_SCRIPT + " ] && " + BootCodes.HOOK_SCRIPT + " " + MARKER;

    /** A command that runs tc-config: its name as a word, maybe with a directory, outside a comment. */
    private static final Pattern RUNS_TC_CONFIG = Pattern.compile("(^|[\\s;&|(])(\\S*/)?tc-config(\\s|;|&|\\)|$)");

    private CmdlineHook() {
    }

    /**
     * The script busybox init runs first ({@code ::sysinit:} in {@code /etc/inittab}), which is
     * {@code /etc/init.d/rcS} in every Tiny Core; busybox init runs that same script when there is
     * no inittab.
     */
    static String sysinitScript(EditableImage image) throws IOException {
        Path inittab = image.fileSystem().getPath("/etc/inittab");
        if (Files.isRegularFile(inittab)) {
            for (String line : ImageTextFile.splitLines(Files.readString(inittab, java.nio.charset.StandardCharsets.ISO_8859_1))) {
                String t = line.strip();
                if (t.startsWith("#")) {
                    continue;
                }
                String[] f = t.split(":", 4);
                if (f.length == 4 && f[2].equals("sysinit")) {
                    for (String word : f[3].strip().split("\\s+")) {
                        if (word.startsWith("/") && Files.isRegularFile(image.fileSystem().getPath(word))) {
                            return word;
                        }
                    }
                }
            }
        }
        String rcs = "/etc/init.d/rcS";
        if (!Files.isRegularFile(image.fileSystem().getPath(rcs))) {
            throw new IOException(image.source() + " has no system start-up script (no ::sysinit: in /etc/inittab and no "
                    + rcs + "): is it a Tiny Core image?");
        }
        return rcs;
    }

    /**
     * {@code script} with exactly one hook line: right before the first line that runs tc-config,
     * else right after the {@code #!} line. Earlier hook lines are removed, so the result does not
     * depend on how often this ran.
     */
    static String hookInto(String script) {
        List<String> lines = withoutHook(script);
        int at = -1;
        for (int i = 0; i < lines.size() && at < 0; i++) {
            String t = lines.get(i).strip();
            if (!t.startsWith("#") && RUNS_TC_CONFIG.matcher(t).find()) {
                at = i;
            }
        }
        if (at < 0) {
            at = !lines.isEmpty() && lines.get(0).startsWith("#!") ? 1 : 0;
        }
        lines.add(at, LINE);
        return ImageTextFile.joinLines(lines);
    }

    /** The index of the hook line in {@code script}, or -1. */
    static int hookLine(String script) {
        List<String> lines = ImageTextFile.splitLines(script);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(MARKER)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code script}'s lines without hook lines. */
    static List<String> withoutHook(String script) {
        List<String> lines = new ArrayList<>(ImageTextFile.splitLines(script));
        lines.removeIf(l -> l.contains(MARKER));
        return lines;
    }
}
