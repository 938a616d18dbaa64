package dev.remaster.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * A stretch of a compressed segment that decodes on its own, whatever precedes it: its compressed
 * byte range in the source file and the range of decompressed bytes it gives. Both codecs that
 * Remaster writes in chunks (gzip and zstd) describe their verified chunks this way, so that one
 * index and one reuse plan serve both. It lives below the codec and image packages so that neither
 * knows the other.
 */
public interface ChunkSpan {
    /**
     * Where its first compressed byte is in the source (a file offset).
     *
     * @return where its first compressed byte is in the source
     */
    long compressedStart();

    /**
     * Where its compressed bytes end (exclusive).
     *
     * @return where its compressed bytes end
     */
    long compressedEnd();

    /**
     * The offset of its first decompressed byte in the segment's output.
     *
     * @return the offset of its first decompressed byte
     */
    long uncompressedStart();

    /**
     * The offset just past its last decompressed byte.
     *
     * @return the offset just past its last decompressed byte
     */
    long uncompressedEnd();

    /**
     * Whether it ends the compressed stream, so that it can only be copied last.
     *
     * @return whether it ends the compressed stream
     */
    boolean endsStream();

    /**
     * This span followed by {@code next}, of the same kind, which must start where this one ends.
     *
     * @param next the span after this one
     * @return both as one span
     */
    ChunkSpan join(ChunkSpan next);

    /**
     * Its decompressed bytes, decoded from its own first compressed byte; reading fails with an
     * {@link IOException} if they are not what they were when the span was verified. Closing the
     * stream does not close the channel.
     *
     * @param source the file the span was found in
     * @return its decompressed bytes
     */
    InputStream open(FileChannel source);

    /**
     * How many bytes it decompresses to.
     *
     * @return how many bytes it decompresses to
     */
    default long uncompressedLength() {
        return uncompressedEnd() - uncompressedStart();
    }

    /**
     * Its length in the source.
     *
     * @return its length in the source
     */
    default long compressedLength() {
        return compressedEnd() - compressedStart();
    }

    /**
     * The index of the span holding decompressed offset {@code offset} in {@code spans}, which tile
     * the decompressed bytes in order: the last one starting at or before it.
     *
     * @param spans spans tiling the decompressed bytes, in order
     * @param offset a decompressed offset
     * @return the index of the span holding it
     * @throws IllegalArgumentException if no span holds it
     */
    static int indexOf(List<? extends ChunkSpan> spans, long offset) {
        int lo = 0;
        int hi = spans.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (spans.get(mid).uncompressedStart() <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        ChunkSpan c = spans.isEmpty() ? null : spans.get(lo);
        if (c == null || offset < c.uncompressedStart() || offset >= c.uncompressedEnd()) {
            throw new IllegalArgumentException("offset " + offset + " is in none of the " + spans.size() + " chunks");
        }
        return lo;
    }
}
