package dev.remaster.compress;

import dev.remaster.compress.gzip.GzipFormat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * The gzip header is parsed with every optional field, the header CRC checked; the old magic is
 * read; reserved flags and other methods are refused with the offset of the fault.
 */
class GzipDecoderTest {
    private static final byte[] DATA = Samples.text(70_000, 3);

    @Test
    void readsEveryOptionalHeaderField() throws IOException {
        byte[] member = member(0x8B, GzipFormat.FTEXT | GzipFormat.FEXTRA | GzipFormat.FNAME
                | GzipFormat.FCOMMENT | GzipFormat.FHCRC, 8, false);
        Samples.Decoded d = Samples.decode(Compression.GZIP, Samples.concat(member, new byte[100]));
        assertArrayEquals(DATA, d.data());
        assertEquals(member.length, d.compressedSize());
    }

    @Test
    void readsTheOldMagic() throws IOException {
        byte[] member = member(0x9E, 0, 8, false);
        assertArrayEquals(DATA, Samples.decode(Compression.GZIP, member).data());
    }

    @Test
    void wrongHeaderCrcFails() {
        byte[] member = member(0x8B, GzipFormat.FNAME | GzipFormat.FHCRC, 8, true);
        CompressedDataException e = assertThrows(CompressedDataException.class,
                () -> Samples.decode(Compression.GZIP, member));
        assertTrue(e.getMessage().contains("header CRC16"), e.getMessage());
    }

    @Test
    void reservedFlagsFail() {
        byte[] member = member(0x8B, 0x20, 8, false);
        CompressedDataException e = assertThrows(CompressedDataException.class,
                () -> Samples.decode(Compression.GZIP, member));
        assertEquals(4, e.offset(), "just after the flags byte");
        assertTrue(e.getMessage().endsWith("gzip: reserved header flags set: 0x20"), e.getMessage());
    }

    @Test
    void otherMethodsFail() {
        byte[] member = member(0x8B, 0, 7, false);
        CompressedDataException e = assertThrows(CompressedDataException.class,
                () -> Samples.decode(Compression.GZIP, member));
        assertTrue(e.getMessage().contains("compression method 7 is not deflate"), e.getMessage());
    }

    @Test
    void wrongSizeInTheTrailerFails() {
        byte[] member = member(0x8B, 0, 8, false);
        member[member.length - 1] ^= 1;
        CompressedDataException e = assertThrows(CompressedDataException.class,
                () -> Samples.decode(Compression.GZIP, new java.io.ByteArrayInputStream(member), 500));
        assertEquals(500 + member.length - 4, e.offset(), e.getMessage());
        assertTrue(e.getMessage().contains("size of the data modulo 2^32 is 70000"), e.getMessage());
    }

    /** A gzip member built by hand with the given magic byte, flags and method. */
    private static byte[] member(int id2, int flags, int method, boolean badHeaderCrc) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.writeBytes(new byte[] {0x1f, (byte) id2, (byte) method, (byte) flags, 1, 2, 3, 4, 0, 3});
        if ((flags & GzipFormat.FEXTRA) != 0) {
            h.writeBytes(new byte[] {6, 0, 'A', 'B', 2, 0, 'x', 'y'});
        }
        if ((flags & GzipFormat.FNAME) != 0) {
            h.writeBytes("initrd.cpio\0".getBytes(StandardCharsets.US_ASCII));
        }
        if ((flags & GzipFormat.FCOMMENT) != 0) {
            h.writeBytes("a comment\0".getBytes(StandardCharsets.US_ASCII));
        }
        if ((flags & GzipFormat.FHCRC) != 0) {
            CRC32 crc = new CRC32();
            crc.update(h.toByteArray());
            int v = (int) crc.getValue() ^ (badHeaderCrc ? 1 : 0);
            h.writeBytes(new byte[] {(byte) v, (byte) (v >>> 8)});
        }
        Deflater deflater = new Deflater(6, true);
        deflater.setInput(DATA);
        deflater.finish();
        byte[] buf = new byte[DATA.length + 1000];
        int n = deflater.deflate(buf);
        deflater.end();
        h.write(buf, 0, n);
        CRC32 crc = new CRC32();
        crc.update(DATA);
        byte[] trailer = new byte[8];
        GzipFormat.putIntLE(trailer, 0, (int) crc.getValue());
        GzipFormat.putIntLE(trailer, 4, DATA.length);
        h.writeBytes(trailer);
        return h.toByteArray();
    }
}
