package dev.remaster.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BufferedSourceTest {
    private static byte[] data(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** A source that hands out at most {@code step} bytes per read, as a pipe does. */
    private static InputStream trickle(byte[] b, int step) {
        return new FilterInputStream(new ByteArrayInputStream(b)) {
            @Override
            public int read(byte[] dst, int off, int len) throws IOException {
                return super.read(dst, off, Math.min(len, step));
            }

            @Override
            public int available() {
                return 0;
            }
        };
    }

    @Test
    void positionCountsEveryWayOfConsuming() throws IOException {
        byte[] b = data(300_000);
        for (int readAhead : new int[] {1, 8 * 1024, BufferedSource.BUFFER_SIZE}) {
            BufferedSource in = new BufferedSource(trickle(b, 7_777), readAhead);
            assertEquals(b[0] & 0xff, in.peek());
            assertEquals(0, in.position());
            assertEquals(b[0] & 0xff, in.read());
            assertTrue(in.fill(100) >= 100);
            assertEquals(b[1], in.buffer()[in.bufferPosition()]);
            in.advance(99);
            assertEquals(100, in.position());
            byte[] chunk = new byte[50_000];
            assertEquals(chunk.length, in.readFully(chunk, 0, chunk.length));
            assertArrayEquals(Arrays.copyOfRange(b, 100, 50_100), chunk);
            assertEquals(1_000, in.skip(1_000));
            assertEquals(51_100, in.position());
            byte[] rest = in.readUpTo(Integer.MAX_VALUE - 8);
            assertArrayEquals(Arrays.copyOfRange(b, 51_100, b.length), rest, "readAhead " + readAhead);
            assertEquals(b.length, in.position());
            assertEquals(-1, in.read());
            assertEquals(-1, in.peek());
            assertEquals(0, in.skip(5));
        }
    }

    @Test
    void fillGrowsTheBufferForALargeHeader() throws IOException {
        byte[] b = data(200_000);
        BufferedSource in = new BufferedSource(trickle(b, 1_000), 8 * 1024);
        in.advance(0);
        assertEquals(3, in.skip(3));
        assertTrue(in.fill(150_000) >= 150_000);
        assertArrayEquals(Arrays.copyOfRange(b, 3, 150_003),
                Arrays.copyOfRange(in.buffer(), in.bufferPosition(), in.bufferPosition() + 150_000));
        assertEquals(3, in.position());
    }

    @Test
    void fillReportsFewerBytesOnlyAtTheEnd() throws IOException {
        BufferedSource in = new BufferedSource(trickle(data(10), 3));
        assertEquals(10, in.fill(64));
        in.advance(10);
        assertEquals(0, in.fill(1));
        assertThrows(IllegalArgumentException.class, () -> in.advance(1));
    }

    @Test
    void skipOfAFileStopsAtItsRealEnd(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("f");
        Files.write(f, data(100_000));
        try (InputStream file = Files.newInputStream(f)) {
            BufferedSource in = new BufferedSource(file, 8 * 1024);
            assertEquals(100_000, in.skip(1_000_000), "a file's skip must not run past its end");
            assertEquals(100_000, in.position());
        }
        try (InputStream file = new java.io.FileInputStream(f.toFile())) {
            BufferedSource in = new BufferedSource(file, 8 * 1024);
            assertEquals(60_000, in.skip(60_000));
            assertEquals(data(100_000)[60_000] & 0xff, in.read());
        }
    }

    @Test
    void largeReadsIntoAnEmptyBufferStillCount() throws IOException {
        byte[] b = data(500_000);
        BufferedSource in = new BufferedSource(new ByteArrayInputStream(b), 8 * 1024);
        byte[] dst = new byte[100_000];
        int n = in.read(dst, 0, dst.length);
        assertTrue(n > 0);
        assertEquals(n, in.position());
        assertEquals(b[n] & 0xff, in.peek());
    }

    @Test
    void aFailureOfTheSourceIsRemembered() {
        IOException boom = new IOException("disk gone");
        BufferedSource in = new BufferedSource(new InputStream() {
            @Override
            public int read() throws IOException {
                throw boom;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw boom;
            }
        });
        assertSame(boom, assertThrows(IOException.class, () -> in.fill(1)));
        assertSame(boom, in.sourceFailure());
    }

    @Test
    void aSourceThatNeverAnswersIsAnError() {
        BufferedSource in = new BufferedSource(new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return 0;
            }
        });
        IOException e = assertThrows(IOException.class, in::read);
        assertTrue(e.getMessage().contains("no bytes"), e.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }

    @Test
    void closeLeavesTheSourceOpen() throws IOException {
        boolean[] closed = {false};
        BufferedSource in = new BufferedSource(new ByteArrayInputStream(new byte[1]) {
            @Override
            public void close() {
                closed[0] = true;
            }
        });
        in.close();
        assertFalse(closed[0]);
    }
}
