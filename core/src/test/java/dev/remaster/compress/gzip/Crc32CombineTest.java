package dev.remaster.compress.gzip;

import dev.remaster.compress.Samples;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Combined CRCs equal the CRC of the concatenation, for any split, and compose for huge lengths. */
class Crc32CombineTest {

    private static long crc(byte[] b, int off, int len) {
        CRC32 c = new CRC32();
        c.update(b, off, len);
        return c.getValue();
    }

    @Test
    void combiningTwoPiecesGivesTheCrcOfBoth() {
        byte[] data = Samples.mixed(400_000, 7);
        Random r = new Random(1);
        int[] splits = {0, 1, 2, 3, 4, 7, 255, 256, 65_536, 399_999, 400_000, r.nextInt(400_000), r.nextInt(400_000)};
        for (int split : splits) {
            long a = crc(data, 0, split);
            long b = crc(data, split, data.length - split);
            assertEquals(crc(data, 0, data.length), Crc32Combine.combine(a, b, data.length - split), "split at " + split);
        }
    }

    @Test
    void combiningManyPiecesInOrderGivesTheWholeCrc() {
        byte[] data = Samples.text(1_000_000, 3);
        Random r = new Random(2);
        long combined = 0;
        int at = 0;
        while (at < data.length) {
            int n = Math.min(data.length - at, r.nextInt(50_000));
            combined = Crc32Combine.combine(combined, crc(data, at, n), n);
            at += n;
        }
        assertEquals(crc(data, 0, data.length), combined);
    }

    @Test
    void lengthsBeyondFourGibibytesCompose() {
        // (A·B)·C must equal A·(B·C) whatever the lengths: this checks x^(8m)·x^(8n) = x^(8(m+n))
        // for powers far beyond what can be computed directly.
        long a = 0x12345678L;
        long b = 0x9ABCDEF0L;
        long c = 0x0F1E2D3CL;
        long[][] lengths = {{5L << 32, 3}, {1L << 40, (1L << 40) + 17}, {Long.MAX_VALUE / 4, 12_345}};
        for (long[] l : lengths) {
            long left = Crc32Combine.combine(Crc32Combine.combine(a, b, l[0]), c, l[1]);
            long right = Crc32Combine.combine(a, Crc32Combine.combine(b, c, l[1]), l[0] + l[1]);
            assertEquals(left, right, "lengths " + l[0] + ", " + l[1]);
        }
    }

    @Test
    void anEmptySecondPieceLeavesTheFirstCrc() {
        assertEquals(0xCAFEBABEL, Crc32Combine.combine(0xCAFEBABEL, 0, 0));
    }

    @Test
    void negativeLengthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Crc32Combine.combine(0, 0, -1));
    }
}
