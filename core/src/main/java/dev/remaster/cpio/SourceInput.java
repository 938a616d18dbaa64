package dev.remaster.cpio;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A buffered view of the reader's input that knows its position. It never reads ahead by more
 * than one buffer, and large reads bypass the buffer.
 */
final class SourceInput {
    private static final int BUFFER_SIZE = 64 * 1024;
    /** How far past what is needed a fill reads. */
    private static final int READ_AHEAD = 8 * 1024;
    /** Below this many available bytes, reading is as cheap as skipping. */
    private static final int MIN_SKIP = 8 * 1024;

    private final InputStream in;
    private byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int limit;
    /** Stream position of {@code buf[0]}. */
    private long bufStart;
    private boolean eof;

    SourceInput(InputStream in) {
        this.in = in;
    }

    /** Bytes consumed so far from the start of the stream. */
    long position() {
        return bufStart + pos;
    }

    byte[] buffer() {
        return buf;
    }

    int bufferPosition() {
        return pos;
    }

    /**
     * Makes at least {@code need} bytes available at {@link #bufferPosition()}, unless the input
     * ends first. Returns how many are available (possibly more than asked).
     */
    int fill(int need) throws IOException {
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
        // Read ahead a little, not a whole buffer: what follows a header is mostly data, which
        // read() copies straight to the caller, and a full read-ahead would copy it twice.
        int upTo = Math.min(buf.length, Math.max(need, READ_AHEAD));
        while (limit < need) {
            int n = in.read(buf, limit, upTo - limit);
            if (n < 0) {
                eof = true;
                break;
            }
            limit += n;
        }
        return limit - pos;
    }

    /** The byte at the current position, or -1 at the end of input. */
    int peek() throws IOException {
        if (pos < limit) {
            return buf[pos] & 0xff;
        }
        return fill(1) > 0 ? buf[pos] & 0xff : -1;
    }

    void advance(int n) {
        pos += n;
    }

    /**
     * Reads {@code len} bytes, or as many as there are before the end of input. The array grows
     * with the bytes that arrive, so a huge length declared by a header costs no memory that the
     * input does not back.
     */
    byte[] readUpTo(int len) throws IOException {
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

    /** Like {@link InputStream#read(byte[], int, int)}; -1 at the end of input. */
    int read(byte[] dst, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int available = limit - pos;
        if (available > 0) {
            int n = Math.min(available, len);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
            return n;
        }
        if (eof) {
            return -1;
        }
        if (len >= READ_AHEAD) {
            // Large reads go straight to the destination: the buffer is empty, so no copy is owed.
            int n = in.read(dst, off, len);
            if (n < 0) {
                eof = true;
                return -1;
            }
            bufStart += pos + n;
            pos = 0;
            limit = 0;
            return n;
        }
        if (fill(1) == 0) {
            return -1;
        }
        return read(dst, off, len);
    }

    /**
     * Discards {@code n} bytes. Returns how many were really there: less than {@code n} only at the
     * end of input. Uses {@link InputStream#skip} where it works, and confirms the last byte by
     * reading it. A {@link java.io.FileInputStream} lets skip run past the end of its file, which
     * would hide where a truncated input really ends: so skip never goes beyond what
     * {@link InputStream#available()} says is there, and streams that report only a little
     * (pipes, decompressors, which skip by reading anyway) are read instead.
     */
    long discard(long n) throws IOException {
        long done = 0;
        int available = limit - pos;
        int fromBuf = (int) Math.min(available, n);
        pos += fromBuf;
        done += fromBuf;
        if (done == n) {
            return done;
        }
        // The buffer is empty here.
        bufStart += pos;
        pos = 0;
        limit = 0;
        long toSkip = n - done - 1;
        while (toSkip > 0 && !eof) {
            int sure = in.available();
            if (sure < MIN_SKIP) {
                break;
            }
            long s = in.skip(Math.min(toSkip, sure));
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

    void close() throws IOException {
        in.close();
    }
}
