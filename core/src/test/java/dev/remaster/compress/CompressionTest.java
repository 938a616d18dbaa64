package dev.remaster.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Detection by magic, names, levels, and the checks on arguments. */
class CompressionTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1f8b0800000000000003, GZIP",
        "1f9e0800000000000003, GZIP",
        "425a683931415926, BZIP2",
        "5d00008000ffffffff, LZMA",
        "fd377a585a000004e6d6b446, XZ",
        "894c5a4f000d0a1a0a10, LZO",
        "02214c18c0000000, LZ4_LEGACY",
        "28b52ffd2400, ZSTD",
        "30373037303100000000, NONE",
        "30373037303200000000, NONE",
        "30373037303700000000, NONE",
    })
    void detectsEachMagic(String hex, Compression expected) {
        byte[] b = HexFormat.of().parseHex(hex);
        assertEquals(expected, Compression.detect(b, 0, b.length));
        byte[] shifted = new byte[b.length + 3];
        System.arraycopy(b, 0, shifted, 3, b.length);
        assertEquals(expected, Compression.detect(shifted, 3, b.length), "at an offset");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "00000000000000", "1f", "1f8c", "425a", "425a5a", "5d0001", "fd377a585a01", "fd377a585a",
        "894c5a", "02214c19", "28b52ffe", "502a4d18", "0706", "303730", "c771", "71c7", "7f454c46",
    })
    void detectsNothingElse(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        assertNull(Compression.detect(b, 0, b.length), hex);
    }

    @Test
    void detectsWithinTheGivenRangeOnly() {
        byte[] gzip = HexFormat.of().parseHex("001f8b08");
        assertNull(Compression.detect(gzip, 0, 2));
        assertEquals(Compression.GZIP, Compression.detect(gzip, 1, 3));
        assertNull(Compression.detect(gzip, 1, 1), "one byte of a two-byte magic");
        assertThrows(IndexOutOfBoundsException.class, () -> Compression.detect(gzip, 2, 5));
    }

    @Test
    void detectsTheMembersItWrites() throws Exception {
        for (Compression c : Compression.values()) {
            if (c == Compression.NONE) {
                continue;
            }
            byte[] member = Samples.encode(c, Samples.text(100, 1));
            assertEquals(c, Compression.detect(member, 0, Compression.MAGIC_LENGTH), c.displayName());
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "gzip, GZIP", "gz, GZIP", "GZ, GZIP", "pigz, GZIP", "bzip2, BZIP2", "bz2, BZIP2", "lzma, LZMA",
        "xz, XZ", "lzo, LZO", "lzop, LZO", "lz4, LZ4_LEGACY", "lz4-legacy, LZ4_LEGACY",
        "LZ4_LEGACY, LZ4_LEGACY", "zstd, ZSTD", "zst, ZSTD", "none, NONE", "cpio, NONE", "' xz ', XZ",
    })
    void findsByNameAndAlias(String name, Compression expected) {
        assertEquals(expected, Compression.fromName(name));
    }

    @Test
    void unknownNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Compression.fromName("rar"));
        assertEquals("unknown compression 'rar': expected one of none, gzip, bzip2, lzma, xz, lzo, lz4, zstd",
                e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void displayNameRoundTrips(Compression c) {
        assertEquals(c, Compression.fromName(c.displayName()));
        assertTrue(c.minLevel() <= c.defaultLevel() && c.defaultLevel() <= c.maxLevel());
        assertTrue(c.canRead() && c.canWrite());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void levelsOutsideTheRangeAreRefused(Compression c) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.newEncoder(sink, EncoderOptions.defaults(c).withLevel(c.maxLevel() + 1)));
        assertTrue(e.getMessage().contains(c.displayName()), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> c.newEncoder(sink, EncoderOptions.defaults(c).withLevel(c.minLevel() - 1)));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "BZIP2", "LZMA", "XZ", "LZO"})
    void levelsChangeTheOutput(Compression c) throws Exception {
        byte[] data = Samples.text(300_000, 4);
        byte[] low = Samples.encode(c, data, new EncoderOptions(c.minLevel(), 1));
        byte[] high = Samples.encode(c, data, new EncoderOptions(c.maxLevel(), 1));
        assertTrue(high.length < low.length, c + ": " + high.length + " vs " + low.length);
    }

    @Test
    void negativeMemberOffsetIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Compression.GZIP.newDecoder(new ByteArrayInputStream(new byte[0]), "x", -1));
    }

    @Test
    void compressedSizeIsUnknownBeforeTheEnd() throws Exception {
        byte[] gz = Samples.encode(Compression.GZIP, Samples.text(1000, 1));
        try (MemberInputStream in = Compression.GZIP.newDecoder(new ByteArrayInputStream(gz), "x", 0)) {
            in.read();
            assertThrows(IllegalStateException.class, in::compressedSize);
        }
    }

    @org.junit.jupiter.api.Test
    void forFileNameGoesByTheExtension() {
        org.junit.jupiter.api.Assertions.assertEquals(Compression.GZIP, Compression.forFileName("core.GZ"));
        org.junit.jupiter.api.Assertions.assertEquals(Compression.ZSTD, Compression.forFileName("initrd.zst"));
        org.junit.jupiter.api.Assertions.assertEquals(Compression.XZ, Compression.forFileName("a.cpio.xz"));
        org.junit.jupiter.api.Assertions.assertEquals(Compression.LZ4_LEGACY, Compression.forFileName("a.lz4"));
        org.junit.jupiter.api.Assertions.assertEquals(Compression.NONE, Compression.forFileName("initrd.img"));
    }
}
