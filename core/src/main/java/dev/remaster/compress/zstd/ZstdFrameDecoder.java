package dev.remaster.compress.zstd;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Decodes one zstd frame (RFC 8878) read from a stream, with memory bounded by the frame's window:
 * the decoded content passes through a buffer holding the last window's worth of output plus room
 * for the blocks being decoded (when the header declares a smaller content size, just that). It
 * reads exactly the frame's bytes from the input, verifies the content checksum (the low 32 bits of
 * XXH64) and the declared content size, and reports bad data as a {@link ZstdFormatException}
 * naming the offset of the bad frame header or block.
 *
 * <p>Decoding runs in two steps: reading a block and entropy-decoding its literals and sequences
 * ({@link CompressedBlockParser}), then executing the sequences into the window, hashing and
 * handing out the content. For a large frame on a machine with more than one processor the first
 * step runs on a thread of its own, a few blocks ahead: without a warmed-up JIT compiler each step
 * takes about half the time, so the pipeline nearly halves a cold decoding.
 *
 * <p>Not supported: dictionaries (a frame naming one is refused) and windows larger than
 * {@link #MAX_WINDOW_SIZE}. A skippable frame is refused too: it holds no content.
 */
public final class ZstdFrameDecoder implements Closeable {
    /** The magic number of a zstd frame, as read little-endian. */
    public static final int MAGIC = 0xFD2FB528;
    /**
     * The largest window accepted, 1 GiB: more than any zstd level uses ({@code --ultra -22} and
     * {@code --long} use 128 MiB) and more than Linux unpacks an initramfs with. The kernel's
     * lib/decompress_unzstd.c, which streams the initramfs through a window-sized buffer, refuses a
     * frame whose window exceeds {@code ZSTD_WINDOWSIZE_MAX = 1 << ZSTD_WINDOWLOG_MAX}: 128 MiB with
     * the zstd 1.3 code of kernels 5.9 to 5.15 (window log 27); since the zstd update of 5.16 the
     * log is that of zstd 1.4+ (31 on 64-bit) and the practical bound is the window-sized workspace
     * the early-boot unpacker must allocate. RFC 8878 allows up to 3.75 TiB; Java arrays cap us at 2 GiB.
     */
    public static final long MAX_WINDOW_SIZE = 1L << 30;
    static final int BLOCK_SIZE_MAX = 128 * 1024;
    /** Slack after buffers: wild copies may write (and literals be read) up to 16 bytes past the end. */
    static final int PAD = 32;
    /** Frames whose content may exceed this are decoded with the reading step on a thread of its own. */
    private static final long THREADED_CONTENT = 4 << 20;
    private static final int QUEUE = 3;
    private static final int INITIAL_BUFFER = 4 << 20;

    private final InputStream in;
    private final byte[] header = new byte[18];
    private Consumer<BlockSpan> listener;
    private ZstdBlockLog log;
    /** Whether the reading step runs on a thread of its own: null to decide from the frame and the machine. */
    private Boolean threaded;
    private boolean started;
    private boolean finished;

    // Read side: the frame's parameters, the input position, the entropy state.
    private long consumed;
    private long windowSize;
    private int blockMax;
    private long contentSize = -1;
    private boolean checksum;
    private long produced;
    private boolean lastRead;
    private CompressedBlockParser parser;

    // Threaded reading.
    private Thread reader;
    private BlockingQueue<ParsedBlock> ready;
    private BlockingQueue<ParsedBlock> free;
    private ParsedBlock single;
    private Throwable failure;

    // Execute side: the window.
    private XxHash64 hash;
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
     * Records every block decoded from now on, with a CRC-32C of its content, in {@code log}; the
     * log is marked complete once the frame's end has been verified. Call before the first read
     * (after {@link #start()} is fine).
     *
     * @param log where the blocks go
     */
    public void record(ZstdBlockLog log) {
        this.log = Objects.requireNonNull(log, "log");
        if (started) {
            log.window(windowSize);
        }
    }

    /**
     * Whether the reading step runs on a thread of its own; by default it does for frames whose
     * content may exceed 4 MiB, on a machine with more than one processor.
     */
    void threaded(boolean threaded) {
        this.threaded = threaded;
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
            ParsedBlock block = next();
            execute(block);
            if (block.last) {
                finish(block);
            }
            release(block);
        }
        int n = Math.min(len, pos - readPos);
        System.arraycopy(win, readPos, b, off, n);
        readPos += n;
        return n;
    }

    /**
     * The number of bytes of the frame read from the input so far: the frame's size once
     * {@link #read} returned -1. With the reading step on its own thread, it may run ahead.
     *
     * @return the number of compressed bytes consumed
     */
    public synchronized long consumed() {
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

    /**
     * Stops the reading thread, if any, and waits for it (it finishes the block it is reading), so
     * that the input is no longer used when this returns; the input is left open.
     */
    @Override
    public void close() {
        if (reader != null) {
            reader.interrupt();
            boolean interrupted = false;
            while (reader.isAlive()) {
                try {
                    reader.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        win = null;
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
        checksum = (descriptor & 0x04) != 0;
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
        // A declared large content gets the whole buffer at once, up to 32 MiB, sparing the copies of growing.
        long initial = contentSize < 0 ? INITIAL_BUFFER : Math.max(INITIAL_BUFFER, Math.min(contentSize, 32 << 20));
        win = new byte[(int) Math.min(maxCapacity, initial) + PAD];
        hash = checksum ? new XxHash64() : null;
        if (log != null) {
            log.window(windowSize);
        }
        started = true;
    }

    // ---- the reading step ----

    private ParsedBlock next() throws IOException {
        if (failure != null) {
            return rethrow();
        }
        ParsedBlock block;
        if (threaded == null) {
            threaded = Runtime.getRuntime().availableProcessors() > 1
                    && (contentSize < 0 || contentSize > THREADED_CONTENT);
        }
        if (reader == null && threaded) {
            startReader();
        }
        if (reader != null) {
            try {
                block = ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while decoding a zstd frame");
            }
        } else {
            if (single == null) {
                single = new ParsedBlock();
            }
            block = single;
            readBlock(block);
        }
        if (block.type == ParsedBlock.FAILED) {
            failure = block.error;
            return rethrow();
        }
        return block;
    }

    private ParsedBlock rethrow() throws IOException {
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        throw (Error) failure;
    }

    private void release(ParsedBlock block) {
        if (reader != null) {
            free.add(block);
        }
    }

    private void startReader() {
        ready = new ArrayBlockingQueue<>(QUEUE + 1);
        free = new ArrayBlockingQueue<>(QUEUE + 1);
        for (int i = 0; i < QUEUE; i++) {
            free.add(new ParsedBlock());
        }
        reader = new Thread(this::readAhead, "zstd-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void readAhead() {
        try {
            ParsedBlock block;
            do {
                block = free.take();
                readBlock(block);
                ready.put(block);
            } while (!block.last && block.type != ParsedBlock.FAILED);
        } catch (InterruptedException e) {
            // closed: stop
        }
    }

    /** Reads and parses the next block into {@code b}; a failure is recorded in it. */
    private void readBlock(ParsedBlock b) {
        try {
            parseBlock(b);
        } catch (IOException | RuntimeException | Error e) {
            b.type = ParsedBlock.FAILED;
            b.error = e;
        }
    }

    private void parseBlock(ParsedBlock b) throws IOException {
        long at = consumed;
        readFully(header, 0, 3, "block header");
        int h = Bits.le24(header, 0);
        b.last = (h & 1) != 0;
        int type = (h >>> 1) & 3;
        int size = h >>> 3;
        if (type == 3) {
            throw new ZstdFormatException(at, "reserved block type 3");
        }
        if (size > (type == 2 ? BLOCK_SIZE_MAX : blockMax)) {
            throw new ZstdFormatException(at, "block size " + size + " is larger than the frame's maximum of "
                    + (type == 2 ? BLOCK_SIZE_MAX : blockMax));
        }
        int limit = contentSize < 0 ? blockMax : (int) Math.min(blockMax, contentSize - produced);
        b.type = type;
        b.compressedOffset = at;
        b.contentOffset = produced;
        b.earliestDependency = produced;
        switch (type) {
            case ParsedBlock.RAW -> {
                checkFits(size, limit, at);
                readFully(b.src, 0, size, "raw block");
                b.contentSize = size;
            }
            case ParsedBlock.RLE -> {
                checkFits(size, limit, at);
                readFully(b.src, 0, 1, "run-length block");
                b.contentSize = size;
            }
            default -> {
                if (parser == null) {
                    parser = new CompressedBlockParser();
                }
                readFully(b.src, 0, size, "compressed block");
                parser.parse(b, size, produced, limit, windowSize, at);
            }
        }
        produced += b.contentSize;
        b.compressedSize = (int) (consumed - at);
        b.hasChecksum = false;
        if (b.last) {
            if (contentSize >= 0 && produced != contentSize) {
                throw new ZstdFormatException(consumed, "the frame's content is " + produced
                        + " bytes, its header declares " + contentSize);
            }
            if (checksum) {
                readFully(header, 0, 4, "content checksum");
                b.hasChecksum = true;
                b.checksum = Bits.le32(header, 0);
            }
        }
    }

    private void checkFits(int size, int limit, long at) throws ZstdFormatException {
        if (size > limit) {
            throw new ZstdFormatException(at, "the blocks decode to more than the " + contentSize
                    + " bytes the frame header declares");
        }
    }

    private void readFully(byte[] b, int off, int len, String what) throws IOException {
        int n = in.readNBytes(b, off, len);
        synchronized (this) {
            consumed += n;
        }
        if (n < len) {
            throw new ZstdFormatException(consumed(), "truncated: the input ends inside the " + what);
        }
    }

    // ---- the executing step ----

    private void execute(ParsedBlock b) {
        makeRoom();
        int start = pos;
        switch (b.type) {
            case ParsedBlock.RAW -> System.arraycopy(b.src, 0, win, pos, b.contentSize);
            case ParsedBlock.RLE -> Bits.fill(win, pos, pos + b.contentSize, b.src[0]);
            default -> executeSequences(b);
        }
        pos = start + b.contentSize;
        if (hash != null) {
            hash.update(win, start, b.contentSize);
        }
        if (listener != null || log != null) {
            BlockSpan span = b.span();
            if (listener != null) {
                listener.accept(span);
            }
            if (log != null) {
                log.add(span, win, start);
            }
        }
    }

    /** Copies literals and matches; the parser checked every length and offset against the bounds. */
    private void executeSequences(ParsedBlock b) {
        byte[] win = this.win;
        byte[] lit = b.lit;
        int litPos = b.litStart;
        int[] lls = b.literalLengths;
        int[] mls = b.matchLengths;
        int[] offs = b.offsets;
        int pos = this.pos;
        for (int i = 0, n = b.nbSeq; i < n; i++) {
            int literalLength = lls[i];
            if (literalLength != 0) {
                System.arraycopy(lit, litPos, win, pos, literalLength);
            }
            litPos += literalLength;
            pos += literalLength;
            int matchLength = mls[i];
            int offset = offs[i];
            int match = pos - offset;
            if (offset >= matchLength) {
                System.arraycopy(win, match, win, pos, matchLength);
            } else if (offset == 1) {
                Bits.fill(win, pos, pos + matchLength, win[match]);
            } else {
                // Overlapping: the copied run repeats with period offset, so it doubles at each step.
                int to = pos;
                int left = matchLength;
                while (left > 0) {
                    int chunk = Math.min(to - match, left);
                    System.arraycopy(win, match, win, to, chunk);
                    to += chunk;
                    left -= chunk;
                }
            }
            pos += matchLength;
        }
        System.arraycopy(lit, litPos, win, pos, b.litStart + b.litSize - litPos);
    }

    /**
     * Makes room for a block: slides the last window of content to the front, or grows the buffer
     * (which starts at 4 MiB, or at the declared content size up to 32 MiB: a header declaring a
     * large window costs little until the content is there).
     */
    private void makeRoom() {
        int capacity = win.length - PAD;
        int need = contentBounded ? (int) Math.min(pos + (long) blockMax, maxCapacity) : pos + blockMax;
        if (need <= capacity) {
            return;
        }
        if (!contentBounded && pos > windowSize) {
            int keep = (int) windowSize;
            System.arraycopy(win, pos - keep, win, 0, keep);
            base += pos - keep;
            pos = keep;
            readPos = keep;
            need = pos + blockMax;
        }
        if (need > capacity) {
            int grown = (int) Math.min(maxCapacity, Math.max(2L * capacity, need));
            win = Arrays.copyOf(win, grown + PAD);
        }
    }

    private void finish(ParsedBlock last) throws ZstdFormatException {
        finished = true;
        if (last.hasChecksum) {
            int actual = (int) hash.digest();
            if (last.checksum != actual) {
                throw new ZstdFormatException(consumed() - 4, String.format(
                        "the content checksum is 0x%08X, the frame says 0x%08X", actual, last.checksum));
            }
        }
        if (log != null) {
            log.completed();
        }
    }
}
