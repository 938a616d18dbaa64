package dev.remaster.cpio;

import dev.remaster.internal.BufferedSource;
import dev.remaster.internal.BulkInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads cpio entries one after another from a stream, in any of the {@link CpioFormat}s, told
 * apart header by header by their magic.
 *
 * <pre>{@code
 * try (CpioReader reader = CpioReader.of(in)) {
 *     for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
 *         if (e.isTrailer()) continue;          // the end of one archive; more may follow
 *         InputStream data = reader.data();     // this entry's bytes, straight from the source
 *     }
 * }
 * }</pre>
 *
 * <p><b>Streaming.</b> An entry's data is never buffered: {@link #data()} reads it from the source,
 * and {@link #next()} skips what was not read, on pipes as well as files. Memory stays flat
 * whatever the size of an entry or of the archive; only a name and a symbolic link target (each
 * bounded by {@link ReadOptions}) are held.
 *
 * <p><b>Trailers and concatenated archives.</b> The {@code TRAILER!!!} entry is returned like any
 * other, so the caller sees where each archive ends. After it the reader skips NUL padding (and
 * records how much in {@link CpioEntry#trailerPadding()}) and goes on with the next archive, as
 * the Linux kernel does with an initramfs. The input may end only after a trailer.
 *
 * <p><b>Checks.</b> Every malformed header, a truncated entry, or a {@code crc} sum that does not
 * match the data is a {@link CpioFormatException} naming the source, the offset, the field and the
 * entry: never a silently skipped entry.
 *
 * <p>Not thread-safe.
 */
public final class CpioReader implements EntryReader {
    /** The largest array the JVM reliably allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final InputStream source;
    private final BufferedSource input;
    private final ReadOptions options;

    private CpioEntry current;
    private long dataStart;
    private long remaining;
    private long sum;
    private boolean summing;
    private InputStream currentData;
    private boolean currentFinished;

    private boolean afterTrailer;
    private boolean finished;
    private boolean endedWithoutTrailer;
    private int archiveIndex;
    private long entries;

    private CpioReader(InputStream in, ReadOptions options) {
        this.source = in;
        // A little read-ahead only: what follows a header is mostly data, which read() copies straight
        // to the caller.
        this.input = new BufferedSource(in, 8 * 1024);
        this.options = options;
    }

    /**
     * A reader with {@link ReadOptions#defaults()}. The reader owns {@code in} and closes it.
     *
     * @param in the stream read from
     * @return a reader with {@link ReadOptions#defaults()}
     */
    public static CpioReader of(InputStream in) {
        return of(in, ReadOptions.defaults());
    }

    /**
     * A reader with the given options. The reader owns {@code in} and closes it.
     *
     * @param in the stream read from
     * @param options the options
     * @return a reader with the given options
     */
    public static CpioReader of(InputStream in, ReadOptions options) {
        if (in == null || options == null) {
            throw new NullPointerException(in == null ? "in" : "options");
        }
        return new CpioReader(in, options);
    }

    /**
     * The options this reader was made with.
     *
     * @return the options this reader was made with
     */
    public ReadOptions options() {
        return options;
    }

    /**
     * Moves to the next entry, skipping whatever was not read of the current one's data.
     *
     * @return the next entry (trailers included), or {@code null} at the end of the input (or, with
     *     {@link ReadOptions#stopAtForeignData()}, at bytes that do not start an archive)
     * @throws CpioFormatException on malformed input
     */
    @Override
    public CpioEntry next() throws IOException {
        finishEntry();
        if (finished) {
            return null;
        }
        if (afterTrailer) {
            afterTrailer = false;
            int b = input.peek();
            if (b < 0) {
                finished = true;
                return null;
            }
            long pos = input.position();
            boolean magicAhead = input.fill(6) >= 6
                    && HeaderCodec.detect(input.buffer(), input.bufferPosition(), 6) != null;
            if (options.stopAtForeignData() && (!magicAhead || (pos & 3) != 0)) {
                finished = true;
                return null;
            }
            if (!magicAhead) {
                throw error(pos, null, null, "junk after TRAILER!!!: "
                        + HeaderCodec.printable(input.buffer(), input.bufferPosition(),
                                Math.min(8, input.fill(8))));
            }
            archiveIndex++;
        }
        if (entries >= options.limits().maxEntries()) {
            throw error(input.position(), null, null, "more than " + options.limits().maxEntries()
                    + " entries (raise Limits.maxEntries to read it)");
        }
        current = readHeader();
        if (current == null) {
            return null;
        }
        entries++;
        return current;
    }

    /**
     * The entry {@link #next()} last returned, or {@code null}.
     *
     * @return the entry {@link #next()} last returned, or {@code null}
     */
    public CpioEntry current() {
        return current;
    }

    /**
     * Counts archives: 0 until the first trailer has been passed, then 1, and so on.
     *
     * @return counts archives: 0 until the first trailer has been passed, then 1, and so on
     */
    public int archiveIndex() {
        return archiveIndex;
    }

    /**
     * The current entry's data: exactly {@link CpioEntry#size()} bytes, read from the source as
     * they are asked for. Valid until the next call to {@link #next()}; closing it does nothing.
     * A trailer's data (its size is normally 0) has already been skipped, as the kernel skips it:
     * its stream is empty.
     */
    @Override
    public InputStream data() {
        if (current == null) {
            throw new IllegalStateException("no current entry: call next() first");
        }
        return currentData;
    }

    /**
     * Offset just past what has been consumed, relative to the stream start (add
     * {@link ReadOptions#baseOffset()} for the file position). After {@link #next()} returned
     * {@code null} in stop-at-foreign-data mode, this is where the foreign data starts.
     *
     * @return offset just past what has been consumed, relative to the stream start (add {@link ReadOptions#baseOffset()} for the file position)
     */
    public long position() {
        return input.position();
    }

    /**
     * Whether the input ended after a whole entry but before a TRAILER!!! entry, which only a
     * reader with {@link ReadOptions#stopAtForeignData()} accepts (as the kernel does for an
     * uncompressed archive); otherwise that end is a {@link CpioFormatException}.
     *
     * @return whether {@link #next()} returned {@code null} at such an end
     */
    public boolean endedWithoutTrailer() {
        return endedWithoutTrailer;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    // ---- internals ----------------------------------------------------------------------------

    private CpioEntry readHeader() throws IOException {
        long headerPos = input.position();
        int available = input.fill(6);
        if (available == 0) {
            if (headerPos == 0) {
                throw error(headerPos, null, null, "empty input: no cpio archive");
            }
            if (options.stopAtForeignData()) {
                // The kernel unpacks an uncompressed archive that stops after a whole entry.
                finished = true;
                endedWithoutTrailer = true;
                return null;
            }
            throw error(headerPos, null, null, "input ends without a TRAILER!!! entry (truncated archive)");
        }
        byte[] buf = input.buffer();
        int at = input.bufferPosition();
        CpioFormat format = HeaderCodec.detect(buf, at, available);
        if (format == null) {
            throw error(headerPos, "c_magic", null, "bad magic '"
                    + HeaderCodec.printable(buf, at, Math.min(6, available)) + "': not a cpio header");
        }
        int headerLength = format.headerLength();
        if (input.fill(headerLength) < headerLength) {
            throw error(headerPos, null, null, "truncated " + name(format) + " header: " + headerLength
                    + " bytes expected, input ends after " + input.fill(headerLength));
        }
        buf = input.buffer();
        final int base = input.bufferPosition();
        HeaderCodec.Fields f = HeaderCodec.decode(format, buf, base,
                (index, field, detail) -> error(headerPos + index - base, field, null, detail));

        if (f.nameSize == 0) {
            throw error(headerPos, "c_namesize", null, "0: a name needs at least its NUL byte");
        }
        if (f.nameSize > options.limits().maxNameSize()) {
            throw error(headerPos, "c_namesize", null, f.nameSize + " is over the limit of "
                    + options.limits().maxNameSize() + " bytes (raise Limits.maxNameSize to read it)");
        }
        int nameSize = (int) f.nameSize;
        long headerAndName = headerLength + f.nameSize;
        long total = headerAndName + format.padding(headerAndName);
        if (total > MAX_ARRAY) {
            throw error(headerPos, "c_namesize", null, f.nameSize + " is too large to hold in memory");
        }
        byte[] raw = input.readUpTo((int) total);
        int got = raw.length;
        if (got < headerLength + nameSize) {
            throw error(headerPos, "c_namesize", null, "name of " + nameSize
                    + " bytes runs past the end of the input");
        }
        if (got < total) {
            throw error(headerPos + got, null, null, "input ends in the padding after the name");
        }
        if (raw[headerLength + nameSize - 1] != 0) {
            throw error(headerPos, "c_namesize", printableName(raw, headerLength, nameSize),
                    "name is not NUL-terminated");
        }
        int nameLength = 0;
        while (raw[headerLength + nameLength] != 0) {
            nameLength++;
        }
        byte[] name = Arrays.copyOfRange(raw, headerLength, headerLength + nameLength);
        if (nameLength == 0) {
            throw error(headerPos, "c_namesize", null, "empty name");
        }

        CpioEntry.Builder b = CpioEntry.builder(name)
                .format(format).inode(f.inode).mode(f.mode).uid(f.uid).gid(f.gid).nlink(f.nlink)
                .mtime(f.mtime).size(f.size).dev(f.devMajor, f.devMinor)
                .rdevMajor(f.rdevMajor).rdevMinor(f.rdevMinor).checksum(f.checksum);

        dataStart = input.position();
        if (f.size > options.limits().maxTotalBytes() - dataStart) {
            throw error(headerPos, "c_filesize", printableName(name, 0, name.length), "data of " + f.size + " bytes would take the archive past "
                    + "the limit of " + options.limits().maxTotalBytes() + " bytes (raise Limits.maxTotalBytes to read it)");
        }
        remaining = f.size;
        sum = 0;
        // As in GNU cpio and the kernel, only regular files' data is summed.
        summing = format == CpioFormat.CRC && options.verifyChecksums() && EntryType.of(f.mode) == EntryType.REGULAR;

        boolean trailer = nameLength == 10 && CpioEntry.TRAILER_NAME.equals(new String(name, 0, 10,
                java.nio.charset.StandardCharsets.ISO_8859_1));
        if (EntryType.of(f.mode) == EntryType.SYMLINK && !trailer) {
            if (f.size > options.limits().maxLinkTargetSize()) {
                throw error(headerPos, "c_filesize", printableName(name, 0, name.length), "symbolic link target of " + f.size
                        + " bytes is over the limit of " + options.limits().maxLinkTargetSize()
                        + " bytes (raise Limits.maxLinkTargetSize to read it)");
            }
            if (f.size > MAX_ARRAY) {
                throw error(headerPos, "c_filesize", printableName(name, 0, name.length), "symbolic link target of " + f.size
                        + " bytes is too large to hold in memory");
            }
            byte[] target = input.readUpTo((int) f.size);
            int n = target.length;
            if (n < f.size) {
                throw error(dataStart + n, "c_filesize", printableName(name, 0, name.length), "truncated data: " + f.size
                        + " bytes expected, input ends after " + n);
            }
            remaining = 0;
            b.rawLinkTarget(target);
        }
        b.readFrom(options.baseOffset() + headerPos, raw);
        CpioEntry entry = b.build();
        current = entry;
        currentFinished = false;
        currentData = entry.type() == EntryType.SYMLINK && !trailer
                ? new ByteArrayInputStream(entry.rawLinkTarget())
                : new DataStream(entry);
        if (trailer) {
            current = entry;
            finishEntry();
            long padding = skipNuls();
            afterTrailer = true;
            entry = entry.toBuilder().trailerPadding(padding).build();
            current = entry;
        }
        return entry;
    }

    private long skipNuls() throws IOException {
        long count = 0;
        while (true) {
            int available = input.fill(1);
            if (available == 0) {
                return count;
            }
            byte[] buf = input.buffer();
            int at = input.bufferPosition();
            int i = 0;
            while (i < available && buf[at + i] == 0) {
                i++;
            }
            input.advance(i);
            count += i;
            if (i < available) {
                return count;
            }
        }
    }

    /** Skips the rest of the current entry's data and its padding, and checks its sum. */
    private void finishEntry() throws IOException {
        if (current == null || currentFinished) {
            return;
        }
        CpioEntry e = current;
        if (remaining > 0) {
            if (summing) {
                byte[] scratch = new byte[(int) Math.min(remaining, 64 * 1024)];
                while (remaining > 0) {
                    int n = input.read(scratch, 0, (int) Math.min(remaining, scratch.length));
                    if (n < 0) {
                        throw truncatedData(e);
                    }
                    sum = DataSum.of(scratch, 0, n, sum);
                    remaining -= n;
                }
            } else {
                long n = input.skip(remaining);
                remaining -= n;
                if (remaining > 0) {
                    throw truncatedData(e);
                }
            }
        }
        int padding = e.format().padding(e.size());
        if (padding > 0 && input.skip(padding) < padding) {
            throw error(input.position(), null, e.name(), "input ends in the padding after the data");
        }
        if (summing && (sum & 0xffffffffL) != e.checksum()) {
            throw error(e.headerOffset() - options.baseOffset(), "c_check", e.name(),
                    String.format("checksum mismatch: header says 0x%08X, data sums to 0x%08X",
                            e.checksum(), sum & 0xffffffffL));
        }
        currentFinished = true;
        summing = false;
    }

    private CpioFormatException truncatedData(CpioEntry e) {
        long read = e.size() - remaining;
        return error(dataStart + read, "c_filesize", e.name(), "truncated data: " + e.size()
                + " bytes expected, input ends after " + read);
    }

    private static String name(CpioFormat f) {
        return f.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    private static String printableName(byte[] b, int off, int len) {
        String s = new String(b, off, Math.min(len, 200), java.nio.charset.StandardCharsets.UTF_8);
        return len > 200 ? s + "..." : s;
    }

    private CpioFormatException error(long relativeOffset, String field, String entry, String detail) {
        return new CpioFormatException(options.sourceName(), options.baseOffset() + relativeOffset,
                field, entry, detail);
    }

    /** The current entry's data, bounded by its size, read straight from the source. */
    private final class DataStream extends BulkInputStream {
        private final CpioEntry owner;

        DataStream(CpioEntry owner) {
            this.owner = owner;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            CpioEntry e = entryOrStale();
            if (e == null || remaining == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = input.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw truncatedData(e);
            }
            if (summing) {
                sum = DataSum.of(b, off, n, sum);
            }
            remaining -= n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            CpioEntry e = entryOrStale();
            if (e == null || n <= 0 || remaining == 0) {
                return 0;
            }
            if (summing) {
                return super.skip(n);
            }
            long want = Math.min(n, remaining);
            long done = input.skip(want);
            remaining -= done;
            if (done < want) {
                throw truncatedData(e);
            }
            return done;
        }

        @Override
        public int available() {
            return 0;
        }

        private CpioEntry entryOrStale() {
            return current == owner ? owner : null;
        }
    }
}
