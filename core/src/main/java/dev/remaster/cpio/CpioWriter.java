package dev.remaster.cpio;

import dev.remaster.internal.EntryBoundaryAware;
import dev.remaster.internal.FileDataSink;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a cpio archive entry by entry in newc, crc or odc.
 *
 * <pre>{@code
 * try (CpioWriter w = CpioWriter.of(out, WriteOptions.defaults())) {
 *     w.write(CpioEntry.directory("etc", 0755));
 *     w.write(CpioEntry.file("etc/motd", 0644, bytes.length), bytes);
 *     w.write(CpioEntry.symlink("bin/sh", "busybox"));
 * }   // close() writes the trailer and the block padding
 * }</pre>
 *
 * <p><b>Exact copies.</b> An entry read by {@link CpioReader} and passed here unchanged is written
 * with the header bytes it was read from, and a trailer with the padding that followed it, so that
 * copying every entry of an archive reproduces it byte for byte.
 *
 * <p><b>Checks.</b> Every header value is checked against its field before any byte of the entry is
 * written (4 GiB files in newc, odc's octal widths, names over 4095 bytes). The data given must be
 * exactly {@link CpioEntry#size()} bytes long.
 *
 * <p><b>Hard links.</b> The writer writes what it is given: for newc and crc, give the group's data
 * to its last link and size 0 to the others (as GNU cpio, libarchive and the kernel's gen_init_cpio
 * do); for odc, give every link its data.
 *
 * <p><b>crc sums.</b> The sum must be in the header, before the data. It is computed from a byte
 * array directly, from a file by reading the file once before writing it, from a stream read out of
 * a crc archive by trusting its verified header value (and checking it again as the data passes),
 * and otherwise by spooling the stream to a temporary file while summing it. Memory never holds
 * more than a copy buffer.
 *
 * <p><b>Entry boundaries.</b> When the output is {@link EntryBoundaryAware}, the writer passes it
 * every byte of an entry and then calls {@link EntryBoundaryAware#entryBoundary()}, after each
 * entry (a trailer's block padding included).
 *
 * <p>Not thread-safe. Closing the writer finishes the archive and closes the output.
 */
public final class CpioWriter implements Closeable {
    private static final int BUFFER_SIZE = 64 * 1024;
    /** Files at least this long are copied by the output itself when it is a {@link FileDataSink}. */
    private static final long DIRECT_COPY_MIN = 16 * 1024;

    private final OutputStream out;
    private final WriteOptions options;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    /** For summing and spooling crc data: {@link #buffer} may hold output not yet flushed. */
    private final byte[] scratch = new byte[BUFFER_SIZE];
    private int buffered;
    private long position;

    private final Map<LinkKey, Long> renumbered = new HashMap<>();
    private long nextInode = 1;
    private boolean lastWasTrailer;
    private boolean finished;

    private CpioWriter(OutputStream out, WriteOptions options) {
        this.out = out;
        this.options = options;
    }

    /**
     * A writer on {@code out} with {@link WriteOptions#defaults()}; it owns {@code out}.
     *
     * @param out the stream written to
     * @return a writer on {@code out} with {@link WriteOptions#defaults()}; it owns {@code out}
     */
    public static CpioWriter of(OutputStream out) {
        return of(out, WriteOptions.defaults());
    }

    /**
     * A writer on {@code out} with the given options; it owns {@code out}.
     *
     * @param out the stream written to
     * @param options the options
     * @return a writer on {@code out} with the given options; it owns {@code out}
     */
    public static CpioWriter of(OutputStream out, WriteOptions options) {
        if (out == null || options == null) {
            throw new NullPointerException(out == null ? "out" : "options");
        }
        return new CpioWriter(out, options);
    }

    /**
     * The options this writer was made with.
     *
     * @return the options this writer was made with
     */
    public WriteOptions options() {
        return options;
    }

    /**
     * Bytes written so far.
     *
     * @return bytes written so far
     */
    public long position() {
        return position;
    }

    /**
     * Writes an entry that has no data: a directory, device, fifo, socket, a hard link that does not
     * carry its group's data, a trailer, or a symbolic link (whose data is its target).
     *
     * @param entry the entry
     * @throws IOException if reading or writing fails
     */
    public void write(CpioEntry entry) throws IOException {
        byte[] target = entry.rawLinkTarget();
        if (target != null) {
            write(entry, target);
            return;
        }
        if (entry.size() != 0) {
            throw new IllegalArgumentException("entry '" + entry.name() + "' has size " + entry.size()
                    + ": pass its data");
        }
        writeChecked(entry, InputStream.nullInputStream(), 0L, true);
    }

    /**
     * Writes an entry whose data is {@code data}; its length must equal the entry's size.
     *
     * @param entry the entry
     * @param data the bytes
     * @throws IOException if reading or writing fails
     */
    public void write(CpioEntry entry, byte[] data) throws IOException {
        if (data.length != entry.size()) {
            throw new IllegalArgumentException("entry '" + entry.name() + "' has size " + entry.size()
                    + " but " + data.length + " bytes of data were given");
        }
        long sum = options.format() == CpioFormat.CRC ? DataSum.of(data, 0, data.length, 0) : 0;
        writeChecked(entry, new ByteArrayInputStream(data), sum, true);
    }

    /**
     * Writes an entry whose data is the content of {@code file}, which must have the entry's size.
     *
     * @param entry the entry
     * @param file the file
     * @throws IOException if reading or writing fails
     */
    public void write(CpioEntry entry, Path file) throws IOException {
        long sum = 0;
        if (options.format() == CpioFormat.CRC) {
            requireEncodable(entry);
            try (InputStream in = Files.newInputStream(file)) {
                sum = DataSum.of(in, scratch);
            }
        }
        if (out instanceof FileDataSink && entry.size() >= DIRECT_COPY_MIN && entry.type() == EntryType.REGULAR) {
            try (FileChannel in = FileChannel.open(file)) {
                writeChecked(entry, null, in, sum, true);
            }
            return;
        }
        try (InputStream in = new WholeFile(Files.newInputStream(file))) {
            writeChecked(entry, in, sum, true);
        }
    }

    /** A stream on a regular file, where a read that returns fewer bytes than asked has met the end. */
    private static final class WholeFile extends FilterInputStream {
        WholeFile(InputStream in) {
            super(in);
        }
    }

    /**
     * Writes an entry whose data is the next {@link CpioEntry#size()} bytes of {@code data}, which
     * must then be at its end. The stream is not closed.
     *
     * @param entry the entry
     * @param data the bytes
     * @throws IOException if reading or writing fails
     */
    public void write(CpioEntry entry, InputStream data) throws IOException {
        if (options.format() != CpioFormat.CRC || entry.size() == 0) {
            writeChecked(entry, data, 0, true);
        } else if (entry.format() == CpioFormat.CRC && entry.sourceHeader() != null) {
            // Read from a crc archive: its sum was verified there; check it again as it passes.
            writeChecked(entry, data, entry.checksum(), false);
        } else {
            requireEncodable(entry);
            Path spool = Files.createTempFile("remaster-crc-", ".spool");
            try {
                long sum;
                try (OutputStream spoolOut = Files.newOutputStream(spool, StandardOpenOption.WRITE)) {
                    sum = DataSum.copy(data, spoolOut, entry.size(), scratch);
                }
                try (InputStream in = Files.newInputStream(spool)) {
                    writeChecked(entry, in, sum, true);
                }
                requireEnd(entry, data);
            } finally {
                Files.deleteIfExists(spool);
            }
        }
    }

    /**
     * Writes the trailer (unless the last entry written was one) and the final block padding, and
     * flushes. Nothing may be written after. Called by {@link #close()}.
     *
     * @throws IOException if reading or writing fails
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        if (!lastWasTrailer) {
            write(CpioEntry.trailer().toBuilder().format(options.format()).build());
        }
        finished = true;
        flushBuffer();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            out.close();
        }
    }

    // ---- internals ----------------------------------------------------------------------------

    /**
     * @param knownSum the crc sum to put in the header (ignored for other formats)
     * @param sumTrusted whether {@code knownSum} was computed here; if not, it is checked as the data passes
     */
    private void writeChecked(CpioEntry entry, InputStream data, long knownSum, boolean sumTrusted)
            throws IOException {
        writeChecked(entry, data, null, knownSum, sumTrusted);
    }

    /**
     * @param file when not null, the data is this file's content, handed to the output (a
     *     {@link FileDataSink}) to copy itself; {@code data} is then unused
     */
    private void writeChecked(CpioEntry entry, InputStream data, FileChannel file, long knownSum, boolean sumTrusted)
            throws IOException {
        if (finished) {
            throw new IllegalStateException("the archive is finished: nothing can be written after it");
        }
        CpioFormat format = options.format();
        if (entry.type() != EntryType.REGULAR) {
            // Only regular files' data is summed (GNU cpio, libarchive and the kernel agree).
            knownSum = 0;
            sumTrusted = true;
        }
        long inode = inodeFor(entry);
        byte[] header;
        boolean verbatim = options.keepSourceHeaders() && entry.sourceHeader() != null
                && entry.format() == format && inode == entry.inode()
                && (format != CpioFormat.CRC || knownSum == entry.checksum() || !sumTrusted);
        try {
            header = verbatim ? entry.sourceHeader()
                    : HeaderCodec.encode(entry, format, inode, format == CpioFormat.CRC ? knownSum : 0,
                            entry.size());
        } catch (HeaderCodec.FieldTooLarge e) {
            throw new CpioFormatException(null, position, e.field(), entry.name(), e.getMessage());
        }
        put(header, 0, header.length);
        long sum = file != null ? transferData(entry, file) : copyData(entry, data, !sumTrusted && format == CpioFormat.CRC);
        if (!sumTrusted && format == CpioFormat.CRC && sum != knownSum) {
            throw new CpioFormatException(null, position, "c_check", entry.name(), String.format(
                    "checksum mismatch while copying: header says 0x%08X, data sums to 0x%08X", knownSum, sum));
        }
        int pad = format.padding(entry.size());
        for (int i = 0; i < pad; i++) {
            putByte(0);
        }
        lastWasTrailer = entry.isTrailer();
        if (lastWasTrailer) {
            renumbered.clear();
            nextInode = 1;
            long padding = entry.sourceHeader() != null && verbatim ? entry.trailerPadding()
                    : options.blockSize() > 1 ? (options.blockSize() - position % options.blockSize()) % options.blockSize()
                    : 0;
            for (long i = 0; i < padding; i++) {
                putByte(0);
            }
        }
        if (out instanceof EntryBoundaryAware boundaries) {
            flushBuffer();
            boundaries.entryBoundary();
        }
    }

    /**
     * Checks that the entry's header can be encoded before its data is read for a crc sum, so that a
     * value that does not fit is reported without reading (or spooling) any data.
     */
    private void requireEncodable(CpioEntry entry) throws CpioFormatException {
        try {
            HeaderCodec.encode(entry, options.format(), 0, 0, entry.size());
        } catch (HeaderCodec.FieldTooLarge e) {
            throw new CpioFormatException(null, position, e.field(), entry.name(), e.getMessage());
        }
    }

    private long copyData(CpioEntry entry, InputStream data, boolean summing) throws IOException {
        long left = entry.size();
        long sum = 0;
        boolean endSeen = false;
        while (left > 0) {
            if (buffered == buffer.length) {
                flushBuffer();
            }
            int room = buffer.length - buffered;
            // From a file, the last read asks for one byte more: coming back short, it has seen the
            // end, and the read that would look for it is saved (one system call per small file).
            boolean probe = data instanceof WholeFile && left < room;
            int n = data.read(buffer, buffered, (int) Math.min(left + (probe ? 1 : 0), room));
            if (n < 0) {
                throw new CpioFormatException(null, position, "c_filesize", entry.name(),
                        "declared size is " + entry.size() + " bytes but the data ended after "
                                + (entry.size() - left));
            }
            if (n > left) {
                throw longer(entry);
            }
            endSeen = probe && n == left;
            if (summing) {
                sum = DataSum.of(buffer, buffered, n, sum);
            }
            buffered += n;
            position += n;
            left -= n;
        }
        if (!endSeen) {
            requireEnd(entry, data);
        }
        return sum;
    }

    /** Has the output copy the whole of {@code file} (the entry's data, already summed if need be). */
    private long transferData(CpioEntry entry, FileChannel file) throws IOException {
        flushBuffer();
        long n = ((FileDataSink) out).transferFrom(file, 0, entry.size());
        position += n;
        if (n < entry.size()) {
            throw new CpioFormatException(null, position, "c_filesize", entry.name(),
                    "declared size is " + entry.size() + " bytes but the data ended after " + n);
        }
        if (file.read(ByteBuffer.allocate(1), entry.size()) > 0) {
            throw longer(entry);
        }
        return 0;
    }

    private void requireEnd(CpioEntry entry, InputStream data) throws IOException {
        if (entry.size() >= 0 && data.read() >= 0) {
            throw longer(entry);
        }
    }

    private CpioFormatException longer(CpioEntry entry) {
        return new CpioFormatException(null, position, "c_filesize", entry.name(),
                "declared size is " + entry.size() + " bytes but the data is longer");
    }

    private long inodeFor(CpioEntry entry) {
        if (options.inodes() == WriteOptions.InodePolicy.KEEP || entry.isTrailer()) {
            return entry.inode();
        }
        if (entry.isHardLinked()) {
            Long known = renumbered.get(entry.linkKey());
            if (known != null) {
                return known;
            }
            long assigned = nextInode++;
            renumbered.put(entry.linkKey(), assigned);
            return assigned;
        }
        return nextInode++;
    }

    private void put(byte[] b, int off, int len) throws IOException {
        if (len > buffer.length - buffered) {
            flushBuffer();
            if (len > buffer.length) {
                out.write(b, off, len);
                position += len;
                return;
            }
        }
        System.arraycopy(b, off, buffer, buffered, len);
        buffered += len;
        position += len;
    }

    private void putByte(int b) throws IOException {
        if (buffered == buffer.length) {
            flushBuffer();
        }
        buffer[buffered++] = (byte) b;
        position++;
    }

    private void flushBuffer() throws IOException {
        if (buffered > 0) {
            out.write(buffer, 0, buffered);
            buffered = 0;
        }
    }
}
