package dev.remaster.compress;

import dev.remaster.internal.BufferedSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Passes on the bytes of exactly one zstd frame (RFC 8878, section 3.1.1) and then reports the
 * end of input, finding the frame's end from its structure alone: the frame header gives its own
 * length, each block header gives its block's size and whether it is the last, and a 4-byte
 * checksum follows the last block when the header says so. Nothing is decompressed here.
 *
 * <p>Checked on the way: the magic (a skippable frame is refused: it holds no data), the reserved
 * header bit, the window size (at most {@link #MAX_WINDOW_SIZE}: aircompressor decodes no larger
 * window, and the limit bounds the decoder's memory), that no dictionary is required, block types
 * and sizes (at most 128 KiB).
 */
final class ZstdFrameScanner extends InputStream {
    static final int MAGIC = 0xFD2FB528;
    /** Skippable frames have magics 0x184D2A50 to 0x184D2A5F. */
    static final int SKIPPABLE_MAGIC = 0x184D2A50;
    static final int SKIPPABLE_MASK = 0xFFFFFFF0;
    /**
     * The largest window accepted, 8 MiB: aircompressor (0.27 and 2.0) decodes no larger window.
     * That covers zstd's levels 1 to 19 (the kernel's {@code zstd -19} for initramfs included), not
     * {@code --ultra -20} to {@code -22} nor {@code --long}.
     */
    static final long MAX_WINDOW_SIZE = 8L << 20;
    static final int MAX_BLOCK_SIZE = 128 * 1024;

    private enum State { FRAME_HEADER, BLOCK_HEADER, CHECKSUM, DONE }

    private final BufferedSource in;
    private final MemberDecoder owner;
    private final byte[] pending = new byte[18];
    private int pendingPos;
    private int pendingLength;
    private long bodyRemaining;
    private State state = State.FRAME_HEADER;
    private boolean checksum;

    ZstdFrameScanner(BufferedSource in, MemberDecoder owner) {
        this.in = in;
        this.owner = owner;
    }

    /** Reads and checks the frame header now (it is passed on by the next reads). */
    void start() throws IOException {
        if (state == State.FRAME_HEADER) {
            readFrameHeader();
        }
    }

    /** True once the whole frame has been passed on. */
    boolean done() {
        return state == State.DONE && pendingPos == pendingLength && bodyRemaining == 0;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (pendingPos < pendingLength) {
                int n = Math.min(len, pendingLength - pendingPos);
                System.arraycopy(pending, pendingPos, b, off, n);
                pendingPos += n;
                return n;
            }
            if (bodyRemaining > 0) {
                int n = in.read(b, off, (int) Math.min(len, bodyRemaining));
                if (n < 0) {
                    throw owner.truncated("block data");
                }
                bodyRemaining -= n;
                return n;
            }
            switch (state) {
                case FRAME_HEADER -> readFrameHeader();
                case BLOCK_HEADER -> readBlockHeader();
                case CHECKSUM -> {
                    bodyRemaining = 4;
                    state = State.DONE;
                }
                case DONE -> {
                    return -1;
                }
            }
        }
    }

    private void readFrameHeader() throws IOException {
        fill(0, 4, "frame header");
        int magic = intLE(0);
        if ((magic & SKIPPABLE_MASK) == SKIPPABLE_MAGIC) {
            throw owner.corruptAt(0, String.format("a skippable frame (magic 0x%08X) holds no compressed data; "
                    + "it is not a member Remaster can decode", magic), null);
        }
        if (magic != MAGIC) {
            throw owner.corruptAt(0, String.format("not a zstd frame: magic 0x%08X", magic), null);
        }
        fill(4, 1, "frame header");
        int descriptor = pending[4] & 0xFF;
        int fcsFlag = descriptor >>> 6;
        boolean singleSegment = (descriptor & 0x20) != 0;
        if ((descriptor & 0x08) != 0) {
            throw owner.corrupt("reserved bit of the frame header descriptor is set");
        }
        checksum = (descriptor & 0x04) != 0;
        int dictIdSize = new int[] {0, 1, 2, 4}[descriptor & 3];
        int fcsSize = fcsFlag == 0 ? (singleSegment ? 1 : 0) : 1 << fcsFlag;
        int at = 5;
        long windowSize = -1;
        if (!singleSegment) {
            fill(at, 1, "frame header");
            int wd = pending[at++] & 0xFF;
            int windowLog = 10 + (wd >>> 3);
            long base = 1L << windowLog;
            windowSize = base + (base / 8) * (wd & 7);
        }
        fill(at, dictIdSize + fcsSize, "frame header");
        long dictId = 0;
        for (int i = 0; i < dictIdSize; i++) {
            dictId |= (long) (pending[at + i] & 0xFF) << (8 * i);
        }
        at += dictIdSize;
        if (dictId != 0) {
            throw owner.corrupt("the frame needs dictionary " + dictId + "; dictionaries are not supported");
        }
        long contentSize = 0;
        for (int i = 0; i < fcsSize; i++) {
            contentSize |= (long) (pending[at + i] & 0xFF) << (8 * i);
        }
        if (fcsSize == 2) {
            contentSize += 256;
        }
        at += fcsSize;
        if (singleSegment) {
            windowSize = contentSize;
        }
        if (windowSize > MAX_WINDOW_SIZE || windowSize < 0) {
            throw owner.corrupt("window size " + Long.toUnsignedString(windowSize) + " is larger than "
                    + (MAX_WINDOW_SIZE >> 20) + " MiB, the most the pure-Java zstd decoder supports"
                    + " (zstd --ultra -20 to -22 and --long make such frames)");
        }
        pendingLength = at;
        pendingPos = 0;
        state = State.BLOCK_HEADER;
    }

    private void readBlockHeader() throws IOException {
        fill(0, 3, "block header");
        int header = (pending[0] & 0xFF) | (pending[1] & 0xFF) << 8 | (pending[2] & 0xFF) << 16;
        boolean last = (header & 1) != 0;
        int type = (header >>> 1) & 3;
        int blockSize = header >>> 3;
        if (type == 3) {
            throw owner.corruptAt(in.position() - 3, "reserved block type 3", null);
        }
        if (blockSize > MAX_BLOCK_SIZE) {
            throw owner.corruptAt(in.position() - 3, "block size " + blockSize + " is larger than 128 KiB", null);
        }
        pendingLength = 3;
        pendingPos = 0;
        bodyRemaining = type == 1 ? 1 : blockSize;
        state = !last ? State.BLOCK_HEADER : checksum ? State.CHECKSUM : State.DONE;
    }

    private void fill(int at, int n, String what) throws IOException {
        if (n > 0 && in.readFully(pending, at, n) < n) {
            throw owner.truncated(what);
        }
    }

    private int intLE(int at) {
        return (pending[at] & 0xFF) | (pending[at + 1] & 0xFF) << 8 | (pending[at + 2] & 0xFF) << 16
                | (pending[at + 3] & 0xFF) << 24;
    }
}
