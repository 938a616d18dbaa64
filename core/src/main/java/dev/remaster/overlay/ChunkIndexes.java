package dev.remaster.overlay;

import dev.remaster.compress.Compression;
import dev.remaster.compress.gzip.FlushPointScan;
import dev.remaster.compress.zstd.ZstdBlockLog;
import dev.remaster.compress.zstd.ZstdChunks;
import dev.remaster.image.ArchiveSegment;
import dev.remaster.compress.gzip.GzipChunkIndex;
import dev.remaster.image.Segment;
import dev.remaster.internal.ChunkEvidence;
import dev.remaster.internal.ChunkSpan;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The independent chunks on entry boundaries of each one-member gzip or zstd segment of the source,
 * found the first time a rewrite asks for them and kept for later writes: for gzip the
 * {@link GzipChunkIndex} built from the flush-point scan made while the image was opened (verifying
 * the chunks costs one more decompression of the segment); for zstd the chunks {@link ZstdChunks}
 * finds from each block's dependencies, as the open's decoding logged them ({@link ZstdBlockLog}),
 * or, for a segment the open did not read to its end, by decoding the frame once more.
 */
final class ChunkIndexes {
    private final FileChannel channel;
    private final List<Segment> layout;
    private final List<List<SourceEntry>> sourceBySegment;
    private final Map<Integer, ChunkEvidence> evidence;
    private final Map<Integer, Optional<List<? extends ChunkSpan>>> built = new HashMap<>();

    ChunkIndexes(FileChannel channel, List<Segment> layout, List<List<SourceEntry>> sourceBySegment,
            Map<Integer, ChunkEvidence> evidence) {
        this.channel = channel;
        this.layout = layout;
        this.sourceBySegment = sourceBySegment;
        this.evidence = Map.copyOf(evidence);
    }

    /**
     * The chunks of segment {@code index}, tiling its cpio bytes, if it is a gzip or zstd segment of
     * one member.
     */
    Optional<List<? extends ChunkSpan>> of(int index, int threads) throws IOException {
        Optional<List<? extends ChunkSpan>> known = built.get(index);
        if (known != null) {
            return known;
        }
        Optional<List<? extends ChunkSpan>> result = Optional.empty();
        if (layout.get(index) instanceof ArchiveSegment segment && segment.members().size() == 1) {
            List<SourceEntry> entries = sourceBySegment.get(index);
            long[] offsets = new long[entries.size()];
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = entries.get(i).header().headerOffset() - segment.offset();
            }
            ChunkEvidence found = evidence.get(index);
            if (segment.compression() == Compression.GZIP && found instanceof FlushPointScan scan) {
                result = Optional.of(GzipChunkIndex.build(channel, segment.offset(), segment.uncompressedSize(), scan,
                        offsets, threads).chunks());
            } else if (segment.compression() == Compression.ZSTD) {
                List<? extends ChunkSpan> chunks = found instanceof ZstdBlockLog log
                        ? ZstdChunks.find(log, segment.offset(), offsets)
                        : ZstdChunks.find(channel, segment.offset(), segment.offset() + segment.length(), offsets);
                result = chunks.isEmpty() ? Optional.empty() : Optional.of(chunks);
            }
        }
        built.put(index, result);
        return result;
    }
}
