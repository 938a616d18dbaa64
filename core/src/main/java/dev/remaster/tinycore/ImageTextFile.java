package dev.remaster.tinycore;

import dev.remaster.cpio.EntryType;
import dev.remaster.overlay.EditableImage;
import dev.remaster.overlay.EntryMetadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A text file of an image that a recipe reads and rewrites: written only when its content
 * changes, so that running a recipe again leaves the image untouched; created with the owner and
 * mode Tiny Core gives it, and its missing parent directories created too.
 *
 * @param path absolute path in the image
 * @param mode permission bits for a created file
 * @param uid owner for a created file
 * @param gid group for a created file
 * @param enforce whether an existing file also gets {@code mode}, {@code uid} and {@code gid}
 *     (for files the recipe owns), or keeps its own (for files the user may have set up)
 */
record ImageTextFile(String path, int mode, long uid, long gid, boolean enforce) {

    /** The content, or empty when the file does not exist. */
    Optional<String> read(EditableImage image) throws IOException {
        Path p = image.fileSystem().getPath(path);
        if (!Files.exists(p)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(p)) {
            throw new IOException(path + " in " + image.source() + " is not a regular file");
        }
        return Optional.of(Files.readString(p, StandardCharsets.ISO_8859_1));
    }

    /** The lines of the file, or an empty list when it does not exist. */
    List<String> lines(EditableImage image) throws IOException {
        return read(image).map(ImageTextFile::splitLines).orElseGet(ArrayList::new);
    }

    /**
     * Makes the file hold {@code content}; returns whether anything changed. The text is kept as
     * ISO-8859-1 so that bytes that are not UTF-8 survive a rewrite unchanged.
     */
    boolean write(EditableImage image, String content) throws IOException {
        Path p = image.fileSystem().getPath(path);
        boolean exists = Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        boolean changed = false;
        if (!exists) {
            ensureDirectory(image, p.getParent().toString(), 0755, 0, 0);
        }
        if (!exists || !Files.readString(p, StandardCharsets.ISO_8859_1).equals(content)) {
            Files.writeString(p, content, StandardCharsets.ISO_8859_1);
            changed = true;
        }
        if (!exists || enforce) {
            changed |= setMetadata(image, path, mode, uid, gid);
        }
        return changed;
    }

    /** Deletes the file if it exists; returns whether it did. */
    boolean delete(EditableImage image) throws IOException {
        return Files.deleteIfExists(image.fileSystem().getPath(path));
    }

    /** Text given by a caller, in the byte-per-char form files are read in here (its UTF-8 bytes). */
    static String raw(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** Text read from a file, decoded as UTF-8 for a caller. */
    static String decoded(String raw) {
        return new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** Joins lines with a newline after each. */
    static String joinLines(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }

    /** Splits on newlines; a final newline does not make an empty last line. */
    static List<String> splitLines(String text) {
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /**
     * Creates the directory {@code dir} and its missing parents, a created directory getting
     * {@code mode}, {@code uid} and {@code gid} (parents get 0755 root:root); returns whether
     * anything was created.
     */
    static boolean ensureDirectory(EditableImage image, String dir, int mode, long uid, long gid) throws IOException {
        Path p = image.fileSystem().getPath(dir);
        if (Files.isDirectory(p)) {
            return false;
        }
        Path parent = p.getParent();
        if (parent != null) {
            ensureDirectory(image, parent.toString(), 0755, 0, 0);
        }
        Files.createDirectory(p);
        setMetadata(image, dir, mode, uid, gid);
        return true;
    }

    /** Sets owner and mode where they differ; returns whether anything changed. */
    static boolean setMetadata(EditableImage image, String path, int mode, long uid, long gid) throws IOException {
        EntryMetadata m = image.metadata(path);
        boolean changed = false;
        if (m.type() != EntryType.SYMLINK && m.permissions() != mode) {
            image.setMode(path, mode);
            changed = true;
        }
        if (m.uid() != uid || m.gid() != gid) {
            image.setOwner(path, uid, gid);
            changed = true;
        }
        return changed;
    }
}
