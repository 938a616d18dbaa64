package dev.remaster.overlay;

import dev.remaster.compress.gzip.ChunkedGzipOutputStream;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkedGzipTailTest {
    @TempDir
    Path dir;

    private static boolean endsAtTrailer(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p)) {
            return ChunkedGzipTail.endsAtTrailer(ch, ch.size());
        }
    }

    @Test
    void anImageRemasterWroteEndsAtATrailerWithOrWithoutPadding() throws IOException {
        Path p = AppendReachTest.chunked(dir.resolve("ours.gz"));
        assertTrue(endsAtTrailer(p));
        byte[] b = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(b, b.length + 509));
        assertTrue(endsAtTrailer(p), "NUL padding after the member");
    }

    @Test
    void plainGzipTruncationAndABrokenEndAreNotTakenForIt() throws IOException {
        assertFalse(endsAtTrailer(AppendReachTest.foreign(dir.resolve("foreign.gz"))));
        Path p = AppendReachTest.chunked(dir.resolve("ours.gz"));
        byte[] b = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(b, b.length - 1));
        assertFalse(endsAtTrailer(p), "cut short");
        byte[] damaged = b.clone();
        damaged[damaged.length - 8 - 6] = 1;
        Files.write(p, damaged);
        assertFalse(endsAtTrailer(p), "the flush before the final block is gone");
        // Garbage after the member is neither padding nor a member's end.
        Files.write(p, Arrays.copyOf(b, b.length + 4));
        byte[] junk = Files.readAllBytes(p);
        junk[junk.length - 1] = 7;
        Files.write(p, junk);
        assertFalse(endsAtTrailer(p), "junk after the member");
    }

    @Test
    void aLastArchiveWithoutItsTrailerIsNotTakenForIt() throws IOException {
        byte[] cpio = AppendReachTest.cpio();
        long trailer = -1;
        try (CpioReader r = CpioReader.of(new ByteArrayInputStream(cpio))) {
            for (CpioEntry e = r.next(); e != null; e = r.next()) {
                if (e.isTrailer()) {
                    trailer = e.headerOffset();
                }
            }
        }
        Path p = dir.resolve("no-trailer.gz");
        // Chunks of 64 KiB cut at entry boundaries, as Remaster cuts them, but the archive stops before its trailer.
        try (OutputStream file = Files.newOutputStream(p);
                ChunkedGzipOutputStream gz = new ChunkedGzipOutputStream(file, 6, 1, 64 * 1024)) {
            try (CpioReader r = CpioReader.of(new ByteArrayInputStream(cpio))) {
                long at = 0;
                for (CpioEntry e = r.next(); e != null && !e.isTrailer(); e = r.next()) {
                    gz.write(cpio, (int) at, (int) (e.headerOffset() - at));
                    gz.entryBoundary();
                    at = e.headerOffset();
                }
                gz.write(cpio, (int) at, (int) (trailer - at));
            }
        }
        assertFalse(endsAtTrailer(p));
    }
}
