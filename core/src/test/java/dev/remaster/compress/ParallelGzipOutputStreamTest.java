package dev.remaster.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The parallel compressor writes one ordinary gzip member: {@code gzip -t} passes, {@code gzip -d}
 * and our decoder give the input back, for any number of threads and block sizes, at block
 * boundaries and off them; the output does not depend on the number of threads; at level 9 it is
 * within 1% of {@code gzip -9}.
 */
class ParallelGzipOutputStreamTest {
    private static final Path DEBIAN_INITRD =
            Path.of("/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64/initrd.gz");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} bytes, {1} threads, blocks of {2}, level {3}")
    @CsvSource({
        "0, 2, 131072, 6",
        "1, 2, 131072, 6",
        "131072, 2, 131072, 6",
        "131073, 3, 131072, 1",
        "3000000, 2, 32768, 9",
        "3000000, 4, 131072, 6",
        "5000000, 3, 1048576, 9",
    })
    void gzipAcceptsItAndGivesTheInputBack(int size, int threads, int blockSize, int level) throws Exception {
        byte[] data = Samples.mixed(size, size);
        byte[] gz = compress(data, level, threads, blockSize);
        PeerTool.Result tested = PeerTool.onFile(dir, "parallel.gz", gz, "gzip", "-t");
        assertEquals(0, tested.exitCode(), tested.stderr());
        assertArrayEquals(data, PeerTool.filter(dir, gz, "gzip", "-dc"));
        Samples.Decoded ours = Samples.decode(Compression.GZIP, gz);
        assertArrayEquals(data, ours.data());
        assertEquals(gz.length, ours.compressedSize());
        try (InputStream jdk = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            assertArrayEquals(data, jdk.readAllBytes());
        }
    }

    @Test
    void outputDoesNotDependOnTheNumberOfThreads() throws IOException {
        byte[] data = Samples.mixed(2_000_000, 3);
        byte[] two = compress(data, 6, 2, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE);
        byte[] five = compress(data, 6, 5, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE);
        byte[] one = compress(data, 6, 1, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE);
        assertArrayEquals(two, five);
        assertArrayEquals(two, one);
    }

    @Test
    void headerIsKernelSafe() throws IOException {
        byte[] gz = compress(Samples.text(1000, 1), 9, 2, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE);
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3}, java.util.Arrays.copyOf(gz, 10),
                "flags 0, mtime 0, XFL 2 (best), OS Unix");
    }

    @Test
    void level9IsWithinOnePercentOfGzip9() throws Exception {
        PeerTool.assumeInstalled("gzip");
        byte[] data = realisticInput();
        byte[] reference = PeerTool.filter(dir, data, "gzip", "-9", "-n", "-c");
        byte[] ours = compress(data, 9, 2, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE);
        double ratio = (double) ours.length / reference.length;
        System.out.printf("parallel gzip -9: %d bytes, gzip -9: %d bytes, ratio %.4f%n", ours.length, reference.length, ratio);
        assertTrue(ratio <= 1.01, "ours " + ours.length + " vs gzip -9 " + reference.length);
        assertArrayEquals(data, PeerTool.filter(dir, ours, "gzip", "-dc"));
    }

    @Test
    void writingAfterCloseFails() throws IOException {
        ParallelGzipOutputStream out = new ParallelGzipOutputStream(new ByteArrayOutputStream(), 6, 2);
        out.close();
        out.close(); // a second close does nothing
        assertThrows(IOException.class, () -> out.write(1));
    }

    @Test
    void argumentsAreChecked() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertThrows(IllegalArgumentException.class, () -> new ParallelGzipOutputStream(sink, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new ParallelGzipOutputStream(sink, 10, 2));
        assertThrows(IllegalArgumentException.class, () -> new ParallelGzipOutputStream(sink, 6, 0));
        assertThrows(IllegalArgumentException.class, () -> new ParallelGzipOutputStream(sink, 6, 2, 1000));
    }

    /** The first 24 MiB of the Debian installer's initramfs when present, else generated text. */
    private static byte[] realisticInput() throws IOException {
        if (Files.isReadable(DEBIAN_INITRD)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(DEBIAN_INITRD), 65536)) {
                return in.readNBytes(24 << 20);
            }
        }
        return Samples.mixed(24 << 20, 9);
    }

    private static byte[] compress(byte[] data, int level, int threads, int blockSize) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream out = new ParallelGzipOutputStream(bytes, level, threads, blockSize)) {
            int at = 0;
            for (int step = 1; at < data.length; step = Math.min(step * 5 + 3, 700_000)) {
                int n = Math.min(step, data.length - at);
                out.write(data, at, n);
                at += n;
            }
        }
        return bytes.toByteArray();
    }
}
