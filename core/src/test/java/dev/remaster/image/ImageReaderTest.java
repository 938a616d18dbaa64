package dev.remaster.image;

import dev.remaster.io.FormatException;
import dev.remaster.compress.Compression;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.ReadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageReaderTest {
    @TempDir
    Path dir;

    private record Read(List<String> names, List<Integer> segmentOfEntry, List<Segment> segments) {
    }

    private Read read(byte[] image) throws IOException {
        Path f = dir.resolve("image");
        Files.write(f, image);
        List<String> names = new ArrayList<>();
        List<Integer> seg = new ArrayList<>();
        try (ImageReader r = ImageReader.open(f)) {
            for (CpioEntry e = r.next(); e != null; e = r.next()) {
                names.add(e.name());
                seg.add(r.segmentIndex());
                if (e.name().endsWith("/f1")) {
                    assertEquals(e.name().replace("/f1", "") + " file 1\n" + e.name().replace("/f1", "") + " file 1\n",
                            new String(r.data().readAllBytes()));
                }
            }
            return new Read(names, seg, r.segments());
        }
    }

    @Test
    void plainArchiveIsOneSegmentIncludingItsBlockPadding() throws IOException {
        byte[] a = TestImages.archive("etc", 3);
        Read r = read(a);
        assertEquals(List.of("etc", "etc/f0", "etc/f1", "etc/f2", "etc/link", "etc/null", "TRAILER!!!"), r.names());
        assertEquals(1, r.segments().size());
        ArchiveSegment s = (ArchiveSegment) r.segments().get(0);
        assertEquals(0, s.offset());
        assertEquals(a.length, s.length());
        assertEquals(Compression.NONE, s.compression());
        assertEquals(6, s.entries());
        assertEquals(1, s.archives());
        assertEquals(a.length, s.uncompressedSize());
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void earlyMicrocodeThenCompressedMain(Compression c) throws IOException {
        byte[] early = TestImages.archive("kernel", 2);
        byte[] main = TestImages.compress(c, TestImages.archive("main", 5));
        byte[] image = TestImages.concat(early, main);
        Read r = read(image);
        assertEquals(2, r.segments().size(), r.segments().toString());
        ArchiveSegment first = (ArchiveSegment) r.segments().get(0);
        ArchiveSegment second = (ArchiveSegment) r.segments().get(1);
        assertEquals(Compression.NONE, first.compression());
        assertEquals(early.length, first.length());
        assertEquals(c, second.compression());
        assertEquals(early.length, second.offset());
        assertEquals(main.length, second.length());
        assertEquals(8, second.entries());
        assertTrue(r.names().contains("main/f4"));
        assertEquals(1, (int) r.segmentOfEntry().get(r.names().indexOf("main/f4")));
    }

    @Test
    void nulPaddingBetweenCompressedMembersIsItsOwnSegment() throws IOException {
        byte[] a = TestImages.compress(Compression.GZIP, TestImages.archive("a", 1));
        byte[] b = TestImages.compress(Compression.XZ, TestImages.archive("b", 1));
        byte[] image = TestImages.concat(a, new byte[13], b, new byte[4]);
        Read r = read(image);
        assertEquals(4, r.segments().size(), r.segments().toString());
        assertEquals(new PaddingSegment(a.length, 13), r.segments().get(1));
        assertEquals(Compression.XZ, ((ArchiveSegment) r.segments().get(2)).compression());
        assertEquals(new PaddingSegment(image.length - 4, 4), r.segments().get(3));
    }

    @Test
    void anObserverSeesEveryMemberBeforeItIsReadWithItsSegmentAndOffset() throws IOException {
        byte[] plain = TestImages.archive("p", 1);
        byte[] a = TestImages.compress(Compression.GZIP, TestImages.archive("a", 1));
        byte[] b = TestImages.compress(Compression.GZIP, TestImages.archive("b", 1));
        byte[] z = TestImages.compress(Compression.ZSTD, TestImages.archive("z", 1));
        Path f = dir.resolve("image");
        Files.write(f, TestImages.concat(plain, a, b, z));
        List<String> seen = new ArrayList<>();
        MemberObserver observer = (segment, offset, decoder) ->
                seen.add(segment + ":" + offset + ":" + decoder.compression() + ":" + decoder.available());
        try (ImageReader r = ImageReader.open(f, ReadOptions.defaults(), observer)) {
            while (r.next() != null) {
                // read to the end
            }
        }
        int p = plain.length;
        // A plain archive has no decoder; nothing had been read from any decoder when it was seen.
        assertEquals(List.of("1:" + p + ":GZIP:0", "1:" + (p + a.length) + ":GZIP:0",
                "2:" + (p + a.length + b.length) + ":ZSTD:0"), seen);
    }

    @Test
    void anObserversFailureStopsTheReadWithIt() throws IOException {
        Path f = dir.resolve("image");
        Files.write(f, TestImages.compress(Compression.GZIP, TestImages.archive("a", 1)));
        MemberObserver refuse = (segment, offset, decoder) -> {
            throw new IOException("refused member at " + offset);
        };
        try (ImageReader r = ImageReader.open(f, ReadOptions.defaults(), refuse)) {
            IOException e = assertThrows(IOException.class, r::next);
            assertEquals("refused member at 0", e.getMessage());
        }
    }

    @Test
    void aSegmentsCpioBytesAreItsDecompressedMembersInOrder() throws IOException {
        byte[] plain = TestImages.archive("p", 2);
        byte[] cpioA = TestImages.archive("a", 1);
        byte[] cpioB = TestImages.archive("b", 3);
        byte[] a = TestImages.compress(Compression.GZIP, cpioA);
        byte[] b = TestImages.compress(Compression.GZIP, cpioB);
        Read r = read(TestImages.concat(plain, a, b));
        Path f = dir.resolve("image");
        try (FileChannel channel = FileChannel.open(f)) {
            ArchiveSegment first = (ArchiveSegment) r.segments().get(0);
            ArchiveSegment second = (ArchiveSegment) r.segments().get(1);
            try (InputStream in = first.cpioBytes(channel, "image")) {
                assertArrayEquals(plain, in.readAllBytes());
            }
            try (InputStream in = second.cpioBytes(channel, "image")) {
                assertArrayEquals(TestImages.concat(cpioA, cpioB), in.readAllBytes());
            }
            assertTrue(channel.isOpen());
        }
    }

    @Test
    void adjacentGzipMembersFormOneSegment() throws IOException {
        byte[] a = TestImages.compress(Compression.GZIP, TestImages.archive("a", 1));
        byte[] b = TestImages.compress(Compression.GZIP, TestImages.archive("b", 1));
        Read r = read(TestImages.concat(a, b));
        assertEquals(1, r.segments().size());
        ArchiveSegment s = (ArchiveSegment) r.segments().get(0);
        assertEquals(List.of(new Member(0, a.length), new Member(a.length, b.length)), s.members());
        assertEquals(2, s.archives());
        assertTrue(s.archiveEndsAtMemberEnds());
    }

    @Test
    void gzipMembersThatSplitAnArchiveAreReadAndFlagged() throws IOException {
        byte[] archive = TestImages.archive("x", 4);
        int cut = 300;
        byte[] first = TestImages.compress(Compression.GZIP, java.util.Arrays.copyOfRange(archive, 0, cut));
        byte[] second = TestImages.compress(Compression.GZIP, java.util.Arrays.copyOfRange(archive, cut, archive.length));
        Read r = read(TestImages.concat(first, second));
        ArchiveSegment s = (ArchiveSegment) r.segments().get(0);
        assertEquals(2, s.members().size());
        assertEquals(1, s.archives());
        assertFalse(s.archiveEndsAtMemberEnds());
        assertEquals(8, r.names().size());
    }

    @Test
    void plainArchiveAfterACompressedOneAtAnAlignedOffset() throws IOException {
        byte[] a = TestImages.compress(Compression.ZSTD, TestImages.archive("a", 1));
        int pad = (4 - a.length % 4) % 4;
        byte[] image = TestImages.concat(a, new byte[pad], TestImages.archive("b", 1));
        Read r = read(image);
        ArchiveSegment last = (ArchiveSegment) r.segments().get(r.segments().size() - 1);
        assertEquals(Compression.NONE, last.compression());
        assertEquals(a.length + pad, last.offset());
    }

    @Test
    void unknownBytesAreAnErrorNamingTheOffset() throws IOException {
        byte[] a = TestImages.archive("a", 1);
        byte[] image = TestImages.concat(a, "JUNKJUNK".getBytes());
        Path f = dir.resolve("junk");
        Files.write(f, image);
        try (ImageReader r = ImageReader.open(f)) {
            FormatException e = assertThrows(FormatException.class, () -> {
                while (r.next() != null) {
                    // read to the end
                }
            });
            assertInstanceOf(ImageFormatException.class, e);
            assertEquals(a.length, e.offset());
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
    }

    @Test
    void corruptCompressedDataNamesTheSegment() throws IOException {
        byte[] gz = TestImages.compress(Compression.GZIP, TestImages.archive("a", 30));
        gz[gz.length / 2] ^= 0x55;
        gz[gz.length / 2 + 1] ^= 0x55;
        Path f = dir.resolve("corrupt.gz");
        Files.write(f, gz);
        try (ImageReader r = ImageReader.open(f)) {
            FormatException e = assertThrows(FormatException.class, () -> {
                while (r.next() != null) {
                    r.data().readAllBytes();
                }
            });
            assertTrue(e.getMessage().contains("gzip"), e.getMessage());
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
    }

    @Test
    void truncatedCompressedSegmentIsAnError() throws IOException {
        byte[] xz = TestImages.compress(Compression.XZ, TestImages.archive("a", 30));
        Path f = dir.resolve("short.xz");
        Files.write(f, java.util.Arrays.copyOf(xz, xz.length - 20));
        try (ImageReader r = ImageReader.open(f)) {
            assertThrows(FormatException.class, () -> {
                while (r.next() != null) {
                    r.data().readAllBytes();
                }
            });
        }
    }

    /** The part of {@code archive} before its TRAILER!!! entry: an archive that stops after a whole entry. */
    private static byte[] withoutTrailer(byte[] archive) {
        String text = new String(archive, java.nio.charset.StandardCharsets.ISO_8859_1);
        int trailerHeader = text.lastIndexOf("070701", text.indexOf("TRAILER!!!"));
        return java.util.Arrays.copyOf(archive, trailerHeader);
    }

    @Test
    void plainArchiveWithoutTrailerIsReadToTheEndAsTheKernelDoes() throws IOException {
        byte[] a = withoutTrailer(TestImages.archive("etc", 3));
        Read r = read(a);
        assertEquals(List.of("etc", "etc/f0", "etc/f1", "etc/f2", "etc/link", "etc/null"), r.names());
        ArchiveSegment s = (ArchiveSegment) r.segments().get(0);
        assertTrue(s.trailerMissing());
        assertEquals(0, s.archives());
        assertEquals(6, s.entries());
        assertEquals(a.length, s.length());
        assertFalse(((ArchiveSegment) read(TestImages.archive("etc", 3)).segments().get(0)).trailerMissing());
    }

    @Test
    void compressedArchiveWithoutTrailerStaysAnErrorAsForTheKernel() throws IOException {
        Path f = dir.resolve("notrailer.gz");
        Files.write(f, TestImages.compress(Compression.GZIP, withoutTrailer(TestImages.archive("etc", 3))));
        try (ImageReader r = ImageReader.open(f)) {
            FormatException e = assertThrows(FormatException.class, () -> {
                while (r.next() != null) {
                    r.data().readAllBytes();
                }
            });
            assertTrue(e.getMessage().contains("without a TRAILER!!!"), e.getMessage());
        }
    }

    @Test
    void plainArchiveCutInsideAnEntryStaysAnError() throws IOException {
        byte[] a = withoutTrailer(TestImages.archive("etc", 3));
        Path f = dir.resolve("cut");
        Files.write(f, java.util.Arrays.copyOf(a, a.length - 3));
        try (ImageReader r = ImageReader.open(f)) {
            assertThrows(FormatException.class, () -> {
                while (r.next() != null) {
                    r.data().readAllBytes();
                }
            });
        }
    }
}
