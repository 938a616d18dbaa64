package dev.remaster.image;

import dev.remaster.io.FormatException;
import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.Limits;
import dev.remaster.cpio.ReadOptions;
import dev.remaster.cpio.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tiny file that expands to gigabytes stops at the limit, with a message saying how to raise it. */
class DecompressionBombTest {
    @TempDir
    Path dir;

    @Test
    void expandedSizeIsBoundedAcrossTheWholeImage() throws IOException {
        Path bomb = dir.resolve("bomb.gz");
        long size = 1L << 30;
        try (OutputStream file = Files.newOutputStream(bomb);
                OutputStream gz = Compression.GZIP.newEncoder(file, EncoderOptions.defaults(Compression.GZIP).withThreads(2).withLevel(1));
                CpioWriter w = CpioWriter.of(gz, WriteOptions.defaults())) {
            w.write(CpioEntry.file("zeros", 0644, size), new ZeroStream(size));
        }
        assertTrue(Files.size(bomb) < 8 << 20, "the bomb is small: " + Files.size(bomb));
        try (ImageReader r = ImageReader.open(bomb, ReadOptions.defaults().withLimits(Limits.defaults().withMaxTotalBytes(256L << 20)))) {
            FormatException e = assertThrows(FormatException.class, () -> {
                while (r.next() != null) {
                    r.data().transferTo(OutputStream.nullOutputStream());
                }
            });
            assertTrue(e.getMessage().contains("maxTotalBytes"), e.getMessage());
            assertTrue(e.getMessage().contains("zeros"), e.getMessage());
        }
    }

    /** {@code size} zero bytes, generated. */
    private static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            return left-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
