package dev.remaster.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Agreement with the standard tools, both ways: what we write, the tool tests as sound and
 * decompresses to the input; what the tool writes (at several levels and options), we decode to
 * the input and measure to the exact byte. Each case skips when its tool is not installed.
 */
class PeerToolTest {
    /** Text with incompressible stretches, so that stored/uncompressible blocks occur too. */
    private static final byte[] DATA = Samples.mixed(3_000_000, 7);
    private static final byte[] JUNK = "JUNK after the member".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    static Stream<Arguments> ourOutput() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean empty : new boolean[] {false, true}) {
            cases.add(Arguments.of(Compression.GZIP, 1, empty, cmd("gzip", "-t"), cmd("gzip", "-dc")));
            cases.add(Arguments.of(Compression.GZIP, 3, empty, cmd("gzip", "-t"), cmd("gzip", "-dc")));
            cases.add(Arguments.of(Compression.BZIP2, 1, empty, cmd("bzip2", "-t"), cmd("bzip2", "-dc")));
            cases.add(Arguments.of(Compression.XZ, 1, empty, cmd("xz", "-t"), cmd("xz", "-dc")));
            cases.add(Arguments.of(Compression.LZMA, 1, empty, cmd("xz", "-t", "--format=lzma"),
                    cmd("xz", "-dc", "--format=lzma")));
            cases.add(Arguments.of(Compression.ZSTD, 1, empty, cmd("zstd", "-t"), cmd("zstd", "-dc")));
            cases.add(Arguments.of(Compression.LZ4_LEGACY, 1, empty, cmd("lz4", "-t"), cmd("lz4", "-dc")));
            cases.add(Arguments.of(Compression.LZO, 1, empty, cmd("lzop", "-t"), cmd("lzop", "-dc")));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} threads={1} empty={2}")
    @MethodSource("ourOutput")
    void toolAcceptsOurOutput(Compression c, int threads, boolean empty, String[] test, String[] decompress)
            throws Exception {
        byte[] data = empty ? new byte[0] : DATA;
        byte[] encoded = Samples.encode(c, data, EncoderOptions.defaults(c).withThreads(threads));
        PeerTool.Result tested = PeerTool.onFile(dir, "member." + c.displayName(), encoded, test);
        assertEquals(0, tested.exitCode(), () -> String.join(" ", test) + ": " + tested.stderr());
        assertArrayEquals(data, PeerTool.filter(dir, encoded, decompress), String.join(" ", decompress));
    }

    @Test
    void xzListsOurStreamWithCrc32() throws Exception {
        byte[] encoded = Samples.encode(Compression.XZ, DATA);
        PeerTool.Result listed = PeerTool.onFile(dir, "list.xz", encoded, "xz", "--robot", "--list");
        assertEquals(0, listed.exitCode(), listed.stderr());
        String list = new String(listed.stdout(), StandardCharsets.UTF_8);
        String fileLine = list.lines().filter(l -> l.startsWith("file\t")).findFirst().orElseThrow();
        assertEquals("CRC32", fileLine.split("\t")[6], list);
        String streams = list.lines().filter(l -> l.startsWith("file\t")).findFirst().orElseThrow().split("\t")[1];
        assertEquals("1", streams, "one stream");
    }

    static Stream<Arguments> toolOutput() {
        return Stream.of(
                Arguments.of(Compression.GZIP, cmd("gzip", "-9", "-c")),
                Arguments.of(Compression.GZIP, cmd("gzip", "-1", "-c")),
                Arguments.of(Compression.GZIP, cmd("pigz", "-p2", "-c")),
                Arguments.of(Compression.GZIP, cmd("pigz", "-9", "-p2", "-b", "32", "-c")),
                Arguments.of(Compression.BZIP2, cmd("bzip2", "-c")),
                Arguments.of(Compression.BZIP2, cmd("bzip2", "-1", "-c")),
                Arguments.of(Compression.XZ, cmd("xz", "--check=crc32", "-c")),
                Arguments.of(Compression.XZ, cmd("xz", "--check=crc32", "--lzma2=dict=1MiB", "-c")),
                Arguments.of(Compression.XZ, cmd("xz", "-c")),
                Arguments.of(Compression.XZ, cmd("xz", "--check=sha256", "-0", "-c")),
                Arguments.of(Compression.XZ, cmd("xz", "--check=none", "-c")),
                Arguments.of(Compression.XZ, cmd("xz", "-T2", "--block-size=500KiB", "-c")),
                Arguments.of(Compression.LZMA, cmd("lzma", "-c")),
                Arguments.of(Compression.LZMA, cmd("xz", "--format=lzma", "-9", "-c")),
                Arguments.of(Compression.LZMA, cmd("xz", "--format=lzma", "-0", "-c")),
                Arguments.of(Compression.ZSTD, cmd("zstd", "-19", "-c")),
                Arguments.of(Compression.ZSTD, cmd("zstd", "-1", "-c")),
                Arguments.of(Compression.ZSTD, cmd("zstd", "--no-check", "-3", "-c")),
                Arguments.of(Compression.ZSTD, cmd("zstd", "-3", "--zstd=wlog=23", "-c")),
                Arguments.of(Compression.LZ4_LEGACY, cmd("lz4", "-l", "-c")),
                Arguments.of(Compression.LZ4_LEGACY, cmd("lz4", "-l", "-9", "-c")),
                Arguments.of(Compression.LZO, cmd("lzop", "-c")),
                Arguments.of(Compression.LZO, cmd("lzop", "-1", "-c")),
                Arguments.of(Compression.LZO, cmd("lzop", "-9", "-c")),
                Arguments.of(Compression.LZO, cmd("lzop", "--crc32", "-c")),
                Arguments.of(Compression.LZO, cmd("lzop", "-F", "-c")));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("toolOutput")
    void decodesToolOutputExactly(Compression c, String[] compress) throws Exception {
        byte[] member = PeerTool.filter(dir, DATA, compress);
        assertEquals(c, Compression.detect(member, 0, member.length));
        Samples.Decoded d = Samples.decode(c, new ByteArrayInputStream(Samples.concat(member, JUNK)), 0);
        assertArrayEquals(DATA, d.data(), String.join(" ", compress));
        assertEquals(member.length, d.compressedSize(), "compressed size of the output of " + String.join(" ", compress));
    }

    @Test
    void zstdWithTheLargestSupportedWindowOver8MiBOfData() throws Exception {
        byte[] data = Samples.text(10_000_000, 23);
        byte[] member = PeerTool.filter(dir, data, "zstd", "-3", "--zstd=wlog=23", "-c");
        assertEquals((23 - 10) << 3, member[5] & 0xFF, "window descriptor: 2^23 bytes, 8 MiB");
        Samples.Decoded d = Samples.decode(Compression.ZSTD, Samples.concat(member, JUNK));
        assertArrayEquals(data, d.data());
        assertEquals(member.length, d.compressedSize());
    }

    @Test
    void zstdLongWindowIsDecoded() throws Exception {
        byte[] data = Samples.text(300_000, 24);
        byte[] member = PeerTool.filter(dir, data, "zstd", "--long=27", "-c");
        Samples.Decoded d = Samples.decode(Compression.ZSTD, new ByteArrayInputStream(member), 100);
        assertArrayEquals(data, d.data());
        assertEquals(member.length, d.compressedSize());
    }

    @Test
    void zstdWindowOver1GiBIsRefusedClearly() throws Exception {
        byte[] member = PeerTool.filter(dir, Samples.text(300_000, 24), "zstd", "--long=31", "-c");
        CompressedDataException e = assertThrows(CompressedDataException.class,
                () -> Samples.decode(Compression.ZSTD, new ByteArrayInputStream(member), 100));
        assertTrue(e.getMessage().contains("the frame's window of 2147483648 bytes is larger than the 1024 MiB"),
                e.getMessage());
        assertEquals(100, e.offset());
        assertEquals(Compression.ZSTD, e.compression());
    }

    static Stream<Arguments> toolOutputOfEmptyInput() {
        return Stream.of(
                Arguments.of(Compression.GZIP, cmd("gzip", "-c")),
                Arguments.of(Compression.BZIP2, cmd("bzip2", "-c")),
                Arguments.of(Compression.XZ, cmd("xz", "--check=crc32", "-c")),
                Arguments.of(Compression.LZMA, cmd("lzma", "-c")),
                Arguments.of(Compression.ZSTD, cmd("zstd", "-c")),
                Arguments.of(Compression.LZ4_LEGACY, cmd("lz4", "-l", "-c")),
                Arguments.of(Compression.LZO, cmd("lzop", "-c")));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("toolOutputOfEmptyInput")
    void decodesToolOutputOfEmptyInput(Compression c, String[] compress) throws Exception {
        byte[] member = PeerTool.filter(dir, new byte[0], compress);
        Samples.Decoded d = Samples.decode(c, Samples.concat(member, new byte[16]));
        assertEquals(0, d.data().length);
        assertEquals(member.length, d.compressedSize());
    }

    @Test
    void gzipWithFileNameFromGzipItself() throws Exception {
        PeerTool.Result r = PeerTool.onFile(dir, "some-file-name.cpio", DATA, "gzip", "-c", "-N");
        assertEquals(0, r.exitCode(), r.stderr());
        byte[] member = r.stdout();
        assertTrue((member[3] & 0x08) != 0, "gzip stored the name");
        Samples.Decoded d = Samples.decode(Compression.GZIP, Samples.concat(member, JUNK));
        assertArrayEquals(DATA, d.data());
        assertEquals(member.length, d.compressedSize());
    }

    @Test
    void lzopWithFileNameFromLzopItself() throws Exception {
        PeerTool.Result r = PeerTool.onFile(dir, "some-file-name.cpio", DATA, "lzop", "-c");
        assertEquals(0, r.exitCode(), r.stderr());
        byte[] member = r.stdout();
        Samples.Decoded d = Samples.decode(Compression.LZO, Samples.concat(member, JUNK));
        assertArrayEquals(DATA, d.data());
        assertEquals(member.length, d.compressedSize());
    }

    private static String[] cmd(String... command) {
        return Arrays.copyOf(command, command.length);
    }
}
