package dev.remaster.overlay;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.compress.zstd.ZstdLevelRule;
import dev.remaster.image.ArchiveSegment;

/**
 * How an edited image is written.
 *
 * @param compression the compression of every rewritten compressed segment, or {@code null} to
 *     keep each segment's own. Plain segments (such as early microcode, which the kernel needs
 *     uncompressed) stay plain.
 * @param level the compression level, or -1 for the compression's default
 * @param threads how many threads a compressor may use (gzip compresses blocks in parallel)
 * @param recompress whether compressed segments that no edit touches are recompressed too
 *     (otherwise they are copied byte for byte), and whether an edited gzip segment is
 *     recompressed whole (otherwise the chunks the edit leaves alone are copied, see
 *     {@link EditableImage})
 */
public record SaveOptions(Compression compression, int level, int threads, boolean recompress) {

    /**
     * Checks the components.
     *
     * @param compression the compression of every rewritten compressed segment, or {@code null} to
     *     keep each segment's own. Plain segments (such as early microcode, which the kernel needs
     *     uncompressed) stay plain.
     * @param level the compression level, or -1 for the compression's default
     * @param threads how many threads a compressor may use (gzip compresses blocks in parallel)
     * @param recompress whether compressed segments that no edit touches are recompressed too
     *     (otherwise they are copied byte for byte), and whether an edited gzip segment is
     *     recompressed whole (otherwise the chunks the edit leaves alone are copied, see
     *     {@link EditableImage})
     * @throws IllegalArgumentException if a component is out of range
     */
    public SaveOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads (" + threads + ") must be at least 1");
        }
        if (compression != null && !compression.canWrite()) {
            throw new IllegalArgumentException(compression.displayName() + " cannot be written");
        }
    }

    /**
     * Each segment keeps its compression at the default level; untouched segments are copied.
     *
     * @return each segment keeps its compression at the default level; untouched segments are copied
     */
    public static SaveOptions defaults() {
        return new SaveOptions(null, -1, Runtime.getRuntime().availableProcessors(), false);
    }

    /**
     * These options with {@code compression} (null keeps each segment's).
     *
     * @param compression the codec of rewritten compressed segments, or {@code null} to keep each one's own
     * @return these options with {@code compression} (null keeps each segment's)
     */
    public SaveOptions withCompression(Compression compression) {
        return new SaveOptions(compression, level, threads, recompress);
    }

    /**
     * These options with {@code level} (-1 for the default).
     *
     * @param level the compression level
     * @return these options with {@code level} (-1 for the default)
     */
    public SaveOptions withLevel(int level) {
        return new SaveOptions(compression, level, threads, recompress);
    }

    /**
     * These options with {@code threads}.
     *
     * @param threads the number of threads (at least 1)
     * @return these options with {@code threads}
     */
    public SaveOptions withThreads(int threads) {
        return new SaveOptions(compression, level, threads, recompress);
    }

    /**
     * These options with {@code recompress}.
     *
     * @param recompress whether compressed segments no edit touches are compressed again too
     * @return these options with {@code recompress}
     */
    public SaveOptions withRecompress(boolean recompress) {
        return new SaveOptions(compression, level, threads, recompress);
    }

    /** The compression a rewritten {@code segment} gets. */
    Compression compressionFor(ArchiveSegment segment) {
        if (segment.isPlain() || compression == null) {
            return segment.compression();
        }
        return compression;
    }

    /** Whether {@code segment} must be rewritten even if no edit touches it. */
    boolean forcesRewrite(ArchiveSegment segment) {
        return !segment.isPlain() && (recompress || (compression != null && compression != segment.compression()));
    }

    /** Encoder settings for {@code c}. */
    EncoderOptions encoderFor(Compression c) {
        EncoderOptions e = EncoderOptions.defaults(c).withThreads(threads);
        return level >= 0 ? e.withLevel(level) : e;
    }

    /**
     * Encoder settings for rewriting {@code original} with {@code c}: without a level given, a zstd
     * segment rewritten as zstd gets the level of {@link ZstdLevelRule}, so it keeps about its size.
     */
    EncoderOptions encoderFor(Compression c, ArchiveSegment original) {
        EncoderOptions e = encoderFor(c);
        if (level < 0 && c == Compression.ZSTD && original.compression() == Compression.ZSTD) {
            return e.withLevel(ZstdLevelRule.levelFor(original.length(), original.uncompressedSize()));
        }
        return e;
    }
}
