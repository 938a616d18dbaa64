package dev.remaster.tinycore;

import dev.remaster.overlay.EditableImage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One of Tiny Core's start-up scripts in an image, {@code /opt/bootsync.sh} or
 * {@code /opt/bootlocal.sh}, edited a command (a line) at a time. Every edit is idempotent: it
 * changes the image only when the script does not already say what is asked.
 *
 * <pre>{@code
 * try (EditableImage image = EditableImage.open(Path.of("core.gz"))) {
 *     BootScript local = BootScript.bootLocal(image);
 *     local.append("/usr/local/etc/init.d/openssh start");
 *     local.put("console", "/sbin/getty -L 115200 ttyS0 vt100 &");   // a line tagged # remaster:console
 *     image.writeTo(Path.of("core-new.gz"), SaveOptions.defaults());
 * }
 * }</pre>
 *
 * <p>Tiny Core's {@code tc-config} runs {@code /opt/bootsync.sh} at the end of boot and waits for
 * it; {@code bootsync.sh} starts {@code /opt/bootlocal.sh} in the background. A missing script is
 * created as Tiny Core ships it: {@code #!/bin/sh} and the usual comment line, mode 0775, owner
 * root, group staff (50), so that the {@code tc} user can edit it.
 *
 * <p>Note that at boot {@code /opt} may be replaced by the user's own: a backup restored by
 * {@code filetool.sh} (its default {@code .filetool.lst} saves {@code opt}) or a persistent
 * {@code opt=} partition whose files are kept over the image's. An edit made here then shows only
 * where the saved copy has none.
 */
public final class BootScript {
    /** Tiny Core's script that {@code tc-config} runs and waits for. */
    public static final String BOOTSYNC = "/opt/bootsync.sh";
    /** Tiny Core's script that {@code bootsync.sh} starts in the background. */
    public static final String BOOTLOCAL = "/opt/bootlocal.sh";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");
    private static final String TAG = "# remaster:";

    private final EditableImage image;
    private final ImageTextFile file;
    private final String header;

    private BootScript(EditableImage image, String path, String header) {
        this.image = Objects.requireNonNull(image, "image");
        this.file = new ImageTextFile(path, 0775, 0, TinyCore.STAFF_GID, false);
        this.header = header;
    }

    /**
     * {@code /opt/bootsync.sh} of {@code image}.
     *
     * @param image the image file
     * @return {@code /opt/bootsync.sh} of {@code image}
     */
    public static BootScript bootSync(EditableImage image) {
        return new BootScript(image, BOOTSYNC,
                "#!/bin/sh\n# put other system startup commands here, the boot process will wait until they complete.\n");
    }

    /**
     * {@code /opt/bootlocal.sh} of {@code image}.
     *
     * @param image the image file
     * @return {@code /opt/bootlocal.sh} of {@code image}
     */
    public static BootScript bootLocal(EditableImage image) {
        return new BootScript(image, BOOTLOCAL, "#!/bin/sh\n# put other system startup commands here\n");
    }

    /**
     * The script's path in the image.
     *
     * @return the script's path in the image
     */
    public String path() {
        return file.path();
    }

    /**
     * The script's lines as they stand (empty when the script does not exist).
     *
     * @return the script's lines as they stand (empty when the script does not exist)
     * @throws IOException if reading or writing fails
     */
    public List<String> lines() throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : file.lines(image)) {
            out.add(ImageTextFile.decoded(l));
        }
        return out;
    }

    /**
     * Appends {@code command} as the last line unless a line already is that command (ignoring
     * surrounding blanks). Returns whether the image changed.
     *
     * @param command the command
     * @return whether the image changed
     * @throws IOException if reading or writing fails
     */
    public boolean append(String command) throws IOException {
        String c = checkCommand(command);
        List<String> lines = current();
        for (String l : lines) {
            if (l.strip().equals(c)) {
                return false;
            }
        }
        lines.add(c);
        return save(lines);
    }

    /**
     * Makes the line tagged {@code id} (ending in {@code # remaster:<id>}) be {@code command}:
     * the first tagged line is replaced in place and any other line with that tag removed; with
     * no tagged line, the command is appended. Returns whether the image changed.
     *
     * @param id the line's tag: letters, digits, '.', '_' or '-'
     * @param command the shell command the line runs
     * @return whether the image changed
     * @throws IOException if reading or writing fails
     */
    public boolean put(String id, String command) throws IOException {
        String tagged = checkCommand(command) + " " + TAG + checkId(id);
        List<String> lines = current();
        List<String> out = new ArrayList<>();
        boolean placed = false;
        for (String l : lines) {
            if (hasTag(l, id)) {
                if (!placed) {
                    out.add(tagged);
                    placed = true;
                }
            } else {
                out.add(l);
            }
        }
        if (!placed) {
            out.add(tagged);
        }
        return save(out);
    }

    /**
     * Removes the lines tagged {@code id}; returns whether the image changed.
     *
     * @param id the line's tag
     * @return whether the image changed
     * @throws IOException if reading or writing fails
     */
    public boolean remove(String id) throws IOException {
        checkId(id);
        List<String> lines = file.lines(image);
        List<String> out = new ArrayList<>(lines);
        out.removeIf(l -> hasTag(l, id));
        return out.size() != lines.size() && save(out);
    }

    /**
     * Removes the lines that are {@code command} (ignoring surrounding blanks); returns whether the image changed.
     *
     * @param command the command
     * @return whether remove command
     * @throws IOException if reading or writing fails
     */
    public boolean removeCommand(String command) throws IOException {
        String c = checkCommand(command);
        List<String> lines = file.lines(image);
        List<String> out = new ArrayList<>(lines);
        out.removeIf(l -> l.strip().equals(c));
        return out.size() != lines.size() && save(out);
    }

    private List<String> current() throws IOException {
        if (file.read(image).isEmpty()) {
            return new ArrayList<>(ImageTextFile.splitLines(header));
        }
        return file.lines(image);
    }

    private boolean save(List<String> lines) throws IOException {
        return file.write(image, ImageTextFile.joinLines(lines));
    }

    private static boolean hasTag(String line, String id) {
        return line.stripTrailing().endsWith(TAG + id);
    }

    private static String checkCommand(String command) {
        Objects.requireNonNull(command, "command");
        String c = command.strip();
        if (c.isEmpty() || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("command (" + command + ") must be one non-empty line");
        }
        return ImageTextFile.raw(c);
    }

    private static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id (" + id + ") must be letters, digits, '.', '_' or '-'");
        }
        return id;
    }
}
