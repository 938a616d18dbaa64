package dev.remaster.compress.zstd;

import dev.remaster.internal.BulkInputStream;

import dev.remaster.internal.ChannelInput;
import dev.remaster.internal.ChunkSpan;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.Objects;

/**
 * A run of whole blocks of a zstd frame that decodes the same whatever precedes it (see
 * {@link ZstdChunks}): its compressed bytes (block headers included) in the source file, the
 * decompressed bytes it gives, and the window its matches need.
 *
 * @param compressedStart where its first block header is in the source
 * @param compressedEnd where its last block ends (exclusive)
 * @param uncompressedStart the offset of its first decompressed byte in the frame's content
 * @param uncompressedEnd the offset just past its last decompressed byte
 * @param windowLog log2 of the window the frame it comes from declares (at most 23): a frame its
 *     blocks are copied into must declare at least as much
 * @param blockCrcs the CRC-32C of each of its blocks' content, in order, as the decoding that found
 *     the span gave them (see {@link ZstdBlockLog}); empty when not known
 */
public record ZstdSpan(long compressedStart, long compressedEnd, long uncompressedStart, long uncompressedEnd,
        int windowLog, int[] blockCrcs) implements ChunkSpan {
    /** No block CRCs: a span whose content is checked by its length only. */
    static final int[] NO_CRCS = new int[0];

    /**
     * Checks that both ranges are well ordered.
     *
     * @param compressedStart where its first block header is in the source
     * @param compressedEnd where its last block ends
     * @param uncompressedStart the offset of its first decompressed byte
     * @param uncompressedEnd the offset just past its last decompressed byte
     * @param windowLog log2 of the window of its frame
     * @param blockCrcs the CRC-32C of each of its blocks' content, or none
     */
    public ZstdSpan {
        blockCrcs = blockCrcs.length == 0 ? NO_CRCS : blockCrcs.clone();
        if (compressedStart < 0 || compressedEnd < compressedStart || uncompressedStart < 0
                || uncompressedEnd < uncompressedStart || windowLog < 10 || windowLog > LevelParameters.MAX_WINDOW_LOG) {
            throw new IllegalArgumentException("bad span: compressed " + compressedStart + ".." + compressedEnd
                    + ", uncompressed " + uncompressedStart + ".." + uncompressedEnd + ", window log " + windowLog);
        }
    }

    /**
     * A span whose content is checked by its length only.
     *
     * @param compressedStart where its first block header is in the source
     * @param compressedEnd where its last block ends
     * @param uncompressedStart the offset of its first decompressed byte
     * @param uncompressedEnd the offset just past its last decompressed byte
     * @param windowLog log2 of the window of its frame
     */
    public ZstdSpan(long compressedStart, long compressedEnd, long uncompressedStart, long uncompressedEnd,
            int windowLog) {
        this(compressedStart, compressedEnd, uncompressedStart, uncompressedEnd, windowLog, NO_CRCS);
    }

    /**
     * The CRC-32C of each of its blocks' content.
     *
     * @return a copy of the block CRCs, empty when not known
     */
    @Override
    public int[] blockCrcs() {
        return blockCrcs.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZstdSpan z && compressedStart == z.compressedStart && compressedEnd == z.compressedEnd
                && uncompressedStart == z.uncompressedStart && uncompressedEnd == z.uncompressedEnd
                && windowLog == z.windowLog && Arrays.equals(blockCrcs, z.blockCrcs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(compressedStart, compressedEnd, uncompressedStart, uncompressedEnd, windowLog)
                * 31 + Arrays.hashCode(blockCrcs);
    }

    @Override
    public String toString() {
        return "ZstdSpan[compressed " + compressedStart + ".." + compressedEnd + ", uncompressed " + uncompressedStart
                + ".." + uncompressedEnd + ", window log " + windowLog + ", " + blockCrcs.length + " block CRCs]";
    }

    /**
     * Decodes its blocks {@code blocks} (as {@link #readBlocks} read them) alone, as a frame of
     * their own with no history, and checks what they give against the span: its length, and when
     * the span carries block CRCs, each block's content. So a chunk is copied only if its bytes,
     * decoded alone, give exactly what the decoding that found it gave.
     *
     * @param blocks its compressed blocks
     * @return their content
     * @throws IOException if they do not decode alone, or not to the span's content
     */
    byte[] decodeChecked(byte[] blocks) throws IOException {
        ZstdBlockLog log = new ZstdBlockLog();
        byte[] content;
        ZstdFrameDecoder d = new ZstdFrameDecoder(new ByteArrayInputStream(alone(blocks)));
        d.threaded(false);
        d.record(log);
        try {
            content = readAll(d, uncompressedLength());
        } finally {
            d.close();
        }
        if (blockCrcs.length > 0) {
            int[] actual = log.crcs();
            // the frame of its own ends with one more, empty, block
            if (actual.length != blockCrcs.length + 1) {
                throw new IOException("the zstd chunk at " + compressedStart + " has " + (actual.length - 1)
                        + " blocks, not the " + blockCrcs.length + " it had when it was checked");
            }
            for (int i = 0; i < blockCrcs.length; i++) {
                if (actual[i] != blockCrcs[i]) {
                    BlockSpan b = log.blocks().get(i);
                    throw new IOException(String.format("the zstd chunk at %d decodes alone to other bytes than "
                            + "the frame gave: block %d (at %d) has CRC-32C 0x%08X, not 0x%08X", compressedStart, i,
                            compressedStart + b.compressedOffset() - 6, actual[i], blockCrcs[i]));
                }
            }
        }
        return content;
    }

    private byte[] readAll(ZstdFrameDecoder d, long expected) throws IOException {
        if (expected > Integer.MAX_VALUE - 64) {
            throw new IOException("zstd chunk of " + expected + " bytes is too large to copy");
        }
        byte[] content = new byte[(int) expected];
        int n = 0;
        while (n < content.length) {
            int r = d.read(content, n, content.length - n);
            if (r < 0) {
                throw new IOException("the zstd chunk at " + compressedStart + " decodes to " + n + " bytes, not "
                        + expected);
            }
            n += r;
        }
        if (d.read(new byte[1], 0, 1) >= 0) {
            throw new IOException("the zstd chunk at " + compressedStart + " decodes to more than " + expected
                    + " bytes");
        }
        return content;
    }

    /** Always false: a copied zstd chunk's last-block flag is cleared (see {@link ZstdFrameOutputStream}). */
    @Override
    public boolean endsStream() {
        return false;
    }

    @Override
    public ZstdSpan join(ChunkSpan next) {
        if (!(next instanceof ZstdSpan z) || z.compressedStart != compressedEnd || z.uncompressedStart != uncompressedEnd) {
            throw new IllegalArgumentException(next + " does not follow " + this);
        }
        int[] crcs = NO_CRCS;
        if (blockCrcs.length > 0 && z.blockCrcs.length > 0) {
            crcs = Arrays.copyOf(blockCrcs, blockCrcs.length + z.blockCrcs.length);
            System.arraycopy(z.blockCrcs, 0, crcs, blockCrcs.length, z.blockCrcs.length);
        }
        return new ZstdSpan(compressedStart, z.compressedEnd, uncompressedStart, z.uncompressedEnd,
                Math.max(windowLog, z.windowLog), crcs);
    }

    /**
     * Its blocks read from {@code source}, as they stand there.
     *
     * @param source the file holding the span
     * @return its compressed bytes
     * @throws IOException if reading fails or the file ends inside the span
     */
    public byte[] readBlocks(FileChannel source) throws IOException {
        if (compressedLength() > Integer.MAX_VALUE - 64) {
            throw new IOException("zstd chunk of " + compressedLength() + " bytes is too large to copy");
        }
        byte[] blocks = ChannelInput.readAt(source, compressedStart, (int) compressedLength(), compressedEnd);
        if (blocks.length < compressedLength()) {
            throw new EOFException("the source ends inside the zstd chunk at " + compressedStart);
        }
        return blocks;
    }

    /**
     * Decodes its blocks alone, as a frame of their own with no history, and checks that they give
     * exactly {@link #uncompressedLength()} bytes.
     */
    @Override
    public InputStream open(FileChannel source) {
        return new BulkInputStream() {
            private InputStream decoded;
            private long left = uncompressedLength();

            private InputStream decoded() throws IOException {
                if (decoded == null) {
                    decoded = decoder(alone(readBlocks(source)));
                }
                return decoded;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = decoded().read(b, off, (int) Math.min(len, Math.max(left, 1)));
                if (n < 0) {
                    if (left > 0) {
                        throw new IOException("the zstd chunk at " + compressedStart + " decodes to "
                                + (uncompressedLength() - left) + " bytes, not " + uncompressedLength());
                    }
                    return -1;
                }
                left -= n;
                if (left < 0) {
                    throw new IOException("the zstd chunk at " + compressedStart + " decodes to more than "
                            + uncompressedLength() + " bytes");
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                if (decoded != null) {
                    decoded.close();
                }
            }
        };
    }

    /** Our decoder on a whole frame held in memory, as a stream. */
    static InputStream decoder(byte[] frame) {
        ZstdFrameDecoder d = new ZstdFrameDecoder(new ByteArrayInputStream(frame));
        return new BulkInputStream() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return d.read(b, off, len);
            }
        };
    }

    /** {@code blocks} as a frame of their own: no content size, no checksum, an empty last block. */
    static byte[] alone(byte[] blocks) throws IOException {
        byte[] frame = new byte[6 + blocks.length + ZstdFrameOutputStream.LAST_EMPTY_BLOCK.length];
        frame[0] = 0x28;
        frame[1] = (byte) 0xB5;
        frame[2] = 0x2F;
        frame[3] = (byte) 0xFD;
        frame[4] = 0x00;
        frame[5] = (byte) ((LevelParameters.MAX_WINDOW_LOG - 10) << 3);
        System.arraycopy(blocks, 0, frame, 6, blocks.length);
        ZstdFrameOutputStream.clearLastFlag(frame, 6, blocks.length);
        System.arraycopy(ZstdFrameOutputStream.LAST_EMPTY_BLOCK, 0, frame, 6 + blocks.length,
                ZstdFrameOutputStream.LAST_EMPTY_BLOCK.length);
        return frame;
    }
}
