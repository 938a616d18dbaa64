package dev.remaster.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The pipelined stream gives the decoder's bytes in order, its compressed size once at the end,
 * its exceptions at the point they happened (and again after), and on close stops its thread
 * before closing the decoder, so the decoder is never read after close returns.
 */
class PipelinedInputStreamTest {
    @Test
    void givesTheDecodersBytesAndSize() throws IOException {
        byte[] data = Samples.mixed(3_000_000, 11);
        byte[] gz = Samples.encode(Compression.GZIP, data);
        try (PipelinedInputStream in = new PipelinedInputStream(
                Compression.GZIP.newDecoder(new ByteArrayInputStream(gz), "x", 0), 10_000, 2)) {
            assertThrows(IllegalStateException.class, in::compressedSize);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[777];
            for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) {
                out.write(buf, 0, n);
            }
            assertArrayEquals(data, out.toByteArray());
            assertEquals(gz.length, in.compressedSize());
            assertEquals(Compression.GZIP, in.compression());
            assertEquals(-1, in.read());
        }
    }

    @Test
    void rethrowsTheDecodersExceptionWhereItHappened() throws IOException {
        byte[] data = Samples.text(500_000, 12);
        byte[] gz = Samples.encode(Compression.GZIP, data);
        gz[gz.length - 6] ^= 1; // the CRC32 of the trailer
        try (PipelinedInputStream in = new PipelinedInputStream(
                Compression.GZIP.newDecoder(new ByteArrayInputStream(gz), "bad.gz", 0), 4096, 3)) {
            byte[] got = in.readNBytes(data.length);
            assertArrayEquals(data, got, "all the data comes before the error in the trailer");
            CompressedDataException first = assertThrows(CompressedDataException.class, in::read);
            assertTrue(first.getMessage().contains("CRC32"), first.getMessage());
            assertSame(first, assertThrows(CompressedDataException.class, in::read), "and again");
        }
    }

    @Test
    void rethrowsRuntimeExceptions() throws IOException {
        FakeDecoder fake = new FakeDecoder(3, new IllegalStateException("boom"));
        try (PipelinedInputStream in = new PipelinedInputStream(fake, 16, 2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, in::readAllBytes);
            assertEquals("boom", e.getMessage());
        }
    }

    @Test
    void closeStopsTheThreadBeforeClosingTheDecoder() throws IOException {
        FakeDecoder endless = new FakeDecoder(Integer.MAX_VALUE, null);
        PipelinedInputStream in = new PipelinedInputStream(endless, 64, 3);
        assertEquals(0, in.read(), "the fake hands out zeros");
        in.close();
        assertTrue(endless.closed.get());
        assertFalse(endless.readAfterClose.get(), "no read of the decoder after it was closed");
        assertFalse(endless.reader.isAlive(), "the decoding thread has ended");
        assertThrows(IOException.class, in::read);
        in.close(); // a second close does nothing
    }

    @Test
    void closeBeforeReadingAnything() throws IOException {
        FakeDecoder endless = new FakeDecoder(Integer.MAX_VALUE, null);
        new PipelinedInputStream(endless).close();
        assertTrue(endless.closed.get());
    }

    @Test
    void argumentsAreChecked() {
        FakeDecoder fake = new FakeDecoder(0, null);
        assertThrows(IllegalArgumentException.class, () -> new PipelinedInputStream(fake, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new PipelinedInputStream(fake, 10, 1));
    }

    /** Gives {@code chunks} reads of 10 zero bytes, then fails with {@code failure} or ends. */
    private static final class FakeDecoder extends MemberInputStream {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicBoolean readAfterClose = new AtomicBoolean();
        volatile Thread reader;
        private final int chunks;
        private final RuntimeException failure;

        FakeDecoder(int chunks, RuntimeException failure) {
            this.chunks = chunks;
            this.failure = failure;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            reader = Thread.currentThread();
            if (closed.get()) {
                readAfterClose.set(true);
            }
            if (reads.incrementAndGet() > chunks) {
                if (failure != null) {
                    throw failure;
                }
                return -1;
            }
            int n = Math.min(len, 10);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            return n;
        }

        @Override
        public void close() {
            closed.set(true);
        }

        @Override
        public long compressedSize() {
            return 0;
        }

        @Override
        public Compression compression() {
            return Compression.NONE;
        }
    }
}
