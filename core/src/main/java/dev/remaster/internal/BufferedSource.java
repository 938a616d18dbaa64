package dev.remaster.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A stream read in order through a buffer, with an exact count of the bytes handed out: the one
 * buffered input of the cpio reader and of every decoder. Reading ahead into the buffer is what
 * lets a parser look at a header before taking it, and a decoder stop exactly at the end of its
 * member while still reading its source in large pieces; {@link #position()}, not the position of
 * the source, says how far the reader got.
 *
 * <p>How far a fill reads ahead is the caller's choice: a decoder wants whole buffers; the cpio
 * reader only a little past a header, because what follows is mostly data that a large
 * {@link #read(byte[], int, int)} copies straight to the caller (a full read-ahead would copy it
 * twice). Reads of at least that size bypass the buffer when it is empty.
 *
 * <p>An {@link IOException} thrown by the source is remembered ({@link #sourceFailure()}), so that
 * a decoder can let an I/O failure pass as it is instead of reporting it as corrupt data. Closing
 * does not close the source: it belongs to the caller. Not thread-safe.
 */
public final class BufferedSource extends InputStream {
    /** The buffer's initial size. */
    public static final int BUFFER_SIZE = 64 * 1024;
    /** Below this many bytes the source says are available, skipping is no cheaper than reading. */
    private static final int MIN_SKIP = 8 * 1024;

    private final InputStream source;
    private final int readAhead;
    private byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int limit;
    /** Position of {@code buf[0]} in the source. */
    private long bufStart;
    private boolean eof;
    private IOException sourceFailure;

    /**
     * An input that fills its buffer as far as it can with every read of the source.
     *
     * @param source the stream read from; not closed by {@link #close()}
     */
    public BufferedSource(InputStream source) {
        this(source, BUFFER_SIZE);
    }

    /**
     * An input whose fills read at most {@code readAhead} bytes past what the caller asked for.
     *
     * @param source the stream read from; not closed by {@link #close()}
     * @param readAhead how many bytes a fill reads at least (if the source has them); also the size
     *     from which reads into an empty buffer go straight to the caller's array
     */
    public BufferedSource(InputStream source, int readAhead) {
        this.source = Objects.requireNonNull(source, "source");
        if (readAhead < 1 || readAhead > BUFFER_SIZE) {
            throw new IllegalArgumentException("read-ahead " + readAhead + " outside 1.." + BUFFER_SIZE);
        }
        this.readAhead = readAhead;
    }

    /**
     * Bytes consumed so far: handed out by the read methods, advanced over or skipped.
     *
     * @return the position in the source of the next byte a read returns
     */
    public long position() {
        return bufStart + pos;
    }

    /**
     * The buffer, valid from {@link #bufferPosition()} for {@link #buffered()} bytes. A fill may
     * replace it: ask again after every fill.
     *
     * @return the internal buffer, not a copy
     */
    public byte[] buffer() {
        return buf;
    }

    /**
     * Where the next byte is in {@link #buffer()}.
     *
     * @return the index of the next unread byte
     */
    public int bufferPosition() {
        return pos;
    }

    /**
     * How many bytes are buffered and not consumed.
     *
     * @return the count of buffered bytes
     */
    public int buffered() {
        return limit - pos;
    }

    /**
     * The exception the source threw, if it threw one.
     *
     * @return that exception, or {@code null}
     */
    public IOException sourceFailure() {
        return sourceFailure;
    }

    /**
     * Consumes {@code n} buffered bytes.
     *
     * @param n how many; the buffer must hold them
     * @throws IllegalArgumentException if fewer are buffered
     */
    public void advance(int n) {
        if (n < 0 || n > limit - pos) {
            throw new IllegalArgumentException("advance (" + n + ") outside the buffered " + (limit - pos) + " bytes");
        }
        pos += n;
    }

    /**
     * Buffers at least {@code need} bytes without consuming them, unless the source ends first;
     * the buffer grows when it is too small.
     *
     * @param need how many bytes the caller wants to look at
     * @return how many bytes are buffered, possibly more than asked; fewer only at the end of the
     *     source
     * @throws IOException if the source fails
     */
    public int fill(int need) throws IOException {
        int available = limit - pos;
        if (available >= need || eof) {
            return available;
        }
        if (need > buf.length) {
            byte[] bigger = new byte[Math.max(need, buf.length * 2)];
            System.arraycopy(buf, pos, bigger, 0, available);
            buf = bigger;
        } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, available);
        }
        bufStart += pos;
        pos = 0;
        limit = available;
        int upTo = Math.min(buf.length, Math.max(need, readAhead));
        while (limit < need) {
            int n = readSource(buf, limit, upTo - limit);
            if (n < 0) {
                break;
            }
            limit += n;
        }
        return limit - pos;
    }

    /**
     * The next byte, not consumed.
     *
     * @return the byte, or -1 at the end of the source
     * @throws IOException if the source fails
     */
    public int peek() throws IOException {
        if (pos < limit) {
            return buf[pos] & 0xff;
        }
        return fill(1) > 0 ? buf[pos] & 0xff : -1;
    }

    @Override
    public int read() throws IOException {
        if (pos == limit && fill(1) == 0) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, dst.length);
        if (len == 0) {
            return 0;
        }
        int available = limit - pos;
        if (available == 0) {
            if (eof) {
                return -1;
            }
            if (len >= readAhead) {
                // The buffer is empty, so no copy is owed: read straight into the destination.
                int n = readSource(dst, off, len);
                if (n > 0) {
                    bufStart += pos + n;
                    pos = 0;
                    limit = 0;
                }
                return n;
            }
            if (fill(1) == 0) {
                return -1;
            }
            available = limit - pos;
        }
        int n = Math.min(available, len);
        System.arraycopy(buf, pos, dst, off, n);
        pos += n;
        return n;
    }

    /**
     * Reads exactly {@code len} bytes unless the source ends first.
     *
     * @param dst where the bytes go
     * @param off the first index written
     * @param len how many bytes are wanted
     * @return how many were read: fewer than {@code len} only at the end of the source
     * @throws IOException if the source fails
     */
    public int readFully(byte[] dst, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int r = read(dst, off + total, len - total);
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total;
    }

    /**
     * Reads {@code len} bytes, or as many as there are before the end of the source. The array
     * grows with the bytes that arrive, so a huge length declared by a header costs no memory that
     * the source does not back.
     *
     * @param len how many bytes are wanted
     * @return the bytes read, shorter than {@code len} only at the end of the source
     * @throws IOException if the source fails
     */
    public byte[] readUpTo(int len) throws IOException {
        byte[] dst = new byte[Math.min(len, BUFFER_SIZE)];
        int done = 0;
        while (done < len) {
            if (done == dst.length) {
                dst = Arrays.copyOf(dst, (int) Math.min(len, 2L * dst.length));
            }
            int n = read(dst, done, dst.length - done);
            if (n < 0) {
                return Arrays.copyOf(dst, done);
            }
            done += n;
        }
        return dst;
    }

    /**
     * Discards {@code n} bytes. Uses {@link InputStream#skip} of the source where it is sure to
     * work, and confirms the last byte by reading it: a {@link java.io.FileInputStream} lets skip
     * run past the end of its file, which would hide where a truncated input really ends. So skip
     * never goes beyond what {@link InputStream#available()} says is there, and sources that
     * report only a little (pipes, decompressors, which skip by reading anyway) are read instead.
     *
     * @param n how many bytes to discard
     * @return how many were really there: fewer than {@code n} only at the end of the source
     * @throws IOException if the source fails
     */
    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        long done = Math.min(limit - pos, n);
        pos += (int) done;
        if (done == n) {
            return done;
        }
        bufStart += pos;
        pos = 0;
        limit = 0;
        long toSkip = n - done - 1;
        while (toSkip > 0 && !eof) {
            int sure = source.available();
            if (sure < MIN_SKIP) {
                break;
            }
            long s = source.skip(Math.min(toSkip, sure));
            if (s <= 0) {
                break;
            }
            toSkip -= s;
            done += s;
            bufStart += s;
        }
        while (done < n) {
            if (fill(1) == 0) {
                return done;
            }
            int m = (int) Math.min(limit - pos, n - done);
            pos += m;
            done += m;
        }
        return done;
    }

    /**
     * How many bytes can be read without reading the source: the buffered ones.
     *
     * @return {@link #buffered()}
     */
    @Override
    public int available() {
        return limit - pos;
    }

    /** Does nothing: the source belongs to the caller. */
    @Override
    public void close() {
    }

    /** One read of the source: a positive count, or -1 at its end (a source that returns 0 is retried). */
    private int readSource(byte[] b, int off, int len) throws IOException {
        try {
            int n = source.read(b, off, len);
            for (int retries = 0; n == 0; retries++) {
                if (retries == 100) {
                    throw new IOException("the input returned no bytes 100 times in a row");
                }
                n = source.read(b, off, len);
            }
            if (n < 0) {
                eof = true;
            }
            return n;
        } catch (IOException e) {
            sourceFailure = e;
            throw e;
        }
    }
}
