package dev.remaster.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where an lz4 legacy frame, which has no end mark, ends: at the end of input, before 1 to 3
 * stray bytes, before another legacy magic, before a zero, before a value no block size can have,
 * before another format's member even when its magic reads as a plausible size; and that a block
 * of nonsense with a plausible size is corrupt data.
 */
class Lz4LegacyDecoderTest {
    private static final byte[] DATA = Samples.mixed(20_000_000, 8);
    private static final byte[] SMALL = Samples.text(100_000, 9);

    @TempDir
    Path dir;

    @Test
    void blocksOf8MiBFromTheLz4Tool() throws Exception {
        byte[] member = PeerTool.filter(dir, DATA, "lz4", "-l", "-c");
        Samples.Decoded d = Samples.decode(Compression.LZ4_LEGACY, Samples.concat(member, new byte[4]));
        assertArrayEquals(DATA, d.data());
        assertEquals(member.length, d.compressedSize());
    }

    @Test
    void theLz4ToolReadsOurBlocksOf8MiB() throws Exception {
        byte[] member = Samples.encode(Compression.LZ4_LEGACY, DATA);
        assertEquals(8 << 20, decodedSizeOfFirstBlock(member), "full legacy blocks");
        assertArrayEquals(DATA, PeerTool.filter(dir, member, "lz4", "-dc"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void strayBytesAfterTheLastBlockAreNotPartOfTheMember(int stray) throws IOException {
        byte[] member = Samples.encode(Compression.LZ4_LEGACY, SMALL);
        byte[] after = new byte[stray];
        java.util.Arrays.fill(after, (byte) 0x55);
        Samples.Decoded d = Samples.decode(Compression.LZ4_LEGACY, Samples.concat(member, after));
        assertArrayEquals(SMALL, d.data());
        assertEquals(member.length, d.compressedSize());
    }

    @Test
    void anotherLegacyFrameIsAnotherMember() throws IOException {
        byte[] first = Samples.encode(Compression.LZ4_LEGACY, SMALL);
        byte[] second = Samples.encode(Compression.LZ4_LEGACY, DATA);
        Samples.Decoded d = Samples.decode(Compression.LZ4_LEGACY, Samples.concat(first, second));
        assertArrayEquals(SMALL, d.data());
        assertEquals(first.length, d.compressedSize());
    }

    @Test
    void gzipWithFlagsZeroAfterTheFrameEndsIt() throws IOException {
        byte[] lz4 = Samples.encode(Compression.LZ4_LEGACY, SMALL);
        byte[] gzip = Samples.encode(Compression.GZIP, SMALL, new EncoderOptions(9, 1));
        // 1f 8b 08 00 read as a size is 559,903: a plausible block, which does not decode.
        assertEquals(559_903, Lz4Legacy.intLE(gzip, 0));
        Samples.Decoded d = Samples.decode(Compression.LZ4_LEGACY, Samples.concat(lz4, gzip));
        assertEquals(lz4.length, d.compressedSize());
        assertArrayEquals(SMALL, d.data());
    }

    @Test
    void aMagicAnnouncingMoreThanIsLeftEndsTheFrame() throws IOException {
        byte[] lz4 = Samples.encode(Compression.LZ4_LEGACY, SMALL);
        byte[] shortGzip = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
        Samples.Decoded d = Samples.decode(Compression.LZ4_LEGACY, Samples.concat(lz4, shortGzip));
        assertEquals(lz4.length, d.compressedSize());
    }

    @Test
    void nonsenseBlockWithAPlausibleSizeIsCorrupt() throws IOException {
        byte[] lz4 = Samples.encode(Compression.LZ4_LEGACY, SMALL);
        byte[] block = new byte[4 + 1000];
        Lz4Legacy.putIntLE(block, 0, 1000);
        java.util.Arrays.fill(block, 4, block.length, (byte) 0xF0);
        CompressedDataException e = assertThrows(CompressedDataException.class,
                () -> Samples.decode(Compression.LZ4_LEGACY, new java.io.ByteArrayInputStream(Samples.concat(lz4, block)), 64));
        assertEquals(64 + lz4.length, e.offset(), "the offset of the bad block: " + e.getMessage());
        assertTrue(e.getMessage().contains("lz4: block of 1000 bytes does not decode"), e.getMessage());
    }

    @Test
    void blockCutShortIsTruncation() throws IOException {
        byte[] lz4 = Samples.encode(Compression.LZ4_LEGACY, SMALL);
        byte[] cut = java.util.Arrays.copyOf(lz4, lz4.length - 10);
        CompressedDataException e = assertThrows(CompressedDataException.class,
                () -> Samples.decode(Compression.LZ4_LEGACY, cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    private static int decodedSizeOfFirstBlock(byte[] member) {
        int size = Lz4Legacy.intLE(member, 4);
        byte[] out = new byte[Lz4Legacy.BLOCK_SIZE];
        return new io.airlift.compress.lz4.Lz4Decompressor().decompress(member, 8, size, out, 0, out.length);
    }

    @Test
    void emptyFrameIsTheMagicAlone() throws IOException {
        byte[] member = Samples.encode(Compression.LZ4_LEGACY, new byte[0]);
        assertArrayEquals(new byte[] {0x02, 0x21, 0x4c, 0x18}, member);
        Samples.Decoded d = Samples.decode(Compression.LZ4_LEGACY, Samples.concat(member, new byte[512]));
        assertEquals(0, d.data().length);
        assertEquals(4, d.compressedSize());
    }
}
