package dev.remaster.compress.gzip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The candidates found ahead of the decoder follow the recorder's rule, across read blocks too. */
class FlushMarkersTest {
    @TempDir
    Path dir;

    /** The rule, naively: a marker wholly after the start, ending at least MIN_SPAN after the previous candidate. */
    private static List<Long> naive(byte[] b, int start, long bound) {
        List<Long> out = new ArrayList<>();
        long previous = start;
        for (int i = start + 3; i < b.length && i < bound; i++) {
            if (i + 1 >= previous + FlushPointRecorder.MIN_SPAN && b[i] == (byte) 0xff && b[i - 1] == (byte) 0xff
                    && b[i - 2] == 0 && b[i - 3] == 0) {
                out.add((long) i + 1);
                previous = i + 1;
            }
        }
        return out;
    }

    @Test
    void findsEveryCandidateOfTheSequenceIncludingMarkersAcrossBlocks() throws IOException {
        byte[] b = new byte[1_200_000];
        new Random(1).nextBytes(b);
        byte[] marker = {0, 0, (byte) 0xff, (byte) 0xff};
        // Markers straddling each 256 KiB block edge at every split, close pairs, and one at the start.
        int[] at = {5, 100, 300, 262_144 - 1, 262_144 - 2, 524_288 - 3 + 600, 524_288 - 3, 786_432 - 1,
            786_432 + 200, 1_048_576 - 2, 1_199_996};
        for (int a : at) {
            System.arraycopy(marker, 0, b, a, 4);
        }
        Path file = Files.createTempFile(dir, "m", ".bin");
        Files.write(file, b);
        int start = 7;
        try (FileChannel ch = FileChannel.open(file)) {
            FlushMarkers m = new FlushMarkers(ch, start, b.length);
            List<Long> found = new ArrayList<>();
            for (long c = m.next(start); c >= 0; c = m.next(c)) {
                found.add(c);
            }
            assertEquals(naive(b, start, b.length), found);
            // 5 starts before the start, 100 ends within MIN_SPAN of it, so does 786_632 of 786_431's.
            assertEquals(List.of(304L, 262_146L, 524_289L, 524_889L, 786_435L, 1_048_578L, 1_200_000L), found);
            // A bound stops the search.
            assertEquals(-1, new FlushMarkers(ch, start, b.length).next(start, 303));
            assertEquals(304, new FlushMarkers(ch, start, b.length).next(start, 304));
            assertEquals(-1, new FlushMarkers(ch, start, b.length).next(304, 262_145));
        }
    }
}
