package dev.remaster.compress.zstd;

import dev.remaster.internal.ChunkEvidence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * What a {@link ZstdFrameDecoder} saw of each block of one frame while it decoded it: the block's
 * {@link BlockSpan} (where it lies, how far back its decoding reaches) and the CRC-32C of the bytes
 * it decoded to. Filled during the one decoding an image's open makes anyway, it lets a later edit
 * find the frame's independent chunks ({@link ZstdChunks#find(ZstdBlockLog, long, long[])}) without
 * decoding the frame again, and lets each chunk copied from it be checked against what the whole
 * frame's decoding (whose checksum was verified) gave.
 *
 * <p>Attach it with {@link ZstdFrameDecoder#record}; it is {@linkplain #complete() complete} once
 * the decoder has verified the frame's end. Filled by one thread; read once complete.
 */
public final class ZstdBlockLog implements ChunkEvidence {
    private final List<BlockSpan> blocks = new ArrayList<>();
    private final CRC32C crc = new CRC32C();
    private int[] crcs = new int[256];
    private long windowSize = -1;
    private volatile boolean complete;

    /** An empty log, for one frame. */
    public ZstdBlockLog() {
    }

    /** Records the frame's window, from its header. */
    void window(long size) {
        windowSize = size;
    }

    /** Records a decoded block and its content, {@code content[off, off + span.contentSize())}. */
    void add(BlockSpan span, byte[] content, int off) {
        crc.reset();
        crc.update(content, off, span.contentSize());
        if (blocks.size() == crcs.length) {
            crcs = Arrays.copyOf(crcs, crcs.length * 2);
        }
        crcs[blocks.size()] = (int) crc.getValue();
        blocks.add(span);
    }

    /** Marks the frame as decoded to its end, content size and checksum verified. */
    void completed() {
        complete = true;
    }

    /**
     * Whether the decoder reached the frame's end and verified it: only then does the log describe
     * the whole frame.
     *
     * @return whether the whole frame was decoded and verified
     */
    public boolean complete() {
        return complete;
    }

    /** The frame's blocks in order, positions counted from the frame's first byte. */
    List<BlockSpan> blocks() {
        return Collections.unmodifiableList(blocks);
    }

    /** The CRC-32C of the content of each block, in order. */
    int[] crcs() {
        return Arrays.copyOf(crcs, blocks.size());
    }

    /** The window the frame's header declares (its content size for a single-segment frame). */
    long windowSize() {
        return windowSize;
    }
}
