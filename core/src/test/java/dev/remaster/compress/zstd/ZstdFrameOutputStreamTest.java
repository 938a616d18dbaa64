package dev.remaster.compress.zstd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.remaster.compress.PeerTool;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our zstd frames decode to their input with aircompressor's decoder and with the zstd tool, at every
 * level, for inputs that take every path of the encoder, and are the same for any number of threads.
 */
class ZstdFrameOutputStreamTest {
    @TempDir
    Path dir;

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Words from a small vocabulary with numbers: compressible like text. */
    static byte[] text(int n, long seed) {
        Random r = new Random(seed);
        String[] words = {"initramfs", "kernel", "module", "the", "of", "cpio", "zstd", "block", "/lib/", "usr"};
        StringBuilder sb = new StringBuilder(n + 16);
        while (sb.length() < n) {
            sb.append(words[r.nextInt(words.length)]).append(r.nextInt(10) == 0 ? "\n" : " ");
            if (r.nextInt(20) == 0) {
                sb.append(r.nextInt(100000));
            }
        }
        return sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }

    /** Text, random runs, long runs of one byte and repeats far back: every block and literal kind. */
    static byte[] mixed(int n, long seed) {
        Random r = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        while (out.size() < n) {
            int kind = r.nextInt(4);
            int len = 1 + r.nextInt(200_000);
            byte[] part = switch (kind) {
                case 0 -> text(len, r.nextLong());
                case 1 -> random(len, r.nextLong());
                case 2 -> {
                    byte[] run = new byte[len];
                    java.util.Arrays.fill(run, (byte) r.nextInt(256));
                    yield run;
                }
                default -> {
                    byte[] sofar = out.toByteArray();
                    int from = sofar.length == 0 ? 0 : r.nextInt(sofar.length);
                    yield java.util.Arrays.copyOfRange(sofar, from, Math.min(sofar.length, from + len));
                }
            };
            out.write(part, 0, part.length);
        }
        return java.util.Arrays.copyOf(out.toByteArray(), n);
    }

