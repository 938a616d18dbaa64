package dev.remaster.tinycore;

import dev.remaster.overlay.EditableImage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Tiny Core's backup lists in an image: {@code /opt/.filetool.lst}, the paths that
 * {@code filetool.sh} saves into {@code mydata.tgz} (and restores at boot), and
 * {@code /opt/.xfiletool.lst}, the paths it leaves out. Both are {@code tar -T} lists: one path a
 * line, relative to {@code /} ({@code opt}, {@code home}, {@code etc/ssh}).
 *
 * <pre>{@code
 * BackupList.included(image).add("etc/ssh");
 * BackupList.excluded(image).add("home/tc/.cache");
 * }</pre>
 *
 * <p>Paths are compared without a leading {@code /}, which is also how they are written. Edits are
 * idempotent. A missing list is created as Tiny Core ships it: mode 0664, owner root, group staff
 * (50).
 */
public final class BackupList {
    /** What {@code filetool.sh} saves. */
    public static final String INCLUDED = "/opt/.filetool.lst";
    /** What {@code filetool.sh} leaves out. */
    public static final String EXCLUDED = "/opt/.xfiletool.lst";

    private final EditableImage image;
    private final ImageTextFile file;

    private BackupList(EditableImage image, String path) {
        this.image = Objects.requireNonNull(image, "image");
        this.file = new ImageTextFile(path, 0664, 0, TinyCore.STAFF_GID, false);
    }

    /**
     * {@code /opt/.filetool.lst} of {@code image}.
     *
     * @param image the image file
     * @return {@code /opt/.filetool.lst} of {@code image}
     */
    public static BackupList included(EditableImage image) {
        return new BackupList(image, INCLUDED);
    }

    /**
     * {@code /opt/.xfiletool.lst} of {@code image}.
     *
     * @param image the image file
     * @return {@code /opt/.xfiletool.lst} of {@code image}
     */
    public static BackupList excluded(EditableImage image) {
        return new BackupList(image, EXCLUDED);
    }

    /**
     * The list's path in the image.
     *
     * @return the list's path in the image
     */
    public String path() {
        return file.path();
    }

    /**
     * The entries, blank lines left out (empty when the list does not exist).
     *
     * @return the entries, blank lines left out (empty when the list does not exist)
     * @throws IOException if reading or writing fails
     */
    public List<String> entries() throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : file.lines(image)) {
            if (!l.isBlank()) {
                out.add(ImageTextFile.decoded(l.strip()));
            }
        }
        return out;
    }

    /**
     * Adds {@code path} at the end unless listed; returns whether the image changed.
     *
     * @param path the path
     * @return whether the image changed
     * @throws IOException if reading or writing fails
     */
    public boolean add(String path) throws IOException {
        String p = normalize(path);
        List<String> lines = file.lines(image);
        for (String l : lines) {
            if (normalizeListed(l).equals(p)) {
                return false;
            }
        }
        lines.add(p);
        return file.write(image, ImageTextFile.joinLines(lines));
    }

    /**
     * Removes every line naming {@code path}; returns whether the image changed.
     *
     * @param path the path
     * @return whether the image changed
     * @throws IOException if reading or writing fails
     */
    public boolean remove(String path) throws IOException {
        String p = normalize(path);
        List<String> lines = file.lines(image);
        List<String> kept = new ArrayList<>(lines);
        kept.removeIf(l -> normalizeListed(l).equals(p));
        return kept.size() != lines.size() && file.write(image, ImageTextFile.joinLines(kept));
    }

    private static String normalizeListed(String line) {
        String s = line.strip();
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        return s;
    }

    private static String normalize(String path) {
        Objects.requireNonNull(path, "path");
        if (path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("path (" + path + ") must be one line");
        }
        String p = normalizeListed(ImageTextFile.raw(path));
        if (p.isEmpty()) {
            throw new IllegalArgumentException("path (" + path + ") must name something below /");
        }
        return p;
    }
}
