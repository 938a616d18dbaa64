package dev.remaster.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Set;

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
        this.stream = new FilterOutputStream(Channels.newOutputStream(channel)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (FileSystemException e) {
                    throw e;
                } catch (IOException e) {
                    // "No space left on device" names no file: name the target, never the temporary file.
                    throw (IOException) new FileSystemException(target.toString(), null, e.getMessage()).initCause(e);
                }
            }

            @Override
            public void close() {
                // The channel is closed by commit() or close().
            }
        };
    }

    /** Starts writing {@code target}; its directory must exist. */
    public static AtomicOutput create(Path target) throws IOException {
        Objects.requireNonNull(target, "target");
        Path absolute = target.toAbsolutePath();
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
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        return new AtomicOutput(absolute, temp, channel);
    }

    /** Where the bytes go until {@link #commit()}. Closing it does nothing. */
    public OutputStream stream() {
        return stream;
    }

    /** The temporary file's channel, for direct transfers. */
    public FileChannel channel() {
        return channel;
    }

    /** The temporary file. */
    public Path temporaryFile() {
        return temp;
    }

    /**
     * Flushes the bytes to disk and renames the temporary file over the target. The target keeps
     * the permissions it had; a new target gets 0644.
     */
    public void commit() throws IOException {
        if (closed) {
            throw new IllegalStateException("already closed");
        }
        stream.flush();
        channel.force(true);
        channel.close();
        Set<PosixFilePermission> perms = null;
        try {
            perms = Files.exists(target) ? Files.getPosixFilePermissions(target) : Set.of(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
            Files.setPosixFilePermissions(temp, perms);
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
        }
    }
}
