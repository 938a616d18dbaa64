package dev.remaster.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

    private static int intBE(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
