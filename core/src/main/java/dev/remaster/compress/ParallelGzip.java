package dev.remaster.compress;

import dev.remaster.internal.ChannelInput;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.function.Consumer;

/**
 * Inflates a gzip member of a file on several threads when its deflate data has flush points
 * (as Remaster, {@code pigz -i} and {@code pigz} write it): the stretches between them are
 * inflated at once by worker threads and handed out in order, with the same checks and the same
 * errors as the sequential decoder. A member with no flush point near its start (plain
 * {@code gzip}) is left to the sequential decoder.
 *
 * <p>The number of threads is the number of available processors, or the system property
 * {@value #THREADS_PROPERTY}; 1 keeps every member sequential.
 */
public final class ParallelGzip {
    /** The system property giving the number of inflating threads. */
    public static final String THREADS_PROPERTY = "remaster.inflate.threads";
    /** How far into the deflate data the first flush point must be for the member to be inflated in parallel. */
    static final long PROBE = 8L << 20;

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
     * {@code null} if the member is better read sequentially (one thread, or no flush point near
     * its start). The header is checked here; a bad one fails as with the sequential decoder.
     *
     * @param channel the file (read with positional reads; not closed)
     * @param start where the member starts
     * @param end where the data that may belong to the member ends (the segment's or file's end)
     * @param sourceName names the file in error messages
     * @param whenScanned gets the member's {@link FlushPointScan} once its trailer has been
     *     checked, or null
     * @param threads how many threads may inflate at once
     * @return the decoder, or null
     * @throws IOException if the header is not valid or reading fails
     */
    public static MemberInputStream open(FileChannel channel, long start, long end, String sourceName,
            Consumer<FlushPointScan> whenScanned, int threads) throws IOException {
        return open(channel, start, end, sourceName, whenScanned, threads, ParallelGzipDecoder.TASK_MIN);
    }

    /** As above, with tasks of at least {@code taskMin} compressed bytes (tests make them small). */
    static MemberInputStream open(FileChannel channel, long start, long end, String sourceName,
            Consumer<FlushPointScan> whenScanned, int threads, long taskMin) throws IOException {
        if (threads <= 1) {
            return null;
        }
        long deflateStart;
        try (GzipDecoder header = new GzipDecoder(new ChannelInput(channel, start, end), sourceName, start)) {
            header.begin();
            deflateStart = start + header.in.position();
        }
        return ParallelGzipDecoder.of(channel, sourceName, start, deflateStart, end, whenScanned, threads, PROBE, taskMin);
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
