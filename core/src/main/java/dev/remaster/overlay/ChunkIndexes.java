package dev.remaster.overlay;

import dev.remaster.compress.FlushPointScan;
import dev.remaster.image.ArchiveSegment;
import dev.remaster.image.GzipChunkIndex;
import dev.remaster.image.Segment;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link GzipChunkIndex} of each one-member gzip segment of the source, built the first time a
 * rewrite asks for it (verifying the chunks costs one more decompression of the segment) from the
 * flush-point scan made while the image was opened, and kept for later writes.
 */
final class ChunkIndexes {
    private final FileChannel channel;
    private final List<Segment> layout;
    private final List<List<SourceEntry>> sourceBySegment;
    private final Map<Integer, FlushPointScan> scans;
    private final Map<Integer, Optional<GzipChunkIndex>> built = new HashMap<>();

    ChunkIndexes(FileChannel channel, List<Segment> layout, List<List<SourceEntry>> sourceBySegment,
            Map<Integer, FlushPointScan> scans) {
        this.channel = channel;
        this.layout = layout;
        this.sourceBySegment = sourceBySegment;
        this.scans = Map.copyOf(scans);
    }

    /** The index of segment {@code index}, if it is a gzip segment of one member. */
    Optional<GzipChunkIndex> of(int index, int threads) throws IOException {
        Optional<GzipChunkIndex> known = built.get(index);
        if (known != null) {
            return known;
        }
        FlushPointScan scan = scans.get(index);
        Optional<GzipChunkIndex> result = Optional.empty();
        if (scan != null && layout.get(index) instanceof ArchiveSegment segment) {
            List<SourceEntry> entries = sourceBySegment.get(index);
            long[] offsets = new long[entries.size()];
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = entries.get(i).header().headerOffset() - segment.offset();
            }
            result = Optional.of(GzipChunkIndex.build(channel, segment, scan, offsets, threads));
        }
        built.put(index, result);
        return result;
    }
}
