package dev.remaster.compress.gzip;

import dev.remaster.compress.MemberInputStream;
import dev.remaster.internal.ChannelInput;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;

/**
 * Inflates a gzip member of a file on several threads when its deflate data has flush points
 * (as Remaster, {@code pigz -i} and {@code pigz} write it): the stretches between them are
 * inflated at once by worker threads and handed out in order, with the same checks and the same
 * errors as the sequential decoder. A member with no flush point near its start (plain
 * {@code gzip}), or whose header is not valid, is left to the sequential decoder, which reports
 * a bad header as usual.
 *
 * <p>The decoder records flush points ({@link dev.remaster.internal.ChunkRecording}) as the sequential one does,
 * to the same {@link FlushPointScan}.
 *
 * <p>The number of threads is the number of available processors, or the system property
 * {@value #THREADS_PROPERTY}; 1 keeps every member sequential.
 */
public final class ParallelGzip {
    /** The system property giving the number of inflating threads. */
    public static final String THREADS_PROPERTY = "remaster.inflate.threads";
    /** How far into the deflate data the first flush point must be for the member to be inflated in parallel. */
    static final long PROBE = 8L << 20;
    /** The longest header read here: longer names, comments or extra fields go to the sequential decoder. */
    private static final int MAX_HEADER = 64 * 1024;

    private ParallelGzip() {
    }

    /**
     * How many threads inflate a gzip member: {@value #THREADS_PROPERTY} if set, else the number of
     * available processors.
     *
     * @return how many threads inflate a gzip member, at least 1
     */
    public static int threads() {
        Integer n = Integer.getInteger(THREADS_PROPERTY);
        return Math.max(1, n != null ? n : Runtime.getRuntime().availableProcessors());
    }

    /**
     * A decoder of the gzip member at {@code start} that inflates on {@code threads} threads, or
     * {@code null} if the member is better read sequentially (one thread, no flush point near its
     * start, or a header this does not take).
     *
     * @param channel the file (read with positional reads; not closed)
     * @param start where the member starts
     * @param end where the data that may belong to the member ends (the segment's or file's end)
     * @param sourceName names the file in error messages
     * @param threads how many threads may inflate at once
     * @return the decoder, or null
     * @throws IOException if reading fails
     */
    public static MemberInputStream open(FileChannel channel, long start, long end, String sourceName, int threads)
            throws IOException {
        return open(channel, start, end, sourceName, threads, ParallelGzipDecoder.TASK_MIN);
    }

    /** As above, with tasks of at least {@code taskMin} compressed bytes (tests make them small). */
    static MemberInputStream open(FileChannel channel, long start, long end, String sourceName, int threads,
            long taskMin) throws IOException {
        return open(channel, start, end, sourceName, threads, taskMin, true);
    }

    /** As above; unless {@code checkFirstChunk}, members whose first chunk does not decode alone are taken too. */
    static MemberInputStream open(FileChannel channel, long start, long end, String sourceName, int threads,
            long taskMin, boolean checkFirstChunk) throws IOException {
        if (threads <= 1) {
            return null;
        }
        long deflateStart = deflateStart(channel, start, end);
        if (deflateStart < 0) {
            return null;
        }
        return ParallelGzipDecoder.of(channel, sourceName, start, deflateStart, end, threads, PROBE, taskMin,
                checkFirstChunk);
    }

    /**
     * How far a fault-free gzip header at {@code start} reaches (RFC 1952: the fixed 10 bytes,
     * FEXTRA, FNAME, FCOMMENT, FHCRC verified), or -1 for anything else.
     */
    static long deflateStart(FileChannel channel, long start, long end) throws IOException {
        byte[] h = ChannelInput.readAt(channel, start, (int) Math.min(MAX_HEADER, end - start), end);
        if (h.length < 10 || (h[0] & 0xFF) != GzipFormat.ID1
                || ((h[1] & 0xFF) != GzipFormat.ID2 && (h[1] & 0xFF) != GzipFormat.ID2_OLD)
                || (h[2] & 0xFF) != GzipFormat.CM_DEFLATE || (h[3] & GzipFormat.FRESERVED) != 0) {
            return -1;
        }
        int flags = h[3] & 0xFF;
        int p = 10;
        if ((flags & GzipFormat.FEXTRA) != 0) {
            if (p + 2 > h.length) {
                return -1;
            }
            p += 2 + ((h[p] & 0xFF) | (h[p + 1] & 0xFF) << 8);
        }
        for (int field : new int[] {GzipFormat.FNAME, GzipFormat.FCOMMENT}) {
            if ((flags & field) != 0) {
                while (p < h.length && h[p] != 0) {
                    p++;
                }
                p++; // the NUL
            }
        }
        if ((flags & GzipFormat.FHCRC) != 0) {
            if (p + 2 > h.length) {
                return -1;
            }
            CRC32 crc = new CRC32();
            crc.update(h, 0, p);
            if (((h[p] & 0xFF) | (h[p + 1] & 0xFF) << 8) != ((int) crc.getValue() & 0xFFFF)) {
                return -1;
            }
            p += 2;
        }
        return p > h.length ? -1 : start + p;
    }

    /**
     * How far into the file {@code decoder} has read, for progress reports, if {@link #open} made
     * it; safe to call from any thread.
     *
     * @param decoder a decoder
     * @return the file offset reached, or -1 if {@code decoder} was not made by {@link #open}
     */
    public static long position(MemberInputStream decoder) {
        return decoder instanceof ParallelGzipDecoder p ? p.position() : -1;
    }
}