    static byte[] encode(byte[] data, int level, int threads) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = new ZstdFrameOutputStream(sink, level, threads)) {
            // uneven writes, so that job boundaries fall inside them
            int off = 0;
            int step = 1;
            while (off < data.length) {
                int n = Math.min(step, data.length - off);
                out.write(data, off, n);
                off += n;
                step = step * 3 + 1;
            }
        }
        return sink.toByteArray();
    }

    static byte[] decode(byte[] frame) throws IOException {
        try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(frame))) {
            return in.readAllBytes();
        }
    }

    private void roundTrip(byte[] data, int level) throws IOException {
        byte[] frame = encode(data, level, 1);
        assertArrayEquals(data, decode(frame), "aircompressor, level " + level);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19})
    void everyLevelRoundTripsEveryKindOfInput(int level) throws IOException {
        roundTrip(new byte[0], level);
        roundTrip(new byte[] {7}, level);
        roundTrip(text(100, level), level);
        roundTrip(text(5000, level), level);
        roundTrip(random(300_000, level), level);
        byte[] run = new byte[400_000];
        java.util.Arrays.fill(run, (byte) 'a');
        roundTrip(run, level);
        roundTrip(mixed(1_500_000, level), level);
    }

    @Test
    void compressesTextAndKeepsIncompressibleInputAtItsSize() throws IOException {
        byte[] t = text(1_000_000, 1);
        assertTrue(encode(t, 3, 1).length < t.length / 3, "text compresses");
        byte[] r = random(1_000_000, 2);
        int size = encode(r, 9, 1).length;
        assertTrue(size <= r.length + r.length / 100, "random input stays raw: " + size);
    }

    @Test
    void outputIsTheSameForAnyNumberOfThreads() throws IOException {
        // level 1 has 2 MiB jobs: several jobs, each referencing the one before
        byte[] data = mixed(9_000_000, 3);
        byte[] one = encode(data, 1, 1);
        assertArrayEquals(data, decode(one));
        assertArrayEquals(one, encode(data, 1, 2));
        assertArrayEquals(one, encode(data, 1, 4));
    }

    /**
     * The optimal parser of levels 16 to 19 finds cheaper parses than the lazy matcher of level 15, and
     * parsing each block twice (level 17) cheaper than once (16). Level 19's shorter matches do not pay
     * on this text (nor do they for the zstd tool).
     */
    @Test
    void optimalParsingBeatsLazyMatching() throws IOException {
        byte[] cpio = text(2_000_000, 11);
        int lazy = encode(cpio, 15, 1).length;
        int btopt = encode(cpio, 16, 1).length;
        int btultra = encode(cpio, 17, 1).length;
        assertArrayEquals(cpio, decode(encode(cpio, 19, 1)));
        assertTrue(btopt < lazy, "level 16 " + btopt + " against level 15 " + lazy);
        assertTrue(btultra < btopt, "level 17 " + btultra + " against level 16 " + btopt);
    }

    /** Every level, each strategy and match finder: the zstd tool tests and decodes the frame. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19})
    void zstdToolTestsAndDecodesOurFrames(int level) throws Exception {
        PeerTool.assumeInstalled("zstd");
        byte[] data = mixed(3_000_000, level);
        byte[] frame = encode(data, level, 2);
        PeerTool.Result test = PeerTool.onFile(dir, "f.zst", frame, "zstd", "-t", "-q");
        assertEquals(0, test.exitCode(), test.stderr());
        assertArrayEquals(data, PeerTool.filter(dir, frame, "zstd", "-dc"));
        assertArrayEquals(new byte[0], PeerTool.filter(dir, encode(new byte[0], level, 1), "zstd", "-dc"));
    }

    @Test
    void windowNeverExceedsEightMebibytes() throws IOException {
        for (int level = 1; level <= LevelParameters.MAX_LEVEL; level++) {
            assertTrue(LevelParameters.of(level).windowLog() <= 23, "level " + level);
        }
        byte[] small = encode(mixed(100_000, 5), 19, 1);
        assertTrue((small[4] & 0x20) != 0, "input that fits one job: single segment, the window is the content");
        byte[] large = encode(mixed(5_000_000, 5), 1, 1);
        assertEquals(0, large[4] & 0x20, "input over one job: a window descriptor");
        assertEquals(19, 10 + ((large[5] & 0xFF) >> 3), "level 1 window");
    }

    @Test
    void refusesLevelsOutsideOneToNineteen() {
        assertThrows(IllegalArgumentException.class, () -> new ZstdFrameOutputStream(new ByteArrayOutputStream(), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ZstdFrameOutputStream(new ByteArrayOutputStream(), 20, 1));
        assertThrows(IllegalArgumentException.class, () -> new ZstdFrameOutputStream(new ByteArrayOutputStream(), 3, 0));
    }

    @Test
    void levelRuleKeepsTheOriginalsSize() {
        assertEquals(9, ZstdLevelRule.levelFor(31_175_059, 132_349_440));
        assertEquals(19, ZstdLevelRule.levelFor(27_539_848, 132_349_440));
        assertEquals(3, ZstdLevelRule.levelFor(200_000, 600_000));
    }

    // ---- chunked frames ----

    /** Writes {@code entries} one after another, each followed by an entry boundary. */
    static byte[] encodeChunked(byte[][] entries, int level, int threads, int chunkSize) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ZstdFrameOutputStream out = new ZstdFrameOutputStream(sink, level, threads, chunkSize, 0)) {
            for (byte[] e : entries) {
                out.write(e, 0, e.length / 3);
                out.write(e, e.length / 3, e.length - e.length / 3);
                out.entryBoundary();
            }
        }
        return sink.toByteArray();
    }

    /** The frame's blocks, without the header, the closing empty block and the checksum. */
    static int headerLength(byte[] frame) {
        int descriptor = frame[4] & 0xFF;
        boolean single = (descriptor & 0x20) != 0;
        int fcs = (descriptor >>> 6) == 0 ? (single ? 1 : 0) : 1 << (descriptor >>> 6);
        return 5 + (single ? 0 : 1) + fcs;
    }

    static byte[] chunkBlocks(byte[] frame) {
        int header = headerLength(frame);
        int end = frame.length - 4 - ZstdFrameOutputStream.LAST_EMPTY_BLOCK.length;
        assertArrayEquals(ZstdFrameOutputStream.LAST_EMPTY_BLOCK,
                java.util.Arrays.copyOfRange(frame, end, frame.length - 4), "a chunked frame ends with an empty last block");
        return java.util.Arrays.copyOfRange(frame, header, end);
    }

    static byte[][] entries(int count, long seed) {
        Random r = new Random(seed);
        byte[][] entries = new byte[count][];
        byte[] shared = text(20_000, seed);
        for (int i = 0; i < count; i++) {
            // every entry repeats text the entries before it hold: matches would reach back if allowed
            byte[] own = r.nextInt(4) == 0 ? random(5_000 + r.nextInt(5_000), r.nextLong()) : mixed(5_000 + r.nextInt(20_000), r.nextLong());
            entries[i] = new byte[own.length + shared.length];
            System.arraycopy(shared, 0, entries[i], 0, shared.length);
            System.arraycopy(own, 0, entries[i], shared.length, own.length);
        }
        return entries;
    }

    static byte[] concat(byte[][] parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.write(p, 0, p.length);
        }
        return all.toByteArray();
    }

    /**
     * With entries larger than the chunk size each entry is a chunk, and its blocks are exactly those
     * of a frame holding that entry alone: a chunk's compressed bytes depend on nothing before it.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 9, 17, 19})
    void eachChunkIsCompressedAsIfItStoodAlone(int level) throws IOException {
        byte[][] entries = entries(12, level);
        byte[] frame = encodeChunked(entries, level, 1, 4096);
        assertArrayEquals(concat(entries), decode(frame));
        ByteArrayOutputStream alone = new ByteArrayOutputStream();
        for (byte[] e : entries) {
            byte[] blocks = chunkBlocks(encodeChunked(new byte[][] {e}, level, 1, 4096));
            alone.write(blocks, 0, blocks.length);
        }
        assertArrayEquals(alone.toByteArray(), chunkBlocks(frame));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 9, 16})
    void chunkedOutputIsTheSameForAnyNumberOfThreads(int level) throws IOException {
        byte[][] entries = entries(level >= 16 ? 100 : 300, 4);
        byte[] one = encodeChunked(entries, level, 1, 1 << 20);
        assertArrayEquals(concat(entries), decode(one));
        assertArrayEquals(one, encodeChunked(entries, level, 2, 1 << 20), "2 threads");
        assertArrayEquals(one, encodeChunked(entries, level, 8, 1 << 20), "8 threads");
    }

    /** Level 3 has a 2 MiB window: an 8 MiB chunk is four jobs, the same bytes on any number of threads. */
    @Test
    void aChunkOfSeveralJobsIsTheSameForAnyNumberOfThreads() throws IOException {
        byte[][] entries = entries(300, 6);
        byte[] one = encodeChunked(entries, 3, 1, 8 << 20);
        assertArrayEquals(concat(entries), decode(one));
        assertArrayEquals(one, encodeChunked(entries, 3, 2, 8 << 20), "2 threads");
        assertArrayEquals(one, encodeChunked(entries, 3, 8, 8 << 20), "8 threads");
        // and the chunk's blocks are those of the chunk alone
        int firstChunk = 0;
        int length = 0;
        while (length < 8 << 20) {
            length += entries[firstChunk++].length;
        }
        byte[] alone = chunkBlocks(encodeChunked(java.util.Arrays.copyOf(entries, firstChunk), 3, 2, 8 << 20));
        assertArrayEquals(alone, java.util.Arrays.copyOf(chunkBlocks(one), alone.length));
    }

    @Test
    void chunksAreCutOnlyAtEntryBoundariesUnlessAnEntryIsHuge() throws IOException {
        // one entry of 20 chunk sizes: cut at 16, where it stands
        byte[] huge = mixed(20 * 4096, 8);
        byte[] small = text(100, 9);
        byte[] frame = encodeChunked(new byte[][] {small, huge, small}, 5, 1, 4096);
        assertArrayEquals(concat(new byte[][] {small, huge, small}), decode(frame));
        byte[] first = java.util.Arrays.copyOf(concat(new byte[][] {small, huge}), 16 * 4096);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ZstdFrameOutputStream out = new ZstdFrameOutputStream(sink, 5, 1, 4096, 0)) {
            out.write(first);
        }
        byte[] firstBlocks = chunkBlocks(sink.toByteArray());
        byte[] blocks = chunkBlocks(frame);
        assertArrayEquals(firstBlocks, java.util.Arrays.copyOf(blocks, firstBlocks.length));
    }

    @Test
    void copiedChunksJoinNewOnesInOneFrameThatZstdAccepts() throws Exception {
        PeerTool.assumeInstalled("zstd");
        byte[][] entries = entries(6, 21);
        byte[] a = encodeChunked(new byte[][] {entries[0], entries[1]}, 19, 1, 4096);
        byte[] aBlocks = chunkBlocks(a);
        // a frame's last block flagged last, as zstd writes it, is copied with the flag cleared
        byte[] tail = encode(entries[5], 3, 1);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ZstdFrameOutputStream out = new ZstdFrameOutputStream(sink, 3, 2, 4096, 0)) {
            out.write(entries[2]);
            out.entryBoundary();
            byte[] content = concat(new byte[][] {entries[0], entries[1]});
            out.writeCompressedChunk(aBlocks, 0, aBlocks.length, content, 0, content.length);
            out.write(entries[3]);
            out.write(entries[4]);
            int h = headerLength(tail);
            out.writeCompressedChunk(tail, h, tail.length - h - 4, entries[5], 0, entries[5].length);
        }
        byte[] frame = sink.toByteArray();
        byte[] expected = concat(new byte[][] {entries[2], entries[0], entries[1], entries[3], entries[4], entries[5]});
        assertArrayEquals(expected, decode(frame));
        PeerTool.Result test = PeerTool.onFile(dir, "c.zst", frame, "zstd", "-t", "-q");
        assertEquals(0, test.exitCode(), test.stderr());
        assertArrayEquals(expected, PeerTool.filter(dir, frame, "zstd", "-dc"));
        assertThrows(IOException.class, () -> new ZstdFrameOutputStream(new ByteArrayOutputStream(), 3, 1, 4096, 0)
                .writeCompressedChunk(aBlocks, 0, aBlocks.length - 1, new byte[0], 0, 0));
    }

}
