package dev.remaster.image;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageWriterTest {
    @TempDir
    Path dir;

    @Test
    void copyingEverySegmentReproducesTheFile() throws IOException {
        byte[] image = TestImages.concat(TestImages.archive("early", 1),
                TestImages.compress(Compression.ZSTD, TestImages.archive("main", 4)), new byte[8],
                TestImages.compress(Compression.GZIP, TestImages.archive("extra", 2)));
        Path f = dir.resolve("in");
        Files.write(f, image);
        List<Segment> segments;
        try (ImageReader r = ImageReader.open(f)) {
            while (r.next() != null) {
                // scan
            }
            segments = r.segments();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ); ImageWriter w = ImageWriter.of(out)) {
            for (Segment s : segments) {
                w.copy(ch, s);
            }
        }
        assertArrayEquals(image, out.toByteArray());
    }

    @Test
    void plainArchiveAfterACompressedOneIsAlignedToFour() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageWriter w = ImageWriter.of(out)) {
            try (CpioWriter a = w.beginArchive(Compression.GZIP, EncoderOptions.defaults(Compression.GZIP).withThreads(1),
                    WriteOptions.defaults().withBlockSize(0))) {
                a.write(CpioEntry.directory("a", 0755));
            }
            long afterGzip = w.position();
            try (CpioWriter b = w.beginArchive(Compression.NONE, EncoderOptions.defaults(Compression.NONE),
                    WriteOptions.defaults().withBlockSize(0))) {
                long aligned = (afterGzip + 3) / 4 * 4;
                assertEquals(aligned, w.position(), "NULs up to the next multiple of 4 before the plain archive");
                b.write(CpioEntry.directory("b", 0755));
            }
        }
        Path f = dir.resolve("two");
        Files.write(f, out.toByteArray());
        try (ImageReader r = ImageReader.open(f)) {
            int n = 0;
            while (r.next() != null) {
                n++;
            }
            assertEquals(4, n);
            Segment last = r.segments().get(r.segments().size() - 1);
            assertEquals(0, last.offset() % 4);
            assertEquals(Compression.NONE, ((ArchiveSegment) last).compression());
        }
    }
}
