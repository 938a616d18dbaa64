package dev.remaster.script;

import dev.remaster.internal.FileModes;
import dev.remaster.cpio.ReadOptions;
import dev.remaster.overlay.AppendScope;
import dev.remaster.overlay.EditableImage;
import dev.remaster.overlay.SaveOptions;
import dev.remaster.cpio.EntryType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One edit of an image, as the {@code remaster edit} command and its scripts name them. Each
 * applies itself to an {@link EditableImage}; paths are absolute paths of the image.
 */
public sealed interface EditOperation {
    /**
     * Applies the edit.
     *
     * @param image the image file
     * @throws IOException if reading or writing fails
     */
    void applyTo(EditableImage image) throws IOException;

    /**
     * What {@code edits}, applied in order, need of an image to be appended as a new segment: see
     * {@link AppendScope}.
     *
     * @param edits the edits
     * @return the entries the edits need read
     * @throws IOException if a put's source cannot be read
     */
    static AppendScope scopeOf(List<? extends EditOperation> edits) throws IOException {
        return AppendScopes.of(edits);
    }

    /**
     * Applies {@code edits} to the image {@code file} and writes it to {@code target} (atomically)
     * byte for byte, followed by one new segment with the change, reading the image only as far as
     * the edits need ({@link #scopeOf}, {@link EditableImage#openForAppend}, which say what is
     * then checked and what is not).
     *
     * @param file the image
     * @param options the limits applied while reading
     * @param edits the edits, applied in order
     * @param target the file written; may be {@code file} itself
     * @param save how the new segment is compressed (by default like the image's last segment)
     * @throws IOException if reading or writing fails, the image is malformed where it is read, or
     *     the edit cannot be appended ({@link dev.remaster.overlay.UnsupportedEditException})
     */
    static void append(Path file, ReadOptions options, List<? extends EditOperation> edits, Path target,
            SaveOptions save) throws IOException {
        try (EditableImage image = EditableImage.openForAppend(file, options, scopeOf(edits))) {
            for (EditOperation op : edits) {
                op.applyTo(image);
            }
            image.appendTo(target, save);
        }
    }

    /** Copies a file (or a directory tree) from disk into the image, replacing what is there. */
    record Put(Path source, String path, Integer mode, Long uid, Long gid) implements EditOperation {
        @Override
        public void applyTo(EditableImage image) throws IOException {
            FileSystem fs = image.fileSystem();
            Path target = fs.getPath(path);
            if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(source.toString());
            }
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> walk = Files.walk(source)) {
                    for (Path p : (Iterable<Path>) walk::iterator) {
                        copyOne(image, p, target.resolve(source.relativize(p).toString()).toString());
                    }
                }
            } else {
                copyOne(image, source, target.toString());
            }
            if (mode != null) {
                image.setMode(path, mode);
            }
            if (uid != null) {
                image.setOwner(path, uid, gid);
            }
        }

        private static void copyOne(EditableImage image, Path from, String to) throws IOException {
            Path target = image.fileSystem().getPath(to);
            if (Files.isSymbolicLink(from)) {
                Files.deleteIfExists(target);
                Files.createSymbolicLink(target, image.fileSystem().getPath(Files.readSymbolicLink(from).toString()));
                return;
            }
            if (Files.isDirectory(from)) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(target);
                    Files.createDirectory(target);
                }
            } else {
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("cannot put file " + from + " over directory " + to);
                }
                try (InputStream in = Files.newInputStream(from)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(from);
            image.setMode(to, FileModes.mode(perms));
        }
    }

    /** Removes a path and, for a directory, everything under it. A missing path is an error. */
    record Remove(String path) implements EditOperation {
        @Override
        public void applyTo(EditableImage image) throws IOException {
            Path p = image.fileSystem().getPath(path);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(path, null, "not in the image");
            }
            try (Stream<Path> walk = Files.walk(p)) {
                List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
                for (Path x : all) {
                    Files.delete(x);
                }
            }
        }
    }

    /** Creates a directory and its missing parents. */
    record MakeDirectory(String path, Integer mode, Long uid, Long gid) implements EditOperation {
        @Override
        public void applyTo(EditableImage image) throws IOException {
            Files.createDirectories(image.fileSystem().getPath(path));
            if (mode != null) {
                image.setMode(path, mode);
            }
            if (uid != null) {
                image.setOwner(path, uid, gid);
            }
        }
    }

    /**
     * {@code path} in the image, its missing parents created and whatever is there removed, unless
     * it is a directory, which is never replaced by {@code what}.
     */
    private static Path makeRoomFor(EditableImage image, String path, String what) throws IOException {
        Path p = image.fileSystem().getPath(path);
        if (p.getParent() != null) {
            Files.createDirectories(p.getParent());
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("cannot replace directory " + path + " with " + what);
        }
        Files.deleteIfExists(p);
        return p;
    }

    /** Creates (or replaces) a symbolic link at {@code path} pointing to {@code target}. */
    record Symlink(String path, String target) implements EditOperation {
        @Override
        public void applyTo(EditableImage image) throws IOException {
            Path p = makeRoomFor(image, path, "a symbolic link");
            Files.createSymbolicLink(p, image.fileSystem().getPath(target));
        }
    }

    /** Creates (or replaces) a device node, fifo or socket. */
    record MakeNode(String path, EntryType type, long major, long minor, int mode, Long uid, Long gid)
            implements EditOperation {
        @Override
        public void applyTo(EditableImage image) throws IOException {
            makeRoomFor(image, path, "a " + type);
            switch (type) {
                case CHAR_DEVICE, BLOCK_DEVICE -> image.createDevice(path, type, mode, major, minor);
                case FIFO -> image.createFifo(path, mode);
                case SOCKET -> image.createSocket(path, mode);
                default -> throw new IllegalArgumentException("type (" + type + ") is not a node type");
            }
            if (uid != null) {
                image.setOwner(path, uid, gid);
            }
        }
    }

    /** Sets the permission bits, setuid, setgid and sticky included. */
    record ChangeMode(String path, int mode) implements EditOperation {
        @Override
        public void applyTo(EditableImage image) throws IOException {
            image.setMode(path, mode);
        }
    }

    /** Sets the numeric owner and group. */
    record ChangeOwner(String path, long uid, long gid) implements EditOperation {
        @Override
        public void applyTo(EditableImage image) throws IOException {
            image.setOwner(path, uid, gid);
        }
    }
}
