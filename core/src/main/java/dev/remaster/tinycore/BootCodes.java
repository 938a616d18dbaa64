package dev.remaster.tinycore;

import dev.remaster.overlay.EditableImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Default boot codes for a Tiny Core image: the image behaves as if the boot loader had also
 * passed them (say {@code tce=vda1 home=vda3 opt=vda3 waitusb=5}), except those whose key the
 * boot loader did pass, so that the boot loader's own codes take precedence. Useful where the
 * kernel command line is hard to change, as on a cloud host's disk.
 *
 * <pre>{@code
 * try (EditableImage image = EditableImage.open(Path.of("core.gz"))) {
 *     BootCodesUpdate u = BootCodes.setDefaults(image, "tce=vda1 home=vda3 opt=vda3 waitusb=5");
 *     image.writeTo(Path.of("core-new.gz"), SaveOptions.defaults());
 * }
 * }</pre>
 *
 * <p><b>The rule.</b> A code's key is the part before the first {@code =}; a flag such as
 * {@code noswap} is its own key. A default is appended to the command line when no word of the
 * boot loader's line has its key ({@link #merge}).
 *
 * <p><b>How it works at boot.</b> Tiny Core reads {@code /proc/cmdline} in many places:
 * {@code tc-config}'s loop over its words, {@code getbootparam} in {@code /etc/init.d/tc-functions}
 * (used by {@code sethostname}, {@code tce-load}...), {@code tce-setup} ({@code tce=}, {@code lst=},
 * {@code base}, {@code cde}), {@code filetool.sh} ({@code safebackup}), {@code /init}. Rather than
 * patching each reader, the recipe installs a script, {@value #HOOK_SCRIPT}, that writes the merged
 * line to a file and bind-mounts that file over {@code /proc/cmdline}. A bind mount belongs to the
 * mount namespace, not to a process: from then on every process of the system, every script and
 * every binary, known to us or not, reads the merged line. The defaults live in one file the
 * recipe owns, {@value #DEFAULTS_FILE} (one code a line); running the recipe again replaces them.
 *
 * <p><b>Where it runs.</b> Tiny Core's {@code /init} mounts {@code /proc}, reads {@code multivt} and
 * {@code noembed}, unmounts {@code /proc} again and execs busybox init, which runs the
 * {@code ::sysinit:} script of {@code /etc/inittab}, {@code /etc/init.d/rcS}. From 4.x on, rcS
 * mounts {@code /proc}, remounts {@code /}, runs {@code mount -a}, then {@code tc-config}; in
 * 3.x, {@code tc-config} mounts {@code /proc} itself. The recipe inserts one line, marked
 * {@code # remaster:bootcodes}, into that script right before the line that runs
 * {@code tc-config} (or right after {@code #!} when no line does): after rcS's {@code mount -a},
 * and before {@code tc-config}, {@code tc-functions} (which reads the line when sourced) and
 * everything they start. The hook script mounts {@code /proc} itself when it is not mounted yet.
 * A {@code mount -a} that runs after the hook (3.x's, inside {@code tc-config}) does not hide the
 * bind mount: busybox skips a mount point already mounted, and the kernels of that time refuse
 * the same proc twice on one place anyway. Hooking {@code /init} instead would not work: it
 * unmounts {@code /proc}, which the bind mount would keep busy.
 *
 * <p><b>What it cannot cover.</b> Readers that run before the hook: the kernel, which reads its own
 * parameters ({@code console=}, {@code quiet}, {@code loglevel=}...) before any script runs, and
 * {@code /init} ({@code noembed}, {@code multivt}). {@link #setDefaults} reports defaults that
 * only such readers read, or that no script of the image reads at all ({@link BootCodesUpdate}).
 */
public final class BootCodes {
    /** Where the defaults are kept in the image, one code a line. */
    public static final String DEFAULTS_FILE = "/etc/remaster/bootcodes";
    /** The script that presents the merged command line at boot. */
    public static final String HOOK_SCRIPT = "/etc/init.d/remaster-cmdline";
    /** Where the hook script writes the merged line at boot, the file mounted over {@code /proc/cmdline}. */
    public static final String MERGED_FILE = "/run/remaster/cmdline";

    private static final String DEFAULTS_HEADER = "# Default boot codes, used when the boot loader passes no code with the same key.\n"
            + "# Written by Remaster (dev.remaster.tinycore.BootCodes), read by " + HOOK_SCRIPT + ".\n";

    private BootCodes() {
    }

    /**
     * {@link #setDefaults(EditableImage, List)} with the codes of {@code codes} split at blanks.
     *
     * @param image the image file
     * @param codes the boot codes
     * @return {@link #setDefaults(EditableImage, List)} with the codes of {@code codes} split at blanks
     * @throws IOException if reading or writing fails
     */
    public static BootCodesUpdate setDefaults(EditableImage image, String codes) throws IOException {
        return setDefaults(image, split(codes));
    }

    /**
     * Makes {@code codes} the image's default boot codes, replacing any set before, and installs
     * the hook that applies them at boot. An empty list removes the defaults and the hook
     * ({@link #removeDefaults}). Running it again with the same codes changes nothing.
     *
     * @throws IllegalArgumentException when a code is empty, holds a blank or quote, starts with
     *     {@code =} or {@code #}, or two codes share a key
     * @throws IOException when the image has no start-up script to hook into
     * @param image the image file
     * @param codes the boot codes
     * @return the boot codes update
     */
    public static BootCodesUpdate setDefaults(EditableImage image, List<String> codes) throws IOException {
        List<String> checked = check(codes);
        String sysinit = CmdlineHook.sysinitScript(image);
        if (checked.isEmpty()) {
            boolean changed = removeDefaults(image);
            return new BootCodesUpdate(changed, List.of(), sysinit, List.of(), List.of());
        }
        boolean changed = defaultsFile().write(image, DEFAULTS_HEADER + ImageTextFile.joinLines(rawAll(checked)));
        changed |= hookScriptFile().write(image, CmdlineHook.SCRIPT);
        ImageTextFile start = new ImageTextFile(sysinit, 0755, 0, 0, false);
        String before = start.read(image).orElseThrow();
        String after = CmdlineHook.hookInto(before);
        changed |= start.write(image, after);

        int hookLine = CmdlineHook.hookLine(after) + 1;
        Set<String> early = new HashSet<>();
        Set<String> late = new HashSet<>();
        for (KnownBootCode k : listKnownBootCodes(image)) {
            for (KnownBootCode.Sighting s : k.seenAt()) {
                boolean beforeHook = s.path().equals("/init") || (s.path().equals(sysinit) && s.line() < hookLine);
                (beforeHook ? early : late).add(k.name());
            }
        }
        List<String> readBeforeHook = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String c : checked) {
            String key = key(c);
            if (!late.contains(key)) {
                (early.contains(key) ? readBeforeHook : unknown).add(c);
            }
        }
        return new BootCodesUpdate(changed, checked, sysinit, readBeforeHook, unknown);
    }

    /**
     * The defaults installed in {@code image}, in order; empty when there are none.
     *
     * @param image the image file
     * @return the defaults installed in {@code image}, in order; empty when there are none
     * @throws IOException if reading or writing fails
     */
    public static List<String> defaults(EditableImage image) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : defaultsFile().lines(image)) {
            String t = l.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(ImageTextFile.decoded(t));
            }
        }
        return out;
    }

    /**
     * Removes the defaults, the hook script and the hook line; returns whether the image changed.
     *
     * @param image the image file
     * @return whether remove defaults
     * @throws IOException if reading or writing fails
     */
    public static boolean removeDefaults(EditableImage image) throws IOException {
        boolean changed = defaultsFile().delete(image);
        changed |= hookScriptFile().delete(image);
        Path dir = image.fileSystem().getPath(DEFAULTS_FILE).getParent();
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                if (s.findAny().isEmpty()) {
                    Files.delete(dir);
                    changed = true;
                }
            }
        }
        String sysinit;
        try {
            sysinit = CmdlineHook.sysinitScript(image);
        } catch (IOException e) {
            return changed;
        }
        ImageTextFile start = new ImageTextFile(sysinit, 0755, 0, 0, false);
        String text = start.read(image).orElseThrow();
        if (CmdlineHook.hookLine(text) >= 0) {
            changed |= start.write(image, ImageTextFile.joinLines(CmdlineHook.withoutHook(text)));
        }
        return changed;
    }

    /**
     * The boot codes the image's own scripts read from the kernel command line, sorted by name,
     * each with where it was seen; see {@link BootCodeScanner} for what is recognised. The hook
     * script of this recipe is not counted.
     *
     * @param image the image file
     * @return the boot codes the image's own scripts read from the kernel command line, sorted by name, each with where it was seen; see {@link BootCodeScanner} for what is recognised
     * @throws IOException if reading or writing fails
     */
    public static List<KnownBootCode> listKnownBootCodes(EditableImage image) throws IOException {
        return BootCodeScanner.scan(image, List.of(HOOK_SCRIPT));
    }

    /**
     * The command line that the hook presents for the boot loader's line {@code given}: {@code given}
     * as it is, then each default whose key no word of {@code given} has, in order, after one blank.
     *
     * @param given the given
     * @param defaults the defaults
     * @return the command line that the hook presents for the boot loader's line {@code given}: {@code given} as it is, then each default whose key no word of {@code given} has, in order, after one blank
     */
    public static String merge(String given, List<String> defaults) {
        Objects.requireNonNull(given, "given");
        Set<String> keys = new HashSet<>();
        for (String w : given.strip().split("\\s+")) {
            keys.add(key(w));
        }
        StringBuilder line = new StringBuilder(given);
        for (String d : defaults) {
            if (!keys.contains(key(d))) {
                if (line.length() > 0) {
                    line.append(' ');
                }
                line.append(d);
            }
        }
        return line.toString();
    }

    /**
     * The key of a boot code: the part before the first {@code =}.
     *
     * @param code a boot code, such as {@code tce=vda1}
     * @return the key of a boot code: the part before the first {@code =}
     */
    public static String key(String code) {
        int eq = code.indexOf('=');
        return eq < 0 ? code : code.substring(0, eq);
    }

    /**
     * The hook script's text, as installed at {@value #HOOK_SCRIPT}.
     *
     * @return the hook script's text, as installed at {@value #HOOK_SCRIPT}
     */
    public static String hookScript() {
        return CmdlineHook.SCRIPT;
    }

    private static List<String> split(String codes) {
        Objects.requireNonNull(codes, "codes");
        String t = codes.strip();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    private static List<String> check(List<String> codes) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String c : codes) {
            if (c == null || c.isEmpty() || c.chars().anyMatch(ch -> Character.isWhitespace(ch) || Character.isISOControl(ch)
                    || ch == '"' || ch == '\'')) {
                throw new IllegalArgumentException("boot code (" + c + ") must be one word without blanks or quotes");
            }
            if (c.startsWith("=") || c.startsWith("#")) {
                throw new IllegalArgumentException("boot code (" + c + ") must start with its name");
            }
            String previous = byKey.putIfAbsent(key(c), c);
            if (previous != null) {
                throw new IllegalArgumentException("boot codes (" + previous + ") and (" + c + ") have the same key '"
                        + key(c) + "'");
            }
        }
        return List.copyOf(byKey.values());
    }

    private static List<String> rawAll(List<String> codes) {
        return codes.stream().map(ImageTextFile::raw).toList();
    }

    private static ImageTextFile defaultsFile() {
        return new ImageTextFile(DEFAULTS_FILE, 0644, 0, 0, true);
    }

    private static ImageTextFile hookScriptFile() {
        return new ImageTextFile(HOOK_SCRIPT, 0755, 0, 0, true);
    }
}
