package dev.remaster.compress.zstd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The binary-tree match finder reports real matches of increasing length, the longest among many. */
class BinaryTreeTest {
    /**
     * 2000 records share their first 8 bytes and differ after: a hash chain 64 deep sees only the
     * last 64 of them, the tree walks to the one that matches longest wherever it is.
     */
    @Test
    void findsTheLongestMatchAmongManyWithTheSamePrefix() {
        Random r = new Random(5);
        int records = 2000;
        int size = 64;
        byte[] data = new byte[(records + 1) * size + 64];
        for (int i = 0; i < records; i++) {
            System.arraycopy("PREFIX::".getBytes(), 0, data, i * size, 8);
            for (int j = 8; j < size; j++) {
                data[i * size + j] = (byte) ('a' + r.nextInt(4));
            }
        }
        int target = records * size;
        // the last record repeats an early one for 40 bytes, then differs
        System.arraycopy(data, 37 * size, data, target, 48);
        data[target + 48] = '#';
        LevelParameters params = new LevelParameters(Strategy.BTOPT, 22, 22, 22, 6, 5, 32, 8);
        JobCompressor job = new JobCompressor(params);
        job.compress(data, 0, 0, 0, true, new ByteArrayOutputStream());
        job.tree.start(data, 0, data.length);
        int[] lengths = new int[64];
        int[] offsets = new int[64];
        int longest = 0;
        int longestOffset = 0;
        for (int ip = 0; ip <= target; ip++) {
            int n = job.tree.find(ip, data.length - 8, 5, lengths, offsets, 64);
            for (int i = 0; i < n; i++) {
                int length = lengths[i];
                assertTrue(i == 0 || length > lengths[i - 1], "lengths increase at " + ip);
                assertTrue(length >= 5);
                for (int k = 0; k < length; k++) {
                    assertEquals(data[ip + k], data[ip - offsets[i] + k], "a real match at " + ip);
                }
            }
            if (ip == target) {
                longest = lengths[n - 1];
                longestOffset = offsets[n - 1];
            }
        }
        assertEquals(48, longest);
        assertEquals(target - 37 * size, longestOffset);
    }

    /**
     * A compressor that has compressed one job gives the next job the bytes a fresh one gives: what
     * makes the output the same for any number of threads. The tree's nodes from the first job stay
     * in its table and must never be reached.
     */
    @ParameterizedTest
    @ValueSource(ints = {13, 16, 18})
    void aReusedCompressorWritesWhatAFreshOneWrites(int level) {
        byte[] first = ZstdFrameOutputStreamTest.mixed(700_000, 21);
        byte[] second = ZstdFrameOutputStreamTest.mixed(900_000, 22);
        LevelParameters params = LevelParameters.of(level);
        JobCompressor reused = new JobCompressor(params);
        reused.compress(first, 0, 0, first.length, false, new ByteArrayOutputStream());
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        reused.compress(second, 0, 200_000, second.length, true, again);
        ByteArrayOutputStream fresh = new ByteArrayOutputStream();
        new JobCompressor(params).compress(second, 0, 200_000, second.length, true, fresh);
        assertArrayEquals(fresh.toByteArray(), again.toByteArray(), "level " + level);
    }
}
