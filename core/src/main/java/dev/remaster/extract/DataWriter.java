package dev.remaster.extract;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.internal.FileModes;


import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes the data of regular file entries, never through a link, and keeps the total within
 * {@link dev.remaster.cpio.Limits#maxTotalBytes()}: an entry that would go over it is refused before a byte
 * of it is written.
 */
final class DataWriter {
    private static final Set<OpenOption> CREATE_FILE = Set.of(
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> REWRITE_FILE = Set.of(
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
    /** New files are private to the owner until their own mode is applied. */
    private static final FileAttribute<?> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final ExtractOptions options;
    private final ReportBuilder report;
    private final byte[] buffer = new byte[256 * 1024];

    DataWriter(ExtractOptions options, ReportBuilder report) {
        this.options = options;
        this.report = report;
    }

    /**
     * Creates {@code p}, which must not exist ({@code O_CREAT|O_EXCL|O_NOFOLLOW}), with the entry's
     * data. Where the file's final permission bits {@code mode} carry no special bit, let its owner
     * read and write it (its times are set through a descriptor afterwards), no owner is to be set
     * and the umask takes none of them away, the file is created with them, and
     * no later chmod is needed; otherwise (and for a negative {@code mode}) it is private to its owner
     * until its mode is applied. When the data fails (ends early, is corrupt), the file is removed.
     *
     * @return whether {@code p} already has its final permission bits
     */
    boolean writeNew(CpioEntry e, Path p, InputStream data, int mode) throws IOException {
        requireBudget(e);
        boolean direct = mode >= 0 && !options.ownersRestored() && (mode & ~0777) == 0 && (mode & 0600) == 0600 && (mode & FileModes.umask()) == 0;
        FileAttribute<?> permissions = direct
                ? PosixFilePermissions.asFileAttribute(FileModes.permissions(mode)) : OWNER_ONLY_FILE;
        FileChannel out = FileChannel.open(p, CREATE_FILE, permissions);
        try (out) {
            copy(e, data, out);
        } catch (IOException | RuntimeException failed) {
            // A file cut short (truncated or corrupt data) is not left behind as if it were whole;
            // it is the file this call just created, so nothing else is removed.
            try {
                java.nio.file.Files.deleteIfExists(p);
            } catch (IOException cleanup) {
                failed.addSuppressed(cleanup);
            }
            throw failed;
        }
        return direct;
    }

    /**
     * Writes the entry's data over the content of a hard link group's file, which the caller has
     * just checked to be the regular file this run created; opened with {@code O_NOFOLLOW}.
     */
    void rewrite(CpioEntry e, Path p, InputStream data) throws IOException {
        requireBudget(e);
        try (FileChannel out = FileChannel.open(p, REWRITE_FILE)) {
            copy(e, data, out);
        }
    }

    private void requireBudget(CpioEntry e) throws ExtractLimitException {
        if (e.size() > options.limits().maxTotalBytes() - report.bytesWritten) {
            throw new ExtractLimitException(e.name(), e.headerOffset(), "maxTotalBytes", options.limits().maxTotalBytes(),
                    "its " + e.size() + " bytes would bring the data written to " + (report.bytesWritten + e.size())
                            + " bytes");
        }
    }

    private void copy(CpioEntry e, InputStream data, FileChannel out) throws IOException {
        long left = e.size();
        while (left > 0) {
            int n = data.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new ExtractException(e.name(), e.headerOffset(), "data ends after " + (e.size() - left)
                        + " of " + e.size() + " bytes", null);
            }
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
            left -= n;
            report.bytesWritten += n;
        }
        if (options.fsync()) {
            out.force(true);
        }
    }
}
