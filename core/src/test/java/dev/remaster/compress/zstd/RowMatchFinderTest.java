package dev.remaster.compress.zstd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.remaster.compress.PeerTool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The row match finder reports only real matches inside the window, the longest among the newest
 * {@code 2^rowLog} positions of a row, and forgets a position once its row's ring has moved past it;
 * the levels that use it write frames that our decoder and the zstd tool take back.
 */
class RowMatchFinderTest {
    @TempDir
    Path dir;

    /** A small greedy level: window 4 KiB, 2^16 slots in rows of 16, 16 candidates a search. */
    private static final LevelParameters SMALL = new LevelParameters(Strategy.GREEDY, 12, 12, 16, 4, 5, 0, 6);

    private static JobCompressor finderOver(byte[] data, LevelParameters params) {
        JobCompressor job = new JobCompressor(params);
        job.src = data;
        job.rows.start(data, 0);
        return job;
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 7, 9, 12})
    void everyMatchIsRealAndInsideTheWindow(int level) {
        byte[] data = ZstdFrameOutputStreamTest.mixed(600_000, level);
        JobCompressor job = finderOver(data, LevelParameters.of(level));
        int end = data.length;
        int found = 0;
        for (int ip = 0; ip < end - 8; ip++) {
            job.rows.search(ip, end);
            int length = job.rows.bestLength;
            if (length == 0) {
                continue;
            }
            found++;
            int offset = job.rows.bestOffset;
            assertTrue(length >= 5, "length " + length + " at " + ip);
            assertTrue(offset > 0 && offset <= ip && offset <= 1 << LevelParameters.of(level).windowLog());
            int at = ip;
            assertTrue(Arrays.equals(data, ip, ip + length, data, ip - offset, ip - offset + length),
                    () -> "a real match at " + at);
        }
        assertTrue(found > 10_000, "matches found: " + found);
    }

    /** A repeat exactly one window back is found; one byte further back it is out of reach. */
    @Test
    void findsAMatchAtTheWindowLimitAndNotBeyond() {
        int window = 1 << SMALL.windowLog();
        byte[] pattern = "window-limit-pattern:0123456789".getBytes(StandardCharsets.US_ASCII);
        for (int distance : new int[] {window, window + 1}) {
            byte[] data = ZstdFrameOutputStreamTest.random(3 * window, distance);
            int at = 100;
            System.arraycopy(pattern, 0, data, at, pattern.length);
            System.arraycopy(pattern, 0, data, at + distance, pattern.length);
            JobCompressor job = finderOver(data, SMALL);
            for (int ip = 0; ip <= at + distance; ip++) {
                job.rows.search(ip, data.length);
            }
            if (distance == window) {
                assertEquals(pattern.length, job.rows.bestLength);
                assertEquals(window, job.rows.bestOffset);
            } else {
                assertEquals(0, job.rows.bestLength, "a match beyond the window");
            }
        }
    }

    /**
     * A record repeated after {@code newer} others that share its first 5 bytes (so its hash, row and
     * tag): found while the row's 16 slots still hold it, forgotten once 16 newer ones pushed it out.
     */
    @ParameterizedTest
    @ValueSource(ints = {15, 16})
    void aRowHoldsItsSixteenNewestPositions(int newer) {
        byte[] original = "QWERT-the-original-record-0123".getBytes(StandardCharsets.US_ASCII);
        Random r = new Random(7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(original);
        for (int i = 0; i < newer; i++) {
            out.writeBytes("QWERT".getBytes(StandardCharsets.US_ASCII));
            for (int j = 0; j < 25; j++) {
                out.write('a' + r.nextInt(26));
            }
        }
        int query = out.size();
        out.writeBytes(original);
        out.writeBytes(new byte[16]);
        byte[] data = out.toByteArray();
        JobCompressor job = finderOver(data, SMALL);
        for (int ip = 0; ip <= query; ip++) {
            job.rows.search(ip, data.length);
        }
        if (newer < 16) {
            assertEquals(original.length, job.rows.bestLength);
            assertEquals(query, job.rows.bestOffset);
        } else {
            assertTrue(job.rows.bestLength < 8, "the original was pushed out of its row: " + job.rows.bestLength);
        }
    }

    /**
     * A window and 400 KB of data whose repeats lie at the window's distance, a byte inside it and a
     * byte past it, with runs and incompressible stretches between.
     */
    private static byte[] windowData(int level) {
        int window = 1 << LevelParameters.of(level).windowLog();
        Random r = new Random(level);
        byte[] data = new byte[window + 400_000];
        byte[] text = ZstdFrameOutputStreamTest.mixed(200_000, level);
        System.arraycopy(text, 0, data, 0, text.length);
        for (int i = text.length; i < data.length; i++) {
            data[i] = (byte) (i % 5000 < 4000 ? 0 : r.nextInt());
        }
        // 64 KiB of the text again at the window's distance, a byte nearer and a byte further
        for (int delta : new int[] {-1, 0, 1}) {
            int from = 50_000 * (delta + 1);
            System.arraycopy(data, from, data, from + window + delta, 65_536);
        }
        return data;
    }

    /** The row levels' frames decode with our decoder and aircompressor's, one thread and two. */
    @ParameterizedTest
    @ValueSource(ints = {5, 6, 8, 9, 11, 12})
    void rowLevelsRoundTripThroughOurDecoder(int level) throws IOException {
        byte[] data = windowData(level);
        for (int threads : new int[] {1, 2}) {
            byte[] frame = ZstdFrameOutputStreamTest.encode(data, level, threads);
            assertArrayEquals(data, ZstdFrameDecoderTest.decodeAll(frame, false), "our decoder, level " + level);
            assertArrayEquals(data, ZstdFrameOutputStreamTest.decode(frame), "aircompressor, level " + level);
        }
    }

    /** The zstd tool tests and decodes the row levels' frames (skipped only without the tool). */
    @ParameterizedTest
    @ValueSource(ints = {5, 7, 9, 12})
    void zstdToolAcceptsRowLevelFrames(int level) throws Exception {
        PeerTool.assumeInstalled("zstd");
        byte[] data = windowData(level);
        byte[] frame = ZstdFrameOutputStreamTest.encode(data, level, 2);
        PeerTool.Result test = PeerTool.onFile(dir, "t.zst", frame, "zstd", "-t", "-q");
        assertEquals(0, test.exitCode(), test.stderr());
        assertArrayEquals(data, PeerTool.filter(dir, frame, "zstd", "-dc"));
    }

    /**
     * Input of more than one job (8 MiB at level 5), the second job's history starting inside the
     * buffer: on one thread one compressor does both jobs, on two the second job gets a fresh one,
     * so equal frames show that nothing of the first job's rows leaks into the second; both decoders
     * take the frame back.
     */
    @Test
    void aLaterJobReferencesOnlyItsOverlap() throws IOException {
        int level = 5;
        int jobSize = LevelParameters.of(level).jobSize();
        byte[] data = new byte[jobSize + 1_500_000];
        byte[] text = ZstdFrameOutputStreamTest.mixed(1_000_000, 41);
        for (int off = 0; off < data.length; off += text.length) {
            System.arraycopy(text, 0, data, off, Math.min(text.length, data.length - off));
        }
        byte[] one = ZstdFrameOutputStreamTest.encode(data, level, 1);
        byte[] two = ZstdFrameOutputStreamTest.encode(data, level, 2);
        assertArrayEquals(one, two, "the same frame for one thread and two");
        assertArrayEquals(data, ZstdFrameDecoderTest.decodeAll(one, false));
        assertArrayEquals(data, ZstdFrameOutputStreamTest.decode(one));
    }

    /** A compressor reused for a second job writes what a fresh one writes: the rows start empty. */
    @Test
    void aReusedCompressorWritesWhatAFreshOneWrites() {
        byte[] first = ZstdFrameOutputStreamTest.mixed(700_000, 31);
        byte[] second = ZstdFrameOutputStreamTest.mixed(900_000, 32);
        LevelParameters params = LevelParameters.of(9);
        JobCompressor reused = new JobCompressor(params);
        reused.compress(first, 0, 0, first.length, false, new ByteArrayOutputStream());
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        reused.compress(second, 0, 200_000, second.length, true, again);
        ByteArrayOutputStream fresh = new ByteArrayOutputStream();
        new JobCompressor(params).compress(second, 0, 200_000, second.length, true, fresh);
        assertArrayEquals(fresh.toByteArray(), again.toByteArray());
    }
}
