package dev.remaster.compress.gzip;

import dev.remaster.internal.ChunkSpan;

import java.io.InputStream;
import java.nio.channels.FileChannel;

/**
 * A stretch of a deflate stream between two points where the stream could be cut: its compressed
 * byte range in the source, the range of decompressed bytes it produces, and their CRC-32.
 *
 * <p>As found by {@link FlushPointScan} a span is only a candidate; the spans that
 * {@link IndependentChunks} returns have each been decoded on their own, from a fresh inflater
 * with no dictionary, to exactly these bytes.
 *
 * @param compressedStart where its first byte is in the source (a file offset)
 * @param compressedEnd where it ends (exclusive)
 * @param uncompressedStart the offset of its first decompressed byte in the member's output
 * @param uncompressedEnd the offset just past its last decompressed byte
 * @param crc32 the CRC-32 of its decompressed bytes
 * @param endsStream whether it ends the deflate stream (holds the block marked final); otherwise
 *     it ends byte-aligned at a block boundary
 */
public record DeflateSpan(long compressedStart, long compressedEnd, long uncompressedStart, long uncompressedEnd,
        long crc32, boolean endsStream) implements ChunkSpan {

    /**
     * Checks that both ranges are well ordered.
     *
     * @param compressedStart the compressed start
     * @param compressedEnd the compressed end
     * @param uncompressedStart the uncompressed start
     * @param uncompressedEnd the uncompressed end
     * @param crc32 the crc32
     * @param endsStream the ends stream
     */
    public DeflateSpan {
        if (compressedStart < 0 || compressedEnd < compressedStart || uncompressedStart < 0
                || uncompressedEnd < uncompressedStart) {
            throw new IllegalArgumentException("bad span: compressed " + compressedStart + ".." + compressedEnd
                    + ", uncompressed " + uncompressedStart + ".." + uncompressedEnd);
        }
    }

    /**
     * This span followed by {@code next}, which must start where this one ends.
     *
     * @param next the next
     * @return this span followed by {@code next}, which must start where this one ends
     */
    @Override
    public DeflateSpan join(ChunkSpan next) {
        if (!(next instanceof DeflateSpan d)) {
            throw new IllegalArgumentException(next + " is not a deflate span");
        }
        return join(d);
    }

    /**
     * This span followed by {@code next}, which must start where this one ends.
     *
     * @param next the next
     * @return this span followed by {@code next}, which must start where this one ends
     */
    public DeflateSpan join(DeflateSpan next) {
        if (next.compressedStart != compressedEnd || next.uncompressedStart != uncompressedEnd) {
            throw new IllegalArgumentException(next + " does not follow " + this);
        }
        if (endsStream) {
            throw new IllegalArgumentException(this + " ends the stream: nothing can follow it");
        }
        return new DeflateSpan(compressedStart, next.compressedEnd, uncompressedStart, next.uncompressedEnd,
                Crc32Combine.combine(crc32, next.crc32, next.uncompressedLength()), next.endsStream);
    }

    /** Inflates the span from its first byte (see {@link IndependentChunks#open}). */
    @Override
    public InputStream open(FileChannel source) {
        return IndependentChunks.open(source, this);
    }
}
