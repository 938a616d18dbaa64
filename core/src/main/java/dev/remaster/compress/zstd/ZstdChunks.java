package dev.remaster.compress.zstd;

import dev.remaster.internal.ChannelInput;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
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
     * Decodes the zstd frame at {@code frameOffset} of {@code source} (which also verifies its
     * checksum) and returns its independent entry-aligned chunks; none when the frame's window is
     * too large for the chunks to be copied into a frame Remaster writes (more than 8 MiB).
     *
     * @param source the image file (read with positional reads; not closed)
     * @param frameOffset where the frame starts
     * @param frameEnd where the segment holding it ends: the frame may not reach past it
     * @param entryOffsets offsets of the entry headers in the frame's content, ascending
     * @return the chunks, tiling the frame's blocks, with file offsets
     * @throws IOException if reading fails or the frame is corrupt
     */
    public static List<ZstdSpan> find(FileChannel source, long frameOffset, long frameEnd, long[] entryOffsets)
            throws IOException {
        ZstdBlockLog log = new ZstdBlockLog();
        InputStream raw = new BufferedInputStream(new ChannelInput(source, frameOffset, frameEnd), 1 << 16);
        ZstdFrameDecoder decoder = new ZstdFrameDecoder(raw);
        decoder.record(log);
        try {
            byte[] scratch = new byte[1 << 16];
            while (decoder.read(scratch, 0, scratch.length) >= 0) {
                // only the log is kept
            }
        } finally {
            decoder.close();
        }
        return find(log, frameOffset, entryOffsets);
    }

    /**
     * The independent entry-aligned chunks of a frame decoded earlier with {@code log} attached
     * (see {@link ZstdFrameDecoder#record}): the same chunks {@link #find(FileChannel, long, long,
     * long[])} gives, without decoding the frame again. Each chunk carries the CRC-32C of its blocks'
     * content, so that a copy of it is checked against what this decoding gave.
     *
     * @param log the frame's blocks, complete
     * @param frameOffset where the frame starts in the file
     * @param entryOffsets offsets of the entry headers in the frame's content, ascending
     * @return the chunks, tiling the frame's blocks, with file offsets; none when the frame's window
     *     is more than 8 MiB
     * @throws IllegalArgumentException if the log is not complete
     */
    public static List<ZstdSpan> find(ZstdBlockLog log, long frameOffset, long[] entryOffsets) {
        if (!log.complete()) {
            throw new IllegalArgumentException("the frame at " + frameOffset + " was not decoded to its end");
        }
        long window = log.windowSize();
        if (window > 1L << LevelParameters.MAX_WINDOW_LOG) {
            return List.of();
        }
        int windowLog = Math.max(10, 64 - Long.numberOfLeadingZeros(Math.max(1, window) - 1));
        List<BlockSpan> blocks = new ArrayList<>(log.blocks().size());
        for (BlockSpan b : log.blocks()) {
            blocks.add(new BlockSpan(frameOffset + b.compressedOffset(), b.compressedSize(), b.contentOffset(),
                    b.contentSize(), b.earliestDependency()));
        }
        return independentChunks(blocks, log.crcs(), entryOffsets, windowLog);
    }

    /** The window a frame header declares (for a single-segment frame: its content size). */
    static long windowSize(byte[] header) {
        int descriptor = header[4] & 0xFF;
        boolean single = (descriptor & 0x20) != 0;
        int at = single ? 5 : 6;
        if (!single) {
            int wd = header[5] & 0xFF;
            long base = 1L << (10 + (wd >>> 3));
            return base + (base / 8) * (wd & 7);
        }
        at += new int[] {0, 1, 2, 4}[descriptor & 3];
        int fcsFlag = descriptor >>> 6;
        int fcsSize = fcsFlag == 0 ? 1 : 1 << fcsFlag;
        long size = 0;
        for (int i = 0; i < fcsSize; i++) {
            size |= (long) (header[at + i] & 0xFF) << (8 * i);
        }
        return fcsSize == 2 ? size + 256 : size;
    }

    /**
     * The independent chunks of a frame, in order, tiling its blocks: a block starts a chunk when
     * its content starts at an entry boundary and no block from it up to the next chunk depends on
     * anything before it. Going from the end, each candidate start is taken when the run it would
     * start holds no earlier dependency: so every cut taken is as near the next as it can be.
     * Blocks that give no content go with the chunk before them, except the frame's closing ones,
     * which belong to no chunk.
     *
     * @param blocks the frame's blocks in order, as its decoder reported them
     * @param entryOffsets offsets of the entry headers in the frame's content (trailers included),
     *     ascending; offset 0 is a boundary too
     * @param windowLog log2 of the window the frame declares
     * @return the chunks, or none for a frame without blocks
     */
    static List<ZstdSpan> independentChunks(List<BlockSpan> blocks, long[] entryOffsets, int windowLog) {
        return independentChunks(blocks, null, entryOffsets, windowLog);
    }

    /**
     * As {@link #independentChunks(List, long[], int)}, each chunk with the CRC-32C of each of its
     * blocks' content ({@code crcs}, one a block in order; null for chunks that carry none).
     */
    static List<ZstdSpan> independentChunks(List<BlockSpan> blocks, int[] crcs, long[] entryOffsets, int windowLog) {
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
            int end = j;
            if (j == n) {
                // The frame's closing empty blocks belong to no chunk: a copy would carry them along
                // (their last flag cleared) into every later frame.
                while (end - 1 > i && blocks.get(end - 1).contentSize() == 0) {
                    end--;
                }
            }
            BlockSpan last = blocks.get(end - 1);
            chunks.add(new ZstdSpan(first.compressedOffset(), last.compressedOffset() + last.compressedSize(),
                    first.contentOffset(), last.contentOffset() + last.contentSize(), windowLog,
                    crcs == null ? ZstdSpan.NO_CRCS : Arrays.copyOfRange(crcs, i, end)));
            i = j;
        }
        return chunks;
    }
}
