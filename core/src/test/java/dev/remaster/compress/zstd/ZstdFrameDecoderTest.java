package dev.remaster.compress.zstd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.remaster.compress.PeerTool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frames made by the zstd CLI (levels 1 to 22, long mode, no checksum, small jobs, tiny, empty,
 * run-length and incompressible inputs, several frames) and by our encoder decode to the bytes
 * {@code zstd -dc} gives, with the reading step inline and on its own thread; bad frames are
 * refused with an offset; the block spans report what each block depends on.
 */
class ZstdFrameDecoderTest {
    @TempDir
    Path dir;

    static Stream<Arguments> cliFrames() {
        byte[] mixed = mixed(700_000, 1);
        return Stream.of(
                Arguments.of("-1", mixed),
                Arguments.of("-3", mixed),
                Arguments.of("-9", mixed),
                Arguments.of("-19", mixed),
                Arguments.of("--ultra -22 --long", mixed),
                Arguments.of("-3 --no-check", mixed),
                Arguments.of("-19 --no-check", text(300_000, 2)),
                Arguments.of("-3 -T2 -B262144", mixed),
                Arguments.of("-1 --no-check -T2 -B131072", mixed),
                Arguments.of("-3", new byte[0]),
                Arguments.of("-3", new byte[] {42}),
                Arguments.of("-19", "abcabcabcabcabcabcabcabcab".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("-3", new byte[400_000]),
                Arguments.of("-3", random(300_000, 3)),
                Arguments.of("-19", text(5_000, 4)),
                Arguments.of("-3 --format=zstd", repeated(600_000)));
    }

    @ParameterizedTest(name = "[{index}] zstd {0}")
    @MethodSource("cliFrames")
    void decodesWhatZstdMakes(String options, byte[] data) throws Exception {
        byte[] frame = zstd(data, options);
        byte[] expected = PeerTool.filter(dir, frame, "zstd", "-dc");
        assertArrayEquals(data, expected);
        for (boolean threaded : new boolean[] {false, true}) {
            assertArrayEquals(expected, decodeAll(frame, threaded), options + (threaded ? " threaded" : ""));
        }
    }

    /** From a file zstd records the content size: 1, 2 (plus 256), 4 bytes; single segment when small. */
    @ParameterizedTest(name = "{0} bytes")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 100, 255, 256, 1000, 65_791, 65_792, 500_000})
    void decodesFramesWithAKnownContentSize(int size) throws Exception {
        byte[] data = mixed(size, 5);
        Path file = dir.resolve("in.bin");
        java.nio.file.Files.write(file, data);
        PeerTool.Result r = PeerTool.run(dir, null, "zstd", "-q", "-19", "-f", file.toString(), "-o", dir.resolve("in.zst").toString());
        assertEquals(0, r.exitCode(), r.stderr());
        byte[] frame = java.nio.file.Files.readAllBytes(dir.resolve("in.zst"));
        assertTrue((frame[4] & 0xC0) != 0 || (frame[4] & 0x20) != 0, "zstd wrote the content size");
        assertArrayEquals(data, decodeAll(frame, false));
        assertArrayEquals(data, decodeAll(frame, true));
        byte[] longer = frame.clone();
        // Declaring one byte more than there is: refused at the end of the content.
        int fcsFlag = (frame[4] & 0xFF) >>> 6;
        boolean single = (frame[4] & 0x20) != 0;
        int fcsAt = 5 + (single ? 0 : 1);
        if (fcsFlag == 0 && single) {
            longer[fcsAt]++;
        } else if (fcsFlag == 1 || fcsFlag == 2) {
            longer[fcsAt]++;
        } else {
            return;
        }
        if (longer[fcsAt] == 0) {
            return;
        }
        ZstdFormatException e = assertThrows(ZstdFormatException.class, () -> decodeAll(longer, false));
        assertTrue(e.detail().contains("its header declares") || e.detail().contains("window"), e.getMessage());
    }

    @Test
    void decodesSeveralFramesAndSkipsSkippableOnes() throws Exception {
        byte[] a = text(100_000, 6);
        byte[] b = random(50_000, 7);
        byte[] skippable = {0x53, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 1, 2, 3};
        byte[] frames = concat(zstd(a, "-3"), skippable, zstd(b, "-1"), zstd(new byte[0], "-1"));
        byte[] expected = PeerTool.filter(dir, frames, "zstd", "-dc");
        assertArrayEquals(concat(a, b), expected);
        assertArrayEquals(expected, decodeAll(frames, true));
    }

    @Test
    void decodesOurEncodersFrames() throws IOException {
        byte[] data = concat(mixed(3_000_000, 8), new byte[100_000], text(200_000, 9));
        for (int level : new int[] {1, 3, 9, 19}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZstdFrameOutputStream z = new ZstdFrameOutputStream(out, level, 2)) {
                z.write(data);
            }
            assertArrayEquals(data, decodeAll(out.toByteArray(), false), "level " + level);
            assertArrayEquals(data, decodeAll(out.toByteArray(), true), "level " + level);
        }
    }

    @Test
    void truncatedFramesAreRefusedWhereTheyEnd() throws Exception {
        byte[] frame = zstd(mixed(200_000, 10), "-9");
        for (int cut : new int[] {0, 3, 5, 6, 9, 100, frame.length / 2, frame.length - 5, frame.length - 1}) {
            byte[] part = Arrays.copyOf(frame, cut);
            ZstdFormatException e = assertThrows(ZstdFormatException.class, () -> decodeAll(part, true), "cut " + cut);
            assertTrue(e.detail().startsWith("truncated: the input ends inside the "), e.getMessage());
            assertEquals(cut, e.offset(), e.getMessage());
        }
    }

    @Test
    void aBadBlockIsReportedAtItsHeader() throws Exception {
        byte[] frame = zstd(text(400_000, 11), "-19");
        List<BlockSpan> spans = spans(frame);
        assertTrue(spans.size() >= 3, spans.toString());
        BlockSpan second = spans.get(1);
        byte[] bad = frame.clone();
        // Literals of type 3 (treeless) with a size format the block cannot hold.
        bad[(int) second.compressedOffset() + 3] = (byte) 0xFF;
        bad[(int) second.compressedOffset() + 4] = (byte) 0xFF;
        bad[(int) second.compressedOffset() + 5] = (byte) 0xFF;
        bad[(int) second.compressedOffset() + 6] = (byte) 0xFF;
        ZstdFormatException e = assertThrows(ZstdFormatException.class, () -> decodeAll(bad, false));
        assertEquals(second.compressedOffset(), e.offset(), e.getMessage());
    }

    @Test
    void corruptFramesAreRefusedNeverCrash() throws Exception {
        byte[][] frames = {zstd(mixed(60_000, 12), "-19"), zstd(text(30_000, 13), "-3 --no-check"),
            zstd(mixed(40_000, 14), "-1")};
        Random random = new Random(15);
        for (int round = 0; round < 600; round++) {
            byte[] frame = frames[round % frames.length].clone();
            int changes = 1 + random.nextInt(4);
            for (int i = 0; i < changes; i++) {
                int at = 4 + random.nextInt(frame.length - 4);
                frame[at] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : (byte) (frame[at] ^ (1 << random.nextInt(8)));
            }
            try {
                decodeAll(frame, round % 2 == 0);
            } catch (ZstdFormatException refused) {
                assertTrue(refused.offset() >= 0 && refused.offset() <= frame.length, refused.getMessage());
            }
        }
    }

    @Test
    void refusesDictionariesAndHugeWindows() {
        byte[] dictionary = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, 0x21, 5, 0, 1, 0, 0};
        ZstdFormatException e = assertThrows(ZstdFormatException.class, () -> decodeAll(dictionary, false));
        assertEquals("the frame needs dictionary 5; dictionaries are not supported", e.detail());
        byte[] huge = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, 0x00, (byte) 0xA8, 1, 0, 0};
        e = assertThrows(ZstdFormatException.class, () -> decodeAll(huge, false));
        assertTrue(e.detail().contains("larger than the 1024 MiB this decoder accepts"), e.detail());
    }

    // ---- block spans ----

    @Test
    void spansTileTheFrameAndTheContent() throws Exception {
        byte[] data = mixed(900_000, 16);
        byte[] frame = zstd(data, "-19");
        List<BlockSpan> spans = spans(frame);
        long compressed = spans.get(0).compressedOffset();
        long content = 0;
        for (BlockSpan s : spans) {
            assertEquals(compressed, s.compressedOffset(), s.toString());
            assertEquals(content, s.contentOffset(), s.toString());
            assertTrue(s.earliestDependency() <= s.contentOffset() && s.earliestDependency() >= 0, s.toString());
            compressed += s.compressedSize();
            content += s.contentSize();
        }
        assertEquals(frame.length - 4, compressed, "the checksum follows the last block");
        assertEquals(data.length, content);
        assertTrue(spans.stream().anyMatch(s -> s.earliestDependency() < s.contentOffset()),
                "text compressed at level 19 has blocks that reach back");
    }

    @Test
    void rawBlocksDependOnNothing() throws Exception {
        List<BlockSpan> spans = spans(zstd(random(600_000, 17), "-3"));
        for (BlockSpan s : spans) {
            assertEquals(s.contentOffset(), s.earliestDependency(), s.toString());
        }
    }

    /**
     * The contract: where every block from {@code a} on depends on nothing before block a's start,
     * the frame header followed by blocks a.. decodes afresh to the content from a's start on.
     */
    @ParameterizedTest(name = "zstd {0}")
    @MethodSource("rangeCases")
    void independentRangesDecodeAfresh(String options, byte[] data) throws Exception {
        byte[] frame = zstd(data, options);
        assertEquals(0, frame[4] & 0xC4, "no content size, no checksum");
        List<BlockSpan> spans = spans(frame);
        int headerLength = (int) spans.get(0).compressedOffset();
        int checked = 0;
        long[] laterMin = new long[spans.size() + 1];
        laterMin[spans.size()] = Long.MAX_VALUE;
        for (int i = spans.size() - 1; i >= 0; i--) {
            laterMin[i] = Math.min(laterMin[i + 1], spans.get(i).earliestDependency());
        }
        for (int a = 1; a < spans.size(); a++) {
            BlockSpan start = spans.get(a);
            if (laterMin[a] < start.contentOffset()) {
                continue;
            }
            byte[] range = concat(Arrays.copyOf(frame, headerLength),
                    Arrays.copyOfRange(frame, (int) start.compressedOffset(), frame.length));
            byte[] expected = Arrays.copyOfRange(data, (int) start.contentOffset(), data.length);
            assertArrayEquals(expected, decodeAll(range, false), "from block " + a);
            checked++;
        }
        assertTrue(checked > 0, "some block starts an independent range: " + spans);
    }

    static Stream<Arguments> rangeCases() {
        // Incompressible data between texts of disjoint alphabets: its raw blocks cut the ties.
        byte[] data = concat(text(200_000, 18), random(300_000, 19), high(text(200_000, 20)));
        return Stream.of(Arguments.of("-3 --no-check", data), Arguments.of("-19 --no-check", data),
                Arguments.of("-1 --no-check -T2 -B131072", data));
    }

    // ---- helpers ----

    private byte[] zstd(byte[] data, String options) throws Exception {
        List<String> command = new ArrayList<>(List.of("zstd", "-q", "-c"));
        command.addAll(List.of(options.split(" ")));
        return PeerTool.filter(dir, data, command.toArray(new String[0]));
    }

    /** Decodes every frame of {@code frames}, skipping skippable ones. */
    static byte[] decodeAll(byte[] frames, boolean threaded) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(frames);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[10_000];
        while (in.available() > 0 || frames.length == 0) {
            if (frames.length >= 8 && skipSkippable(in)) {
                continue;
            }
            ZstdFrameDecoder decoder = new ZstdFrameDecoder(in);
            decoder.threaded(threaded);
            try (decoder) {
                for (int n; (n = decoder.read(buf, 0, buf.length)) >= 0; ) {
                    out.write(buf, 0, n);
                }
                assertEquals(-1, decoder.read(buf, 0, 1));
                assertTrue(decoder.finished());
            }
            if (frames.length == 0) {
                break;
            }
        }
        return out.toByteArray();
    }

    private static boolean skipSkippable(InputStream in) throws IOException {
        in.mark(8);
        byte[] head = in.readNBytes(8);
        if (head.length == 8 && (Bits.le32(head, 0) & 0xFFFFFFF0) == 0x184D2A50) {
            in.skipNBytes(Bits.le32(head, 4) & 0xFFFFFFFFL);
            return true;
        }
        in.reset();
        return false;
    }

    static List<BlockSpan> spans(byte[] frame) throws IOException {
        List<BlockSpan> spans = new ArrayList<>();
        ZstdFrameDecoder decoder = new ZstdFrameDecoder(new ByteArrayInputStream(frame));
        decoder.onBlock(spans::add);
        decoder.threaded(true);
        byte[] buf = new byte[65536];
        try (decoder) {
            while (decoder.read(buf, 0, buf.length) >= 0) {
                assertFalse(spans.isEmpty());
            }
        }
        return spans;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static final String[] WORDS = {"initramfs", "kernel", "module", "firmware", "cpio", "zstd", "the",
        "of", "a", "block", "sequence", "literal", "offset", "window", "frame", "/usr/lib/", ".ko", "\n", " ", "0x"};

    static byte[] text(int size, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(size + 20);
        while (sb.length() < size) {
            sb.append(WORDS[r.nextInt(WORDS.length)]);
            if (r.nextInt(10) == 0) {
                sb.append(r.nextInt(100_000));
            }
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    /** The text moved to bytes 128 and up: nothing in it matches the original. */
    static byte[] high(byte[] text) {
        byte[] b = text.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] |= (byte) 0x80;
        }
        return b;
    }

    static byte[] repeated(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ("abcdefg".charAt(i % 7) + (i / 50_000));
        }
        return b;
    }

    /** Text, zeros, random bytes and short-period runs, as in an initramfs. */
    static byte[] mixed(int size, long seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Random r = new Random(seed);
        while (out.size() < size) {
            switch (r.nextInt(4)) {
                case 0 -> out.writeBytes(text(1 + r.nextInt(40_000), r.nextLong()));
                case 1 -> out.writeBytes(new byte[1 + r.nextInt(20_000)]);
                case 2 -> out.writeBytes(random(1 + r.nextInt(8_000), r.nextLong()));
                default -> {
                    byte[] run = new byte[1 + r.nextInt(5_000)];
                    int period = 1 + r.nextInt(12);
                    for (int i = 0; i < run.length; i++) {
                        run[i] = (byte) ('a' + i % period);
                    }
                    out.writeBytes(run);
                }
            }
        }
        return Arrays.copyOf(out.toByteArray(), size);
    }
}
