package dev.remaster.spec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

/**
 * A directory that receives the contents of an archive's regular files at paths that mirror their
 * names, safely: names with a {@code ..} component or a leading {@code /} are refused, symbolic
 * links are never followed (none are created here, and the directory must start empty), and
 * parent directories are created one component at a time.
 *
 * <p>An archive may hold one name twice (the kernel applies the later over the earlier). The path
 * then goes to the later file, and the earlier one is moved aside to a numbered backup
 * ({@code name.~1~}, as GNU {@code cp --backup=numbered} names them); its {@link Slot} follows it.
 */
final class MirrorDirectory {
    private final Path root;
    private final Map<Path, Slot> slots = new HashMap<>();

    /** Where one file's content is on disk; it moves when a later name takes its place. */
    static final class Slot {
        private Path path;

        Path path() {
            return path;
        }
    }

    private MirrorDirectory(Path root) {
        this.root = root;
    }

    /** Opens {@code dir} as a mirror, creating it if needed; if it exists it must be an empty directory. */
    static MirrorDirectory create(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(root + ": not a directory (or a symbolic link)");
            }
            try (DirectoryStream<Path> contents = Files.newDirectoryStream(root)) {
                if (contents.iterator().hasNext()) {
                    throw new IOException(root + ": not empty; give an empty or new directory for the files");
                }
            }
        } else {
            Files.createDirectories(root);
        }
        return new MirrorDirectory(root);
    }

    /** The mirror's root, absolute. */
    Path root() {
        return root;
    }

    /**
     * Why {@code name} cannot be mirrored, or {@code null} when it can: it must be relative and
     * name a file below the root without going up.
     */
    static String whyNotMirrorable(String name) {
        if (name.startsWith("/")) {
            return "is absolute";
        }
        boolean any = false;
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                return "has a '..' component";
            }
            any |= !part.isEmpty() && !part.equals(".");
        }
        return any ? null : "names no file below the directory";
    }

    /** Creates an empty file for {@code name}, which {@link #whyNotMirrorable} must accept. */
    Slot claim(String name) throws IOException {
        Path dir = root;
        String[] parts = name.split("/");
        int last = parts.length - 1;
        while (parts[last].isEmpty() || parts[last].equals(".")) {
            last--;
        }
        for (int i = 0; i < last; i++) {
            if (parts[i].isEmpty() || parts[i].equals(".")) {
                continue;
            }
            dir = dir.resolve(parts[i]);
            BasicFileAttributes a = attributes(dir);
            if (a != null && !a.isDirectory()) {
                makeRoom(dir, a, name);
                a = null;
            }
            if (a == null) {
                Files.createDirectory(dir);
            }
        }
        Path file = dir.resolve(parts[last]);
        BasicFileAttributes a = attributes(file);
        if (a != null) {
            makeRoom(file, a, name);
        }
        Files.createFile(file); // O_CREAT|O_EXCL: fails on anything there, a symbolic link included
        Slot slot = new Slot();
        slot.path = file;
        slots.put(file, slot);
        return slot;
    }

    /** Replaces the content of {@code slot}'s file. */
    OutputStream overwrite(Slot slot) throws IOException {
        return Files.newOutputStream(slot.path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                LinkOption.NOFOLLOW_LINKS);
    }

    /** Sets the modification time of {@code slot}'s file. */
    void setMtime(Slot slot, long seconds) throws IOException {
        Files.getFileAttributeView(slot.path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.fromMillis(seconds * 1000), null, null);
    }

    /** Moves the file of an earlier entry out of {@code path}; anything else there is an error. */
    private void makeRoom(Path path, BasicFileAttributes a, String name) throws IOException {
        Slot earlier = slots.remove(path);
        if (earlier == null || !a.isRegularFile()) {
            throw new IOException(path + ": cannot write '" + name + "' there: "
                    + (a.isDirectory() ? "an earlier entry needs a directory at that path"
                            : "something other than this archive's files is in the way"));
        }
        Path backup;
        int n = 1;
        do {
            backup = path.resolveSibling(path.getFileName() + ".~" + n++ + "~");
        } while (Files.exists(backup, LinkOption.NOFOLLOW_LINKS));
        Files.move(path, backup, LinkOption.NOFOLLOW_LINKS);
        earlier.path = backup;
        slots.put(backup, earlier);
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
