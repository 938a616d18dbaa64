package dev.remaster.compress.zstd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the chunks of a zstd frame that an edit can copy into another frame: runs of whole blocks
 * that start on a cpio entry boundary and whose every block depends on nothing before the run's
 * first decompressed byte. The dependencies are not trusted from how the frame was made: the
 * decoder reports, for each block, the earliest decompressed position its output depends on
 * ({@link BlockSpan#earliestDependency()}), so a frame from elsewhere (zstd's own, or one with a
 * match across an entry boundary) yields only the chunks it really has, often just one.
 */
public final class ZstdChunks {
    private ZstdChunks() {
    }

    /**
     * The independent chunks of a frame, in order, tiling its blocks: a block starts a chunk when
     * its content starts at an entry boundary and no block from it up to the next chunk depends on
     * anything before it. Going from the end, each candidate start is taken when the run it would
     * start holds no earlier dependency: so every cut taken is as near the next as it can be.
     * Blocks that give no content (the frame's closing empty block) go with the chunk before them.
     *
     * @param blocks the frame's blocks in order, as its decoder reported them
     * @param entryOffsets offsets of the entry headers in the frame's content (trailers included),
     *     ascending; offset 0 is a boundary too
     * @param windowLog log2 of the window the frame declares
     * @return the chunks, or none for a frame without blocks
     */
    static List<ZstdSpan> independentChunks(List<BlockSpan> blocks, long[] entryOffsets, int windowLog) {
        int n = blocks.size();
        boolean[] starts = new boolean[n];
        long earliest = Long.MAX_VALUE;
        for (int i = n - 1; i >= 0; i--) {
            BlockSpan b = blocks.get(i);
            earliest = Math.min(earliest, b.contentSize() == 0 ? Long.MAX_VALUE : b.earliestDependency());
            boolean boundary = b.contentOffset() == 0 || Arrays.binarySearch(entryOffsets, b.contentOffset()) >= 0;
            if (i == 0 || boundary && b.contentSize() > 0 && earliest >= b.contentOffset()) {
                starts[i] = true;
                earliest = Long.MAX_VALUE;
            }
        }
        List<ZstdSpan> chunks = new ArrayList<>();
        for (int i = 0; i < n; ) {
            int j = i + 1;
            while (j < n && !starts[j]) {
                j++;
            }
            BlockSpan first = blocks.get(i);
            BlockSpan last = blocks.get(j - 1);
            chunks.add(new ZstdSpan(first.compressedOffset(), last.compressedOffset() + last.compressedSize(),
                    first.contentOffset(), last.contentOffset() + last.contentSize(), windowLog));
            i = j;
        }
        return chunks;
    }
}
