package dev.remaster.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a file so that it appears whole or not at all: the bytes go to a temporary file in the
 * target's directory, which {@link #commit()} flushes to disk and moves over the target in one
 * atomic rename. Closing without committing deletes the temporary file and leaves the target (and
 * any input that is the same file) untouched, so a failure or a kill never leaves a half-written
 * output. Writing over the file that is being read is safe: the reader keeps the old inode open.
 *
 * <pre>{@code
 * try (AtomicOutput out = AtomicOutput.create(target)) {
 *     write(out.stream());
 *     out.commit();
 * }
 * }</pre>
 */
public final class AtomicOutput implements AutoCloseable {
    /**
     * Temporary files not yet committed or discarded. On SIGTERM or SIGINT the JVM runs its
     * shutdown hooks (and exits with 143 or 130): this one deletes them, so an interrupted write
     * leaves no litter and the old output as it was. Only kill -9 cannot be cleaned up.
     */
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : LIVE) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // The process is ending: nothing more can be done.
                }
            }
        }, "remaster-temporary-files"));
    }

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream stream;
    private boolean committed;
    private boolean closed;

    private AtomicOutput(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.stream = new Sink(Channels.newOutputStream(channel));
    }

    /** The stream on the temporary file: unbuffered, so that file data can go straight to the channel. */
    private final class Sink extends FilterOutputStream implements FileDataSink {
        Sink(OutputStream out) {
            super(out);
        }

        @Override
        public long transferFrom(FileChannel source, long position, long count) throws IOException {
            long done = 0;
            try {
                while (done < count) {
                    long n = source.transferTo(position + done, count - done, channel);
                    if (n <= 0) {
                        break; // the source ended (transferTo returns 0 at its end)
                    }
                    done += n;
                }
            } catch (FileSystemException e) {
                throw e;
            } catch (IOException e) {
                throw named(e);
            }
            return done;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (FileSystemException e) {
                throw e;
            } catch (IOException e) {
                throw named(e);
            }
        }

        @Override
        public void close() {
            // The channel is closed by commit() or close().
        }

        /** "No space left on device" names no file: name the target, never the temporary file. */
        private IOException named(IOException e) {
            return (IOException) new FileSystemException(target.toString(), null, e.getMessage()).initCause(e);
        }
    }

    /**
     * Starts writing {@code target}; its directory must exist. A symbolic link is followed to the
     * file it names, which is the file replaced (as Debian's {@code /boot/initrd.img} link: an edit
     * must reach the image, not turn the link into a file). A device node, FIFO, socket or
     * directory at the path is refused: it is never replaced by a regular file.
     *
     * @param target the file to write
     * @return the output, to be committed or closed
     * @throws IOException if the target cannot be written, naming it and the reason
     */
    public static AtomicOutput create(Path target) throws IOException {
        Objects.requireNonNull(target, "target");
        Path absolute = followLinks(target.toAbsolutePath(), target);
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(absolute, LinkOption.NOFOLLOW_LINKS)) {
            String what = Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS) ? "is a directory"
                    : "not a regular file (a device node, FIFO or socket is never replaced; '-' writes to standard output)";
            throw new FileSystemException(target.toString(), null, what);
        }
        Path dir = absolute.getParent();
        String base = absolute.getFileName().toString();
        Path temp;
        try {
            temp = Files.createTempFile(dir, "." + (base.length() > 40 ? base.substring(0, 40) : base) + ".", ".tmp");
        } catch (FileSystemException e) {
            // The temporary file's name means nothing to the caller: name the target and the reason.
            String reason = e.getReason() != null ? e.getReason()
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof NoSuchFileException ? "no such directory" : e.getClass().getSimpleName();
            throw (IOException) new FileSystemException(target.toString(), null, reason).initCause(e);
        }
        LIVE.add(temp);
        FileChannel channel;
        try {
            channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException | RuntimeException e) {
            LIVE.remove(temp);
            Files.deleteIfExists(temp);
            throw e;
        }
        return new AtomicOutput(absolute, temp, channel);
    }

    /** The file {@code path} names once its symbolic links are followed, even one that does not exist yet. */
    private static Path followLinks(Path path, Path given) throws IOException {
        Path p = path;
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == 40) {
                throw new FileSystemException(given.toString(), null, "too many levels of symbolic links");
            }
            p = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
        }
        return p;
    }

    /**
     * The permissions of a new file: 0666 less the process's umask, as a shell redirection or
     * {@code cpio -o > out} would create it. Linux says the umask in {@code /proc/self/status};
     * elsewhere 022 is assumed.
     */
    static Set<PosixFilePermission> newFilePermissions() {
        return FileModes.permissions(0666 & ~FileModes.umask());
    }

    /**
     * Where the bytes go until {@link #commit()}. Closing it does nothing.
     *
     * @return where the bytes go until {@link #commit()}
     */
    public OutputStream stream() {
        return stream;
    }

    /**
     * The temporary file's channel, for direct transfers.
     *
     * @return the temporary file's channel, for direct transfers
     */
    public FileChannel channel() {
        return channel;
    }

    /**
     * The file that {@link #commit()} replaces: the path given, its symbolic links followed.
     *
     * @return the absolute path of the target
     */
    public Path target() {
        return target;
    }

    /**
     * The temporary file.
     *
     * @return the temporary file
     */
    public Path temporaryFile() {
        return temp;
    }

    /**
     * Renames the temporary file over the target. When a file is replaced, its new bytes are first
     * forced to disk, so that a crash cannot leave an empty or partial file where a good one was
     * (an {@code --in-place} edit of {@code /boot/initrd.img}); a new file is not forced, as
     * {@code cpio -o > out} does not force it, and so costs no flush of its whole size. A replaced
     * target keeps its permissions (and, where the process may, its owner and group); a new one
     * gets 0666 less the umask.
     *
     * @throws IOException if reading or writing fails
     */
    public void commit() throws IOException {
        if (closed) {
            throw new IllegalStateException("already closed");
        }
        stream.flush();
        boolean replacing = Files.exists(target);
        if (replacing) {
            channel.force(true);
        }
        channel.close();
        try {
            if (replacing) {
                // Replacing a file keeps its mode, and (where allowed, as root) its owner and group.
                PosixFileAttributes old = Files.readAttributes(target, PosixFileAttributes.class);
                Files.setPosixFilePermissions(temp, old.permissions());
                PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
                try {
                    if (!old.owner().equals(Files.getOwner(temp))) {
                        view.setOwner(old.owner());
                    }
                    view.setGroup(old.group());
                } catch (FileSystemException e) {
                    // Not allowed for an ordinary user: the file becomes theirs, as with cp.
                }
            } else {
                Files.setPosixFilePermissions(temp, newFilePermissions());
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: keep the default permissions.
        }
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileSystemException e) {
            // Name the target the caller gave, never the temporary file.
            String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
            throw (IOException) new FileSystemException(target.toString(), null, reason).initCause(e);
        }
        committed = true;
        closed = true;
        LIVE.remove(temp);
    }

    /** Discards the temporary file unless {@link #commit()} succeeded. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } finally {
            if (!committed) {
                Files.deleteIfExists(temp);
            }
            LIVE.remove(temp);
        }
    }
}
