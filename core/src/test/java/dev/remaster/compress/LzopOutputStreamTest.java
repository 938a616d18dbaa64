package dev.remaster.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lzop file we write has the layout the kernel's unlzo assumes (version 0x0940 or later, no
 * filter, exactly one checksum per block), stores incompressible blocks as they are, and passes
 * {@code lzop -t}.
 */
class LzopOutputStreamTest {
    @TempDir
    Path dir;

    @Test
    void headerIsWhatTheKernelParses() throws Exception {
        byte[] file = Samples.encode(Compression.LZO, new byte[0]);
        assertEquals("894c5a4f000d0a1a0a" // magic
                + "1040" + "20a0" + "0940" + "01" + "05" // version, LZO version, needed, LZO1X-1, level
                + "03000001" // Unix, F_ADLER32_D only
                + "000081a4" + "00000000" + "00000000" + "00" // mode, mtime low and high, no name
                + "2aa70289" // Adler-32 of the header (computed with Python's zlib.adler32)
                + "00000000", // end
                HexFormat.of().formatHex(file));
        PeerTool.Result tested = PeerTool.onFile(dir, "empty.lzo", file, "lzop", "-t");
        assertEquals(0, tested.exitCode(), tested.stderr());
    }

    @Test
    void incompressibleBlocksAreStored() throws Exception {
        byte[] noise = Samples.random(600_000, 6);
        byte[] file = Samples.encode(Compression.LZO, noise);
        int first = 9 + 29;
        assertEquals(256 * 1024, intBE(file, first), "uncompressed size");
        assertEquals(256 * 1024, intBE(file, first + 4), "stored: compressed size equal");
        assertEquals(first + 3 * 12 + noise.length + 4, file.length, "three stored blocks and the end");
        PeerTool.Result tested = PeerTool.onFile(dir, "noise.lzo", file, "lzop", "-t");
        assertEquals(0, tested.exitCode(), tested.stderr());
        assertArrayEquals(noise, Samples.decode(Compression.LZO, file).data());
    }

    /**
     * Levels 7 to 9 compress with our thorough encoder (header: method LZO1X-999 and the level):
     * {@code lzop -d} gives back every byte, and level 9 comes within 1% of {@code lzop -9} (LZO1X-999)
     * and well under level 3 (LZO1X-1).
     */
    @Test
    void thoroughLevelsDecodeWithLzopAndMatchLzop9() throws Exception {
        byte[] data = Samples.mixed(1_500_000, 8);
        byte[] level3 = Samples.encode(Compression.LZO, data, new EncoderOptions(3, 1));
        byte[] lzop9 = PeerTool.filter(dir, data, "lzop", "-9", "-c");
        for (int level = 7; level <= 9; level++) {
            byte[] file = Samples.encode(Compression.LZO, data, new EncoderOptions(level, 1));
            int method = 9 + 6; // after the magic, the version, LZO version and version needed
            assertEquals(3, file[method], "method LZO1X-999");
            assertEquals(level, file[method + 1], "level");
            assertArrayEquals(data, PeerTool.filter(dir, file, "lzop", "-d", "-c"), "lzop -d, level " + level);
            assertArrayEquals(data, Samples.decode(Compression.LZO, file).data(), "ours, level " + level);
            assertTrue(file.length < level3.length * 0.95, level + ": " + file.length + " vs level 3 " + level3.length);
            if (level == 9) {
                assertTrue(file.length < lzop9.length * 1.01, file.length + " vs lzop -9 " + lzop9.length);
                assertArrayEquals(file, Samples.encode(Compression.LZO, data, new EncoderOptions(level, 3)),
                        "the same file on 3 threads");
            }
        }
    }

    private static int intBE(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
