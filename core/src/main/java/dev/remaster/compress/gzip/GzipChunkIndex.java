package dev.remaster.compress.gzip;

import dev.remaster.internal.ChunkSpan;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The chunks of a one-member gzip segment that can be copied into a rewritten segment without
 * being recompressed: stretches of its deflate stream that each decode on their own (verified by
 * {@link IndependentChunks}) and begin and end on cpio entry boundaries.
 *
 * <p>Independent chunks whose cut falls inside an entry (as most of {@code pigz -i}'s 128 KiB
 * blocks do) are joined with their neighbours until both ends are entry boundaries; the joined
 * chunk is still independent, its CRC-32 {@linkplain DeflateSpan#join combined}. A segment
 * written by plain {@code gzip} has one chunk, the whole stream: nothing to gain, and
 * {@link #isUsable()} is false.
 *
 * <p>The scan comes from the pass that read the segment (a {@link dev.remaster.internal.ChunkRecording}); the entry
 * offsets from its cpio reader.
 *
 * @param segmentOffset where the segment starts in the file
 * @param independentChunks every verified independent chunk, in order, tiling the deflate stream
 * @param chunks the independent chunks joined so that each starts and ends on an entry boundary
 *     and holds at least one byte; uncompressed offsets are positions in the segment's cpio bytes
 */
public record GzipChunkIndex(long segmentOffset, List<DeflateSpan> independentChunks, List<DeflateSpan> chunks) {

    /**
     * Copies the lists.
     *
     * @param segmentOffset the segment offset
     * @param independentChunks the independent chunks
     * @param chunks the chunks
     */
    public GzipChunkIndex {
        independentChunks = List.copyOf(independentChunks);
        chunks = List.copyOf(chunks);
    }

    /**
     * Verifies the candidates of {@code scan} and joins the independent chunks at entry boundaries.
     *
     * @param source the image file (read with positional reads; not closed)
     * @param segmentOffset where the segment, a gzip segment of one member, starts in the file
     * @param uncompressedSize the size of the segment's cpio bytes
     * @param scan the flush-point scan of that member
     * @param entryOffsets the offsets of the segment's entry headers in its cpio bytes (trailers
     *     included), ascending; the start and end of the cpio bytes are boundaries too
     * @param threads how many threads may decode at once while verifying
     * @return the gzip chunk index
     * @throws IOException if reading or writing fails
     */
    public static GzipChunkIndex build(FileChannel source, long segmentOffset, long uncompressedSize,
            FlushPointScan scan, long[] entryOffsets, int threads) throws IOException {
        Objects.requireNonNull(scan, "scan");
        if (scan.memberOffset() != segmentOffset || scan.uncompressedSize() != uncompressedSize) {
            throw new IllegalArgumentException("the scan of the member at " + scan.memberOffset() + " ("
                    + scan.uncompressedSize() + " bytes) is not of the segment at " + segmentOffset + " ("
                    + uncompressedSize + " bytes)");
        }
        List<DeflateSpan> independent = IndependentChunks.verify(source, scan, threads);
        return new GzipChunkIndex(segmentOffset, independent,
                joinAtBoundaries(independent, entryOffsets, uncompressedSize));
    }

    /**
     * Whether there is more than one chunk, so that an edit can copy some and recompress others.
     *
     * @return whether there is more than one chunk, so that an edit can copy some and recompress others
     */
    public boolean isUsable() {
        return chunks.size() > 1;
    }

    /**
     * The index of the chunk holding the entry whose header is at {@code offset} of the cpio
     * bytes: the last chunk starting at or before it, since the chunks tile the bytes.
     *
     * @param offset the byte offset
     * @return the index of the chunk holding the entry whose header is at {@code offset} of the cpio bytes: the last chunk starting at or before it, since the chunks tile the bytes
     */
    public int chunkOf(long offset) {
        return ChunkSpan.indexOf(chunks, offset);
    }

    static List<DeflateSpan> joinAtBoundaries(List<DeflateSpan> independent, long[] entryOffsets, long size) {
        List<DeflateSpan> joined = new ArrayList<>();
        for (DeflateSpan c : independent) {
            // An empty chunk (pigz writes one after each block; the stream's final block is one)
            // goes with the chunk before it, so that every chunk holds at least one entry.
            if (joined.isEmpty() || c.uncompressedLength() > 0 && isBoundary(c.uncompressedStart(), entryOffsets, size)) {
                joined.add(c);
            } else {
                joined.set(joined.size() - 1, joined.get(joined.size() - 1).join(c));
            }
        }
        return joined;
    }

    private static boolean isBoundary(long offset, long[] entryOffsets, long size) {
        return offset == 0 || offset == size || Arrays.binarySearch(entryOffsets, offset) >= 0;
    }
}
