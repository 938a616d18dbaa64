package dev.remaster.internal;

import java.io.InputStream;
import java.util.function.Consumer;

/**
 * A member decoder that can also record, while it decodes, the {@link ChunkEvidence} of its
 * member. The gzip and zstd decoders that {@code Compression.newDecoder} makes are such decoders.
 *
 * @param <T> what the decoder records
 */
public interface ChunkRecording<T extends ChunkEvidence> {

    /**
     * Asks the decoder to record its member's evidence. {@code whenDone} gets it once the member's
     * end (its checksum and size) has been verified, on the thread that reads the decoder to its
     * end; it is not called for a member that fails.
     *
     * @param whenDone where the evidence goes
     * @throws IllegalStateException if the decoder has already produced data, or already records
     */
    void recordChunks(Consumer<? super T> whenDone);

    /**
     * Asks {@code decoder}, which has produced no data yet, to record its member's evidence, if it
     * is a decoder that can.
     *
     * @param decoder a member decoder
     * @param whenDone where the evidence goes once the member's end has been verified
     * @return whether {@code decoder} records
     * @throws IllegalStateException if the decoder has already produced data, or already records
     */
    static boolean recordIfAble(InputStream decoder, Consumer<? super ChunkEvidence> whenDone) {
        if (decoder instanceof ChunkRecording<?> recording) {
            recording.recordChunks(whenDone);
            return true;
        }
        return false;
    }

    /**
     * Asks {@code decoder}, which has produced no data yet, to record evidence of {@code type}.
     *
     * @param decoder a member decoder that records evidence of {@code type}
     * @param type the evidence's class
     * @param whenDone where the evidence goes once the member's end has been verified
     * @param <D> the decoder's type
     * @param <T> the evidence's type
     * @return {@code decoder}
     * @throws IllegalArgumentException if {@code decoder} records nothing
     * @throws ClassCastException (when the evidence is delivered) if it records another type
     */
    static <D extends InputStream, T extends ChunkEvidence> D record(D decoder, Class<T> type,
            Consumer<? super T> whenDone) {
        if (!recordIfAble(decoder, evidence -> whenDone.accept(type.cast(evidence)))) {
            throw new IllegalArgumentException(decoder.getClass().getName() + " does not record chunk evidence");
        }
        return decoder;
    }
}
