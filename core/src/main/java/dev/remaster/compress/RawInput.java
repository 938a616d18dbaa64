package dev.remaster.compress;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The compressed bytes of a member as its decoder sees them: the caller's raw stream read through
 * a buffer, with an exact count of the bytes the decoder has consumed. Reading ahead into the
 * buffer is what lets a decoder stop exactly at the end of its member while still reading raw in
 * large chunks; the count, not the position of raw, is what {@link MemberInputStream#compressedSize()}
 * reports.
 *
 * <p>An {@link IOException} thrown by raw itself is remembered, so that decoders can let an I/O
 * failure pass as it is instead of reporting it as corrupt data. Closing does not close raw.
 */
final class RawInput extends InputStream {
    static final int BUFFER_SIZE = 64 * 1024;

    private final InputStream raw;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int limit;
    private long consumed;
    private boolean eof;
    private IOException rawFailure;

    RawInput(InputStream raw) {
        this.raw = Objects.requireNonNull(raw, "raw");
    }

    /** Bytes consumed so far: handed out by the read methods or skipped. */
    long consumed() {
        return consumed;
    }

    /** The exception raw threw, or {@code null}. */
    IOException rawFailure() {
        return rawFailure;
    }

    /** The internal buffer, valid from {@link #position()} for {@link #buffered()} bytes. */
    byte[] buffer() {
        return buf;
    }

    int position() {
        return pos;
    }

    int buffered() {
        return limit - pos;
    }

    /** Consumes {@code n} bytes of the buffer, which must hold them. */
    void advance(int n) {
        if (n < 0 || n > limit - pos) {
            throw new IllegalArgumentException("advance (" + n + ") outside the buffered " + (limit - pos) + " bytes");
        }
        pos += n;
        consumed += n;
    }

    /** Makes sure the buffer is not empty; false at the end of raw. */
    boolean fill() throws IOException {
        if (pos < limit) {
            return true;
        }
        pos = 0;
        limit = 0;
        if (eof) {
            return false;
        }
        int n = readRaw(buf, 0, buf.length);
        if (n < 0) {
            return false;
        }
        limit = n;
        return true;
    }

    /**
     * Buffers at least {@code n} bytes (at most {@link #BUFFER_SIZE}) without consuming them.
     *
     * @return how many bytes are buffered: fewer than {@code n} only at the end of raw
     */
    int peek(int n) throws IOException {
        if (n > buf.length) {
            throw new IllegalArgumentException("peek (" + n + ") larger than the buffer");
        }
        if (limit - pos >= n) {
            return limit - pos;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        while (limit < n && !eof) {
            int r = readRaw(buf, limit, buf.length - limit);
            if (r > 0) {
                limit += r;
            }
        }
        return limit - pos;
    }

    /** Reads exactly {@code len} bytes unless raw ends first; returns how many were read. */
    int readFully(byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int r = read(b, off + total, len - total);
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total;
    }

    @Override
    public int read() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        consumed++;
        return buf[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (pos == limit) {
            if (len >= buf.length && !eof) {
                int n = readRaw(b, off, len);
                if (n > 0) {
                    consumed += n;
                }
                return n;
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        consumed += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && fill()) {
            int step = (int) Math.min(n - skipped, limit - pos);
            advance(step);
            skipped += step;
        }
        return skipped;
    }

    @Override
    public int available() {
        return limit - pos;
    }

    /** Does nothing: raw belongs to the caller. */
    @Override
    public void close() {
    }

    /** One read from raw: a positive count, or -1 at its end (a stream that returns 0 is retried a few times). */
    private int readRaw(byte[] b, int off, int len) throws IOException {
        try {
            int n = raw.read(b, off, len);
            for (int retries = 0; n == 0; retries++) {
                if (retries == 100) {
                    throw new IOException("raw input returned no bytes 100 times in a row");
                }
                n = raw.read(b, off, len);
            }
            if (n < 0) {
                eof = true;
            }
            return n;
        } catch (IOException e) {
            rawFailure = e;
            throw e;
        }
    }
}
