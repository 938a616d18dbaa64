package dev.remaster.compress.zstd;

import java.io.InputStream;
import java.util.function.Consumer;

/**
 * A zstd decoder that can also log the blocks of its frame ({@link ZstdBlockLog}) while it decodes
 * it. The decoders that {@code Compression.ZSTD.newDecoder} makes are such decoders.
 */
public interface ZstdBlockRecording {

    /**
     * Asks the decoder to log its frame's blocks. {@code whenDone} gets the log once the frame's end
     * (content size and checksum) has been verified, on the thread that reads the decoder to its
     * end; it is not called for a frame that fails.
     *
     * @param whenDone where the log goes
     * @throws IllegalStateException if the decoder has already produced data, or already logs
     */
    void recordBlocks(Consumer<ZstdBlockLog> whenDone);

    /**
     * Asks {@code decoder}, a zstd decoder that has produced no data yet, to log its frame's blocks.
     *
     * @param decoder a zstd frame decoder
     * @param whenDone where the log goes once the frame's end has been verified
     * @param <T> the decoder's type
     * @return {@code decoder}
     * @throws IllegalArgumentException if {@code decoder} cannot log blocks
     */
    static <T extends InputStream> T record(T decoder, Consumer<ZstdBlockLog> whenDone) {
        if (!(decoder instanceof ZstdBlockRecording recording)) {
            throw new IllegalArgumentException(decoder.getClass().getName() + " does not log zstd blocks");
        }
        recording.recordBlocks(whenDone);
        return decoder;
    }
}
