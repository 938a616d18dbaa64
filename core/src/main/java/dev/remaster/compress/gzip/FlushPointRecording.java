package dev.remaster.compress.gzip;

import java.io.InputStream;
import java.util.function.Consumer;

/**
 * A gzip decoder that can also record the {@link FlushPointScan} of its member while it
 * decompresses it. The decoders that {@code Compression.GZIP.newDecoder} makes are such decoders.
 */
public interface FlushPointRecording {

    /**
     * Asks the decoder to scan its member for flush points. {@code whenDone} gets the scan once the
     * member's trailer has been checked, on the thread that reads the decoder to its end; it is not
     * called for a member that fails.
     *
     * @param whenDone where the scan goes
     * @throws IllegalStateException if the decoder has already produced data, or already records
     */
    void recordFlushPoints(Consumer<FlushPointScan> whenDone);

    /**
     * Asks {@code decoder}, a gzip decoder that has produced no data yet, to record its member's
     * flush points.
     *
     * @param decoder a gzip member decoder
     * @param whenDone where the scan goes once the member's trailer has been checked
     * @param <T> the decoder's type
     * @return {@code decoder}
     * @throws IllegalArgumentException if {@code decoder} cannot record flush points
     */
    static <T extends InputStream> T record(T decoder, Consumer<FlushPointScan> whenDone) {
        if (!(decoder instanceof FlushPointRecording recording)) {
            throw new IllegalArgumentException(decoder.getClass().getName() + " does not record flush points");
        }
        recording.recordFlushPoints(whenDone);
        return decoder;
    }
}
