package dev.remaster.compress;

import dev.remaster.compress.lzo.Lzo1xEncoder;
import io.airlift.compress.lzo.LzoCompressor;
import dev.remaster.internal.OrderedJobs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.zip.Adler32;

/**
 * Writes one lzop file that {@code lzop -t} and the kernel's unlzo accept: the magic, a header
 * saying lzop 1.04 / LZO 2.10, the method and level byte lzop writes for the level, flags
 * {@code F_ADLER32_D} and Unix, mode 0100644, mtime 0, no name, with its Adler-32; then 256 KiB
 * blocks, each with the Adler-32 of its uncompressed bytes, stored as is when compression does not
 * make it smaller; then the 0 that ends the file.
 *
 * <p>As with lzop, levels 2 to 6 compress with LZO1X-1 (aircompressor's {@link LzoCompressor}; the
 * header says method LZO1X-1, level byte 5, as {@code lzop -2} to {@code -6} write) and levels 7 to
 * 9 with a thorough compressor, ours ({@link Lzo1xEncoder}, where lzop has LZO1X-999; the header
 * says method LZO1X-999 and the level), which searches harder at each level; their blocks are
 * compressed on {@link EncoderOptions#threads()} threads, and the file is the same for any number.
 *
 * <p>Exactly one block checksum and never a checksum of the compressed bytes: the kernel's unlzo
 * skips exactly 4 bytes of checksum per block, and treats a block whose compressed size equals its
 * size as stored.
 */
final class LzopOutputStream extends BlockOutputStream {
    /** The header's level byte for method LZO1X-1, as lzop writes it. */
    static final int LEVEL = 5;
    /** The lowest level compressed by our thorough encoder, as lzop's LZO1X-999 from {@code -7}. */
    static final int THOROUGH_LEVEL = 7;

    private final int level;
    private final int threads;
    private final LzoCompressor fast;
    private final byte[] compressed;
    /** Thorough encoders not in use, one made per thread at most (they keep their work arrays). */
    private final ArrayDeque<Lzo1xEncoder> idle = new ArrayDeque<>();
    /** Blocks of the thorough levels being compressed, in file order. */
    private final OrderedJobs jobs;

    /**
     * Writes the magic and header now.
     *
     * @param threads how many blocks of the thorough levels are compressed at once; the file is
     *     the same for any number
     */
    LzopOutputStream(OutputStream out, int level, int threads) throws IOException {
        super(out, Lzop.BLOCK_SIZE);
        this.level = level;
        this.threads = threads;
        this.fast = level < THOROUGH_LEVEL ? new LzoCompressor() : null;
        this.jobs = new OrderedJobs(threads, "lzo-block", "lzo compression");
        this.compressed = fast == null ? null : new byte[fast.maxCompressedLength(Lzop.BLOCK_SIZE)];
        out.write(Lzop.MAGIC);
        out.write(header());
    }

    /**
     * The search of levels 7 to 9: on {@code /usr/share/perl} in 128 KiB blocks, level 8 gives 1.4%
     * less than level 7 and level 9 0.1% less than 8, at about 25% more time from 7 to 9.
     */
    private static Lzo1xEncoder.Effort effort(int level) {
        return switch (level) {
            case 7 -> new Lzo1xEncoder.Effort(8, 64);
            case 8 -> new Lzo1xEncoder.Effort(32, 128);
            default -> Lzo1xEncoder.THOROUGH;
        };
    }

    private byte[] header() {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        u16(h, Lzop.VERSION);
        u16(h, Lzop.LIB_VERSION);
        u16(h, Lzop.VERSION_0940);
        h.write(fast != null ? Lzop.M_LZO1X_1 : Lzop.M_LZO1X_999);
        h.write(fast != null ? LEVEL : level);
        u32(h, Lzop.F_ADLER32_D | Lzop.F_OS_UNIX);
        u32(h, 0100644);
        u32(h, 0); // mtime, low
        u32(h, 0); // mtime, high
        h.write(0); // no name
        Adler32 adler = new Adler32();
        adler.update(h.toByteArray());
        u32(h, (int) adler.getValue());
        return h.toByteArray();
    }

    /** The blocks still being compressed, then the 0 block size that ends an lzop file. */
    @Override
    void finish() throws IOException {
        jobs.drain(out);
        out.write(new byte[4]);
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            jobs.close();
        }
    }

    @Override
    void writeBlock(byte[] block, int length) throws IOException {
        if (fast != null) {
            int n = fast.compress(block, 0, length, compressed, 0, compressed.length);
            out.write(record(block, length, compressed, n));
        } else if (threads == 1) {
            out.write(thorough(block, length));
        } else {
            byte[] copy = Arrays.copyOf(block, length); // the block buffer is refilled at once
            jobs.submit(() -> thorough(copy, length), out);
        }
    }

    /** The block's record compressed by a thorough encoder, taken from {@link #idle} or made. */
    private byte[] thorough(byte[] block, int length) {
        Lzo1xEncoder encoder;
        synchronized (idle) {
            encoder = idle.isEmpty() ? new Lzo1xEncoder(effort(level)) : idle.pop();
        }
        try {
            byte[] buffer = new byte[Lzo1xEncoder.maxCompressedLength(length)];
            return record(block, length, buffer, encoder.compress(block, 0, length, buffer, 0));
        } finally {
            synchronized (idle) {
                idle.push(encoder);
            }
        }
    }

    /** A block's size, stored size and Adler-32, then its bytes: compressed, or stored when not smaller. */
    private static byte[] record(byte[] block, int length, byte[] compressed, int n) {
        boolean stored = n >= length;
        Adler32 adler = new Adler32();
        adler.update(block, 0, length);
        byte[] record = new byte[12 + (stored ? length : n)];
        putIntBE(record, 0, length);
        putIntBE(record, 4, stored ? length : n);
        putIntBE(record, 8, (int) adler.getValue());
        System.arraycopy(stored ? block : compressed, 0, record, 12, stored ? length : n);
        return record;
    }


    private static void u16(ByteArrayOutputStream h, int v) {
        h.write(v >>> 8);
        h.write(v);
    }

    private static void u32(ByteArrayOutputStream h, int v) {
        u16(h, v >>> 16);
        u16(h, v & 0xFFFF);
    }

    private static void putIntBE(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
