package dev.remaster.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ls} of an image written by {@code create} (one gzip member of 1 MiB chunks) lists the
 * same whether its member is inflated on one thread or several, and a corrupt chunk is reported
 * the same way, naming the file and the offset.
 */
class ParallelInflateLsTest {
    /** THREADS_PROPERTY (its package is not exported). */
    private static final String THREADS_PROPERTY = "remaster.inflate.threads";

    @TempDir
    Path dir;

    @AfterEach
    void resetThreads() {
        System.clearProperty(THREADS_PROPERTY);
    }

    private Path image() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Random random = new Random(7);
        for (int i = 0; i < 60; i++) {
            byte[] data = new byte[100_000 + random.nextInt(50_000)];
            for (int j = 0; j < data.length; j++) {
                data[j] = (byte) ('a' + random.nextInt(i % 3 == 0 ? 26 : 4));
            }
            Files.write(Files.createDirectories(tree.resolve("d" + i % 7)).resolve("f" + i), data);
        }
        Path img = dir.resolve("img.gz");
        CliRun r = CliRun.of("create", tree.toString(), "-o", img.toString(), "--owner", "0:0", "-q");
        assertEquals(0, r.exitCode(), r.err());
        return img;
    }

    private static CliRun ls(Path img, int threads) {
        System.setProperty(THREADS_PROPERTY, Integer.toString(threads));
        return CliRun.of("ls", "-l", img.toString());
    }

    @Test
    void lsListsTheSameOnOneAndSeveralThreads() throws IOException {
        Path img = image();
        assertTrue(Files.size(img) > 1 << 20, "several chunks: " + Files.size(img));
        CliRun one = ls(img, 1);
        assertEquals(0, one.exitCode(), one.err());
        assertTrue(one.out().contains("d6/f55"), one.out());
        for (int threads : new int[] {2, 8}) {
            CliRun many = ls(img, threads);
            assertEquals(0, many.exitCode(), many.err());
            assertEquals(one.out(), many.out());
        }
    }

    @Test
    void aCorruptChunkIsReportedTheSameOnOneAndSeveralThreads() throws IOException {
        Path img = image();
        byte[] gz = Files.readAllBytes(img);
        int marker = -1;
        for (int i = gz.length / 2; i < gz.length - 8 && marker < 0; i++) {
            if (gz[i] == (byte) 0xff && gz[i - 1] == (byte) 0xff && gz[i - 2] == 0 && gz[i - 3] == 0) {
                marker = i + 1;
            }
        }
        assertTrue(marker > 0, "a full flush in the second half");
        gz[marker] = (byte) 0xff; // a block of type 11: invalid
        Files.write(img, gz);
        CliRun one = ls(img, 1);
        CliRun two = ls(img, 2);
        assertNotEquals(0, one.exitCode());
        assertEquals(one.exitCode(), two.exitCode());
        assertEquals(one.err(), two.err());
        assertTrue(two.err().contains(img.toString()) && two.err().contains("offset " + (marker + 1)), two.err());
    }
}
