package dev.remaster.compress.gzip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Finds flush-point candidates in a gzip member's deflate data by reading the file ahead of any
 * decoder, with the same rule as {@link FlushPointRecorder}: a candidate is the position just
 * after a {@code 00 00 ff ff} lying wholly in the deflate data, at least
 * {@value FlushPointRecorder#MIN_SPAN} bytes after the previous candidate (or the deflate
 * start). So the candidates form one fixed sequence, and spans cut at them are the spans a
 * {@link FlushPointScan} records.
 *
 * <p>Reads the file in blocks with positional reads; not thread-safe.
 */
final class FlushMarkers {
    private static final int BLOCK = 256 * 1024;
    private final FileChannel channel;
    private final long deflateStart;
    private final long end;
    private final ByteBuffer block = ByteBuffer.allocate(BLOCK);
    private long blockStart = -1;
    private int blockLength;

    /** Candidates in the bytes {@code [deflateStart, end)} of {@code channel}. */
    FlushMarkers(FileChannel channel, long deflateStart, long end) {
        this.channel = channel;
        this.deflateStart = deflateStart;
        this.end = end;
    }

    /**
     * The candidate that follows {@code previous} (a candidate, or the deflate start) in the
     * sequence, or -1 if there is none before the end.
     */
    long next(long previous) throws IOException {
        return next(previous, end);
    }

    /** As {@link #next(long)}, looking no further than {@code bound}. */
    long next(long previous, long bound) throws IOException {
        long stopAt = Math.min(bound, end);
        // i is the index of the candidate's last byte: i + 1 >= previous + MIN_SPAN, i - 3 >= deflateStart.
        long i = Math.max(previous + FlushPointRecorder.MIN_SPAN - 1, deflateStart + 3);
        while (i < stopAt) {
            if (i - 3 < blockStart || i >= blockStart + blockLength) {
                load(i - 3);
                if (blockLength < 4) {
                    return -1;
                }
            }
            byte[] b = block.array();
            int j = (int) (i - blockStart);
            int stop = (int) Math.min(blockLength, stopAt - blockStart);
            // The marker's last byte is at j or later. Probing every other byte meets one of its
            // two 0xFF bytes: at k, the marker ends at k or at k + 1.
            if (j < stop && b[j] == (byte) 0xFF && b[j - 1] == (byte) 0xFF && b[j - 2] == 0 && b[j - 3] == 0) {
                return blockStart + j + 1;
            }
            for (int k = j + 1; k < stop; k += 2) {
                if (b[k] == (byte) 0xFF) {
                    if (b[k - 1] == (byte) 0xFF && b[k - 2] == 0 && b[k - 3] == 0) {
                        return blockStart + k + 1;
                    }
                    if (k + 1 < stop && b[k + 1] == (byte) 0xFF && b[k - 1] == 0 && b[k - 2] == 0) {
                        return blockStart + k + 2;
                    }
                }
            }
            i = blockStart + stop;
        }
        return -1;
    }

    private void load(long from) throws IOException {
        block.clear();
        block.limit((int) Math.min(BLOCK, end - from));
        while (block.hasRemaining()) {
            if (channel.read(block, from + block.position()) < 0) {
                break;
            }
        }
        blockStart = from;
        blockLength = block.position();
    }
}
