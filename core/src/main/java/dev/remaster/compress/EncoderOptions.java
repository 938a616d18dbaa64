package dev.remaster.compress;

import java.util.Objects;

/**
 * How to compress: a level (whose range and meaning depend on the codec, see
 * {@link Compression#minLevel()}, {@link Compression#maxLevel()}) and the number of threads a codec
 * may use. {@link Compression#GZIP}, {@link Compression#ZSTD} and
 * {@link Compression#LZO} at levels 7 to 9 use more than one thread, and their output does not depend
 * on it; the other codecs ignore {@code threads}.
 *
 * @param level the compression level, checked against the codec when an encoder is made
 * @param threads the number of compressing threads, at least 1
 */
public record EncoderOptions(int level, int threads) {
    /**
     * Checks that {@code threads} is at least 1.
     *
     * @param level the compression level
     * @param threads the number of threads (at least 1)
     */
    public EncoderOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads (" + threads + ") must be at least 1");
        }
    }

    /**
     * The codec's {@link Compression#defaultLevel() default level} and one thread per available processor.
     *
     * @param compression the compression
     * @return the codec's {@link Compression#defaultLevel() default level} and one thread per available processor
     */
    public static EncoderOptions defaults(Compression compression) {
        Objects.requireNonNull(compression, "compression");
        return new EncoderOptions(compression.defaultLevel(), Runtime.getRuntime().availableProcessors());
    }

    /**
     * These options with another level.
     *
     * @param newLevel the codec's level, in its range (gzip 1-9, zstd 1-19, ...)
     * @return these options with another level
     */
    public EncoderOptions withLevel(int newLevel) {
        return new EncoderOptions(newLevel, threads);
    }

    /**
     * These options with another number of threads.
     *
     * @param newThreads how many threads compress, at least 1; the output is the same for any number
     * @return these options with another number of threads
     */
    public EncoderOptions withThreads(int newThreads) {
        return new EncoderOptions(level, newThreads);
    }
}
