package dev.remaster.compress.zstd;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Decodes one zstd frame (RFC 8878) read from a stream, with memory bounded by the frame's window:
 * the decoded content passes through a buffer holding the last window's worth of output plus room
 * for the blocks being decoded (when the header declares a smaller content size, just that). It
 * reads exactly the frame's bytes from the input, verifies the content checksum (the low 32 bits of
 * XXH64) and the declared content size, and reports bad data as a {@link ZstdFormatException}
 * naming the offset of the bad frame header or block.
 *
 * <p>Not supported: dictionaries (a frame naming one is refused) and windows larger than
 * {@link #MAX_WINDOW_SIZE}. A skippable frame is refused too: it holds no content.
 */
public final class ZstdFrameDecoder {
    /** The magic number of a zstd frame, as read little-endian. */
    public static final int MAGIC = 0xFD2FB528;
    /**
     * The largest window accepted, 1 GiB: more than any zstd level uses ({@code --ultra -22} and
     * {@code --long} use 128 MiB) and more than Linux unpacks an initramfs with. The kernel's
     * lib/decompress_unzstd.c, which streams the initramfs through a window-sized buffer, refuses a
     * frame whose window exceeds {@code ZSTD_WINDOWSIZE_MAX = 1 << ZSTD_WINDOWLOG_MAX}: 128 MiB with
     * the zstd 1.3 code of kernels 5.9 to 5.15 (window log 27), larger (log 31 on 64-bit) since the
     * zstd 1.4.10 update of 5.16. RFC 8878 allows up to 3.75 TiB; Java arrays cap us at 2 GiB.
     */
    public static final long MAX_WINDOW_SIZE = 1L << 30;
    static final int BLOCK_SIZE_MAX = 128 * 1024;
    private static final int PAD = 32;

    private final InputStream in;
    private final byte[] header = new byte[18];
    private byte[] src;
    private CompressedBlockDecoder compressed;
    private Consumer<BlockSpan> listener;
    private XxHash64 hash;
    private long consumed;
    private boolean started;
    private boolean lastBlock;
    private boolean finished;

    private long windowSize;
    private int blockMax;
    private long contentSize = -1;
    private boolean contentBounded;
    private int maxCapacity;

    private byte[] win;
    private long base;
    private int pos;
    private int readPos;

    /**
     * A decoder of the frame that starts at the current position of {@code in}.
     *
     * @param in the compressed input; the decoder reads exactly the frame's bytes from it
     */
    public ZstdFrameDecoder(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    /** Receives a {@link BlockSpan} for every block decoded from now on, in order. */
    void onBlock(Consumer<BlockSpan> listener) {
        this.listener = listener;
    }

    /**
     * Reads and checks the frame header, if not done yet.
     *
     * @throws IOException if the input fails or the header is bad
     */
    public void start() throws IOException {
        if (!started) {
            readFrameHeader();
        }
    }

    /**
     * Reads decoded content.
     *
     * @param b where to put it
     * @param off the first index of {@code b} to fill
     * @param len the most bytes to read
     * @return the number of bytes read, or -1 once the frame ended (its checksum verified)
     * @throws IOException if the input fails or the frame is bad
     */
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        start();
        while (readPos == pos) {
            if (finished) {
                return -1;
            }
            if (lastBlock) {
                finish();
                return -1;
            }
            decodeBlock();
        }
        int n = Math.min(len, pos - readPos);
        System.arraycopy(win, readPos, b, off, n);
        readPos += n;
        return n;
    }

    /**
     * The number of bytes read from the input so far: the frame's size once {@link #read} returned -1.
     *
     * @return the number of compressed bytes consumed
     */
    public long consumed() {
        return consumed;
    }

    /**
     * Whether the whole frame has been decoded and checked.
     *
     * @return true once {@link #read} has returned -1
     */
    public boolean finished() {
        return finished;
    }

    private void readFrameHeader() throws IOException {
        readFully(header, 0, 5, "frame header");
        int magic = Bits.le32(header, 0);
        if ((magic & 0xFFFFFFF0) == 0x184D2A50) {
            throw new ZstdFormatException(0, String.format("a skippable frame (magic 0x%08X) holds no content", magic));
        }
        if (magic != MAGIC) {
            throw new ZstdFormatException(0, String.format("not a zstd frame: magic 0x%08X", magic));
        }
        int descriptor = header[4] & 0xFF;
        if ((descriptor & 0x08) != 0) {
            throw new ZstdFormatException(0, "the reserved bit of the frame header descriptor is set");
        }
        boolean singleSegment = (descriptor & 0x20) != 0;
        boolean checksum = (descriptor & 0x04) != 0;
        int dictIdSize = (descriptor & 3) == 3 ? 4 : descriptor & 3;
        int fcsFlag = descriptor >>> 6;
        int fcsSize = fcsFlag == 0 ? (singleSegment ? 1 : 0) : 1 << fcsFlag;
        readFully(header, 5, (singleSegment ? 0 : 1) + dictIdSize + fcsSize, "frame header");
        int at = 5;
        if (!singleSegment) {
            int wd = header[at++] & 0xFF;
            long windowBase = 1L << (10 + (wd >>> 3));
            windowSize = windowBase + (windowBase >>> 3) * (wd & 7);
        }
        long dictId = 0;
        for (int i = 0; i < dictIdSize; i++) {
            dictId |= (long) (header[at++] & 0xFF) << (8 * i);
        }
        if (dictId != 0) {
            throw new ZstdFormatException(0, "the frame needs dictionary " + dictId + "; dictionaries are not supported");
        }
        if (fcsSize > 0) {
            long size = 0;
            for (int i = 0; i < fcsSize; i++) {
                size |= (long) (header[at++] & 0xFF) << (8 * i);
            }
            if (fcsSize == 2) {
                size += 256;
            }
            if (size < 0) {
                throw new ZstdFormatException(0, "the frame's content size " + Long.toUnsignedString(size) + " is too large");
            }
            contentSize = size;
        }
        if (singleSegment) {
            windowSize = contentSize;
        }
        if (windowSize > MAX_WINDOW_SIZE) {
            throw new ZstdFormatException(0, "the frame's window of " + windowSize + " bytes is larger than the "
                    + (MAX_WINDOW_SIZE >> 20) + " MiB this decoder accepts");
        }
        blockMax = (int) Math.min(windowSize, BLOCK_SIZE_MAX);
        long full = windowSize + Math.max(1 << 20, Math.min(16 << 20, windowSize * 4)) + BLOCK_SIZE_MAX;
        contentBounded = contentSize >= 0 && contentSize <= full;
        maxCapacity = (int) (contentBounded ? contentSize : full);
        win = new byte[contentBounded ? maxCapacity + PAD : Math.min(maxCapacity, 4 << 20) + PAD];
        hash = checksum ? new XxHash64() : null;
        started = true;
    }

    private void decodeBlock() throws IOException {
        long at = consumed;
        readFully(header, 0, 3, "block header");
        int h = Bits.le24(header, 0);
        lastBlock = (h & 1) != 0;
        int type = (h >>> 1) & 3;
        int size = h >>> 3;
        if (type == 3) {
            throw new ZstdFormatException(at, "reserved block type 3");
        }
        if (size > (type == 2 ? BLOCK_SIZE_MAX : blockMax)) {
            throw new ZstdFormatException(at, "block size " + size + " is larger than the frame's maximum of "
                    + (type == 2 ? BLOCK_SIZE_MAX : blockMax));
        }
        makeRoom();
        int limit = Math.min(pos + blockMax, win.length - PAD);
        int start = pos;
        long dependency = base + pos;
        switch (type) {
            case 0 -> {
                checkFits(size, limit, at);
                readFully(win, pos, size, "raw block");
                pos += size;
            }
            case 1 -> {
                checkFits(size, limit, at);
                readFully(header, 3, 1, "run-length block");
                Bits.fill(win, pos, pos + size, header[3]);
                pos += size;
            }
            default -> {
                if (compressed == null) {
                    compressed = new CompressedBlockDecoder();
                    src = new byte[BLOCK_SIZE_MAX + PAD];
                }
                readFully(src, 0, size, "compressed block");
                pos = compressed.decode(src, size, win, pos, limit, base, (int) Math.min(windowSize, Integer.MAX_VALUE), at);
                dependency = compressed.earliestDependency;
            }
        }
        if (hash != null) {
            hash.update(win, start, pos - start);
        }
        if (listener != null) {
            listener.accept(new BlockSpan(at, (int) (consumed - at), base + start, pos - start, dependency));
        }
    }

    private void checkFits(int size, int limit, long at) throws ZstdFormatException {
        if (size > limit - pos) {
            throw new ZstdFormatException(at, "the blocks decode to more than the " + contentSize
                    + " bytes the frame header declares");
        }
    }

    /** Makes room for a block: slides the last window of content to the front, or grows the buffer. */
    private void makeRoom() {
        int capacity = win.length - PAD;
        if (contentBounded || pos + blockMax <= capacity) {
            return;
        }
        if (pos > windowSize) {
            int keep = (int) windowSize;
            System.arraycopy(win, pos - keep, win, 0, keep);
            base += pos - keep;
            pos = keep;
            readPos = keep;
        }
        if (pos + blockMax > capacity) {
            int grown = (int) Math.min(maxCapacity, Math.max(2L * capacity, pos + blockMax));
            win = Arrays.copyOf(win, grown + PAD);
        }
    }

    private void finish() throws IOException {
        long produced = base + pos;
        if (contentSize >= 0 && produced != contentSize) {
            throw new ZstdFormatException(consumed, "the frame's content is " + produced + " bytes, its header declares "
                    + contentSize);
        }
        if (hash != null) {
            long at = consumed;
            readFully(header, 0, 4, "content checksum");
            int expected = Bits.le32(header, 0);
            int actual = (int) hash.digest();
            if (expected != actual) {
                throw new ZstdFormatException(at, String.format(
                        "the content checksum is 0x%08X, the frame says 0x%08X", actual, expected));
            }
        }
        finished = true;
        win = null;
        src = null;
        compressed = null;
    }

    private void readFully(byte[] b, int off, int len, String what) throws IOException {
        int n = in.readNBytes(b, off, len);
        consumed += n;
        if (n < len) {
            throw new ZstdFormatException(consumed, "truncated: the input ends inside the " + what);
        }
    }
}
