package dev.remaster.squashfs;

import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.lzo.LzoDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.XZInputStream;

import dev.remaster.compress.lzo.Lzo1xEncoder;
import io.airlift.compress.lz4.Lz4Compressor;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.LZMAOutputStream;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The compressors of squashfs 4.0, with their ids in the superblock. Each compresses every
 * data block, fragment block and metadata block on its own: gzip as a zlib stream, xz as an xz
 * stream, lzma as an {@code .lzma} (LZMA alone) stream, lzo as a raw LZO1X block, lz4 as a raw
 * LZ4 block and zstd as a zstd frame.
 */
public enum Compressor {
    /** zlib (deflate with the zlib header and Adler-32); Tiny Core's default. */
    GZIP(1),
    /** Legacy LZMA alone streams. */
    LZMA(2),
    /** Raw LZO1X blocks. */
    LZO(3),
    /** xz streams. */
    XZ(4),
    /** Raw LZ4 blocks. */
    LZ4(5),
    /** zstd frames. */
    ZSTD(6);

    /**
     * The level of our zstd encoder blocks are written at: 16, its first optimal-parsing level, which
     * comes within 2% of {@code mksquashfs}'s default (libzstd's level 15, whose binary-tree match
     * finder our level 15 lacks).
     */
    private static final int ZSTD_LEVEL = 16;

    private final int id;

    Compressor(int id) {
        this.id = id;
    }

    /**
     * The compressor's id in the superblock.
     *
     * @return the compressor's id in the superblock
     */
    public int id() {
        return id;
    }

    /**
     * The compressor with this superblock id, or {@code null} when there is none.
     *
     * @param id the superblock's compression id, 1 to 6
     * @return the compressor with this superblock id, or {@code null} when there is none
     */
    public static Compressor ofId(int id) {
        for (Compressor c : values()) {
            if (c.id == id) {
                return c;
            }
        }
        return null;
    }

    /**
     * The name {@code mksquashfs -comp} uses.
     *
     * @return the name {@code mksquashfs -comp} uses
     */
    public String toolName() {
        return name().toLowerCase();
    }

    /**
     * Decompresses one block.
     *
     * @return the number of bytes written to {@code out}
     * @throws IOException when the block is corrupt or would decompress to more than {@code max}
     */
    int decompress(byte[] in, int off, int len, byte[] out, int max) throws IOException {
        try {
            return switch (this) {
                case GZIP -> inflate(in, off, len, out, max);
                case XZ -> drain(new XZInputStream(new ByteArrayInputStream(in, off, len), 64 * 1024), out, max);
                case LZMA -> drain(new LZMAInputStream(new ByteArrayInputStream(in, off, len), 64 * 1024), out, max);
                case LZO -> new LzoDecompressor().decompress(in, off, len, out, 0, max);
                case LZ4 -> new Lz4Decompressor().decompress(in, off, len, out, 0, max);
                case ZSTD -> new ZstdDecompressor().decompress(in, off, len, out, 0, max);
            };
        } catch (RuntimeException e) {
            // The block decoders are given untrusted bytes and signal corruption with assorted runtime exceptions.
            throw new IOException(toolName() + " block is corrupt: " + e.getMessage(), e);
        }
    }

    /**
     * Compresses one block as squashfs stores it with this compressor.
     *
     * @return the compressed bytes (possibly longer than the input; the caller then stores the
     *         block uncompressed)
     */
    byte[] compress(byte[] in, int off, int len) throws IOException {
        switch (this) {
            case GZIP -> {
                Deflater d = new Deflater(9);
                try {
                    d.setInput(in, off, len);
                    d.finish();
                    ByteArrayOutputStream out = new ByteArrayOutputStream(len / 2 + 64);
                    byte[] buf = new byte[8192];
                    while (!d.finished()) {
                        out.write(buf, 0, d.deflate(buf));
                    }
                    return out.toByteArray();
                } finally {
                    d.end();
                }
            }
            case XZ -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream(len / 2 + 64);
                LZMA2Options o = new LZMA2Options();
                o.setDictSize(Math.max(LZMA2Options.DICT_SIZE_MIN, Integer.highestOneBit(Math.max(len, 1) * 2 - 1)));
                try (XZOutputStream xz = new XZOutputStream(out, o, org.tukaani.xz.XZ.CHECK_CRC32)) {
                    xz.write(in, off, len);
                }
                return out.toByteArray();
            }
            case LZMA -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream(len / 2 + 64);
                LZMA2Options o = new LZMA2Options();
                o.setDictSize(Math.max(LZMA2Options.DICT_SIZE_MIN, Integer.highestOneBit(Math.max(len, 1) * 2 - 1)));
                try (LZMAOutputStream lz = new LZMAOutputStream(out, o, len)) {
                    lz.write(in, off, len);
                }
                return out.toByteArray();
            }
            case ZSTD -> {
                // Our own encoder at level 15, mksquashfs's default zstd level.
                ByteArrayOutputStream out = new ByteArrayOutputStream(len / 2 + 64);
                try (dev.remaster.compress.zstd.ZstdFrameOutputStream z =
                        new dev.remaster.compress.zstd.ZstdFrameOutputStream(out, ZSTD_LEVEL, 1)) {
                    z.write(in, off, len);
                }
                return out.toByteArray();
            }
            case LZO -> {
                // Our own thorough LZO1X encoder: mksquashfs writes LZO1X-999 blocks, which
                // aircompressor's LZO1X-1 made 35% larger on /usr/share/perl. A new one per block:
                // its work arrays (about 40 bytes per input byte) are not kept after the image is written.
                return new Lzo1xEncoder().compress(in, off, len);
            }
            default -> {
                io.airlift.compress.Compressor codec = new Lz4Compressor();
                byte[] out = new byte[codec.maxCompressedLength(len)];
                int n = codec.compress(in, off, len, out, 0, out.length);
                return java.util.Arrays.copyOf(out, n);
            }
        }
    }

    private static int inflate(byte[] in, int off, int len, byte[] out, int max) throws IOException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(in, off, len);
            int n = 0;
            while (!inflater.finished()) {
                if (n == max) {
                    if (inflater.inflate(new byte[1]) > 0) {
                        throw new IOException("gzip block decompresses to more than " + max + " bytes");
                    }
                    if (!inflater.finished()) {
                        throw new IOException("gzip block is truncated");
                    }
                    break;
                }
                int got = inflater.inflate(out, n, max - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IOException("gzip block is truncated");
                }
                n += got;
            }
            return n;
        } catch (DataFormatException e) {
            throw new IOException("gzip block is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static int drain(InputStream in, byte[] out, int max) throws IOException {
        try (in) {
            int n = 0;
            while (n < max) {
                int got = in.read(out, n, max - n);
                if (got < 0) {
                    return n;
                }
                n += got;
            }
            if (in.read() >= 0) {
                throw new IOException("block decompresses to more than " + max + " bytes");
            }
            return n;
        }
    }
}
