package dev.remaster.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlift.compress.lzo.LzoCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * lzop files built by hand with the options the lzop tool does not write by default: checksums of
 * the compressed bytes (absent on stored blocks), CRC-32 checksums, a filter; and the limits:
 * block sizes, header checksum.
 */
class LzopDecoderTest {
    private static final byte[] TEXT = Samples.text(100_000, 1);
    private static final byte[] NOISE = Samples.random(1000, 2);

    @Test
    void checksumsOfCompressedAndUncompressedBytes() throws IOException {
        int flags = Lzop.F_ADLER32_D | Lzop.F_ADLER32_C | Lzop.F_CRC32_D | Lzop.F_CRC32_C;
        byte[] file = file(flags, 0, false);
        Samples.Decoded d = Samples.decode(Compression.LZO, Samples.concat(file, new byte[] {1, 2, 3}));
        assertArrayEquals(Samples.concat(TEXT, NOISE), d.data());
        assertEquals(file.length, d.compressedSize());
    }

    @Test
    void wrongChecksumOfCompressedBytesFails() {
        byte[] file = file(Lzop.F_ADLER32_C, 0, false);
        int firstBlock = headerLength(file);
        file[firstBlock + 8] ^= 1; // its c-adler, right after the two sizes
        CompressedDataException e = assertThrows(CompressedDataException.class, () -> Samples.decode(Compression.LZO, file));
        assertTrue(e.getMessage().contains("Adler-32 of the compressed block"), e.getMessage());
        assertEquals(firstBlock + 12, e.offset(), "the block's data");
    }

    @Test
    void wrongHeaderChecksumFails() {
        byte[] file = file(Lzop.F_ADLER32_D, 0, true);
        CompressedDataException e = assertThrows(CompressedDataException.class, () -> Samples.decode(Compression.LZO, file));
        assertTrue(e.getMessage().contains("header checksum"), e.getMessage());
    }

    @Test
    void headerWithCrc32() throws IOException {
        byte[] file = file(Lzop.F_H_CRC32 | Lzop.F_CRC32_D, 0, false);
        assertArrayEquals(Samples.concat(TEXT, NOISE), Samples.decode(Compression.LZO, file).data());
    }

    @Test
    void filtersAreRefused() {
        byte[] file = file(Lzop.F_H_FILTER, 3, false);
        CompressedDataException e = assertThrows(CompressedDataException.class, () -> Samples.decode(Compression.LZO, file));
        assertTrue(e.getMessage().contains("filter 3 is not supported"), e.getMessage());
    }

    @Test
    void blockSizesAreBounded() {
        byte[] header = file(0, 0, false);
        int at = headerLength(header);
        byte[] huge = java.util.Arrays.copyOf(header, at + 8);
        putIntBE(huge, at, (64 << 20) + 1);
        putIntBE(huge, at + 4, 100);
        CompressedDataException e = assertThrows(CompressedDataException.class, () -> Samples.decode(Compression.LZO, huge));
        assertTrue(e.getMessage().contains("larger than lzop's limit of 64 MiB"), e.getMessage());

        byte[] inverted = java.util.Arrays.copyOf(header, at + 8);
        putIntBE(inverted, at, 100);
        putIntBE(inverted, at + 4, 101);
        e = assertThrows(CompressedDataException.class, () -> Samples.decode(Compression.LZO, inverted));
        assertTrue(e.getMessage().contains("compressed block size 101 for 100 bytes"), e.getMessage());
    }

    /** An lzop file: header with {@code flags}, a compressed block of TEXT, a stored block of NOISE, the end. */
    private static byte[] file(int flags, int filter, boolean badHeaderChecksum) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        u16(h, 0x1040);
        u16(h, 0x20A0);
        u16(h, 0x0940);
        h.write(1);
        h.write(5);
        u32(h, flags);
        if ((flags & Lzop.F_H_FILTER) != 0) {
            u32(h, filter);
        }
        u32(h, 0100644);
        u32(h, 0);
        u32(h, 0);
        h.write(4);
        h.writeBytes("name".getBytes());
        byte[] header = h.toByteArray();
        java.util.zip.Checksum sum = (flags & Lzop.F_H_CRC32) != 0 ? new CRC32() : new Adler32();
        sum.update(header, 0, header.length);
        u32(h, (int) sum.getValue() ^ (badHeaderChecksum ? 1 : 0));

        LzoCompressor lzo = new LzoCompressor();
        byte[] compressed = new byte[lzo.maxCompressedLength(TEXT.length)];
        int n = lzo.compress(TEXT, 0, TEXT.length, compressed, 0, compressed.length);
        block(h, flags, TEXT, java.util.Arrays.copyOf(compressed, n));
        block(h, flags, NOISE, NOISE);
        u32(h, 0);
        return Samples.concat(Lzop.MAGIC, h.toByteArray());
    }

    private static void block(ByteArrayOutputStream h, int flags, byte[] data, byte[] stored) {
        u32(h, data.length);
        u32(h, stored.length);
        boolean compressed = stored.length < data.length;
        if ((flags & Lzop.F_ADLER32_D) != 0) {
            u32(h, adler(data));
        }
        if ((flags & Lzop.F_CRC32_D) != 0) {
            u32(h, crc(data));
        }
        if ((flags & Lzop.F_ADLER32_C) != 0 && compressed) {
            u32(h, adler(stored));
        }
        if ((flags & Lzop.F_CRC32_C) != 0 && compressed) {
            u32(h, crc(stored));
        }
        h.writeBytes(stored);
    }

    /** The length of magic and header: flags at 17, then filter?, mode, mtime low and high, name length. */
    private static int headerLength(byte[] file) {
        int flags = (file[17] & 0xFF) << 24 | (file[18] & 0xFF) << 16 | (file[19] & 0xFF) << 8 | (file[20] & 0xFF);
        int nameLengthAt = 21 + ((flags & Lzop.F_H_FILTER) != 0 ? 4 : 0) + 12;
        return nameLengthAt + 1 + (file[nameLengthAt] & 0xFF) + 4;
    }

    private static int adler(byte[] b) {
        Adler32 a = new Adler32();
        a.update(b);
        return (int) a.getValue();
    }

    private static int crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return (int) c.getValue();
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
