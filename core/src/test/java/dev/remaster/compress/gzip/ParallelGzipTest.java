package dev.remaster.compress.gzip;

import dev.remaster.internal.ChunkRecording;
import static dev.remaster.compress.gzip.IndependentChunksTest.concat;
import static dev.remaster.compress.gzip.IndependentChunksTest.gzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.remaster.compress.CompressedDataException;
import dev.remaster.compress.Compression;
import dev.remaster.compress.MemberInputStream;
import dev.remaster.compress.PeerTool;
import dev.remaster.compress.Samples;
import dev.remaster.compress.gzip.IndependentChunksTest.Part;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parallel inflater gives exactly what the sequential decoder gives: the same bytes, the same
 * flush-point scan, the same compressed size, and on bad input the same error at the same offset
 * after the same bytes; whatever the number of threads and however the candidates lie.
 */
class ParallelGzipTest {
    /** Small tasks, so that small test data makes many. */
    private static final long TASK_MIN = 1024;

    @TempDir
    Path dir;

    /** What a decoder made of a member: the bytes, then either the end (size, scan) or the error. */
    record Outcome(byte[] data, long compressedSize, FlushPointScan scan, CompressedDataException error) {
    }

    private static Outcome drain(MemberInputStream in, List<FlushPointScan> scans) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[7919];
        try (in) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                out.write(buf, 0, n);
            }
            return new Outcome(out.toByteArray(), in.compressedSize(), scans.isEmpty() ? null : scans.get(0), null);
        } catch (CompressedDataException e) {
            return new Outcome(out.toByteArray(), -1, null, e);
        }
    }

    private static Outcome sequential(byte[] gz) throws IOException {
        List<FlushPointScan> scans = new ArrayList<>();
        return drain(ChunkRecording.record(Compression.GZIP.newDecoder(new ByteArrayInputStream(gz), "test", 0),
                FlushPointScan.class, scans::add), scans);
    }

    private Outcome parallel(byte[] gz, int threads) throws IOException {
        Path file = Files.createTempFile(dir, "member", ".gz");
        Files.write(file, gz);
        try (FileChannel ch = FileChannel.open(file)) {
            List<FlushPointScan> scans = new ArrayList<>();
            // Without the check of the first chunk, so that members it would send to the
            // sequential decoder exercise the fallbacks.
            MemberInputStream in = ParallelGzip.open(ch, 0, gz.length, "test", threads, TASK_MIN, false);
            assertNotNull(in, "the member is inflated in parallel");
            ChunkRecording.record(in, FlushPointScan.class, scans::add);
            assertTrue(in instanceof ParallelGzipDecoder);
            return drain(in, scans);
        }
    }

    private void assertSameAsSequential(byte[] gz, int... threadCounts) throws IOException {
        Outcome expected = sequential(gz);
        for (int threads : threadCounts) {
            Outcome actual = parallel(gz, threads);
            assertArrayEquals(expected.data(), actual.data(), threads + " threads");
            assertEquals(expected.compressedSize(), actual.compressedSize(), threads + " threads");
            assertEquals(expected.scan(), actual.scan(), threads + " threads");
            if (expected.error() == null) {
                assertNull(actual.error(), () -> threads + " threads: " + actual.error());
            } else {
                assertNotNull(actual.error(), threads + " threads: no error");
                assertEquals(expected.error().getMessage(), actual.error().getMessage(), threads + " threads");
            }
        }
    }

    private static byte[] chunked() throws IOException {
        return ChunkedGzipOutputStreamTest.chunkedCopy(ChunkedGzipOutputStreamTest.archive(400, 3), 6, 2, 8192);
    }

    /** Where the full flushes of {@code gz} end (the chunk starts after the first). */
    private static List<Integer> markers(byte[] gz) {
        List<Integer> at = new ArrayList<>();
        for (int i = 13; i < gz.length - 8; i++) {
            if (gz[i] == (byte) 0xff && gz[i - 1] == (byte) 0xff && gz[i - 2] == 0 && gz[i - 3] == 0) {
                at.add(i + 1);
            }
        }
        return at;
    }

    @Test
    void aChunkedImageInflatesToTheSameBytesAndScanAtOneTwoAndEightThreads() throws IOException {
        byte[] gz = chunked();
        assertTrue(markers(gz).size() > 20, "many chunks: " + markers(gz).size());
        Outcome expected = sequential(gz);
        assertNull(expected.error());
        assertSameAsSequential(gz, 2, 8);
        // One thread is today's path: no parallel decoder at all.
        Path file = Files.createTempFile(dir, "one", ".gz");
        Files.write(file, gz);
        try (FileChannel ch = FileChannel.open(file)) {
            assertNull(ParallelGzip.open(ch, 0, gz.length, "test", 1, TASK_MIN));
        }
    }

    @Test
    void tasksOfTheDefaultSizeGiveTheSameBytes() throws IOException {
        byte[] cpio = ChunkedGzipOutputStreamTest.archive(3000, 4);
        byte[] gz = ChunkedGzipOutputStreamTest.chunkedCopy(cpio, 6, 2, 64 * 1024);
        assertTrue(gz.length > 4 * ParallelGzipDecoder.TASK_MIN, "large enough for several tasks: " + gz.length);
        Path file = Files.createTempFile(dir, "big", ".gz");
        Files.write(file, gz);
        for (int threads : new int[] {2, 8}) {
            try (FileChannel ch = FileChannel.open(file)) {
                List<FlushPointScan> scans = new ArrayList<>();
                Outcome o = drain(ChunkRecording.record(ParallelGzip.open(ch, 0, gz.length, "test", threads),
                FlushPointScan.class, scans::add), scans);
                assertArrayEquals(cpio, o.data());
                assertEquals(sequential(gz).scan(), o.scan());
            }
        }
    }

    @Test
    void aFalseMarkerInsideStoredDataFollowedByAValidStreamIsNotTrusted() throws IOException {
        // Stored data holding 00 00 ff ff, then bytes that decode on their own as a whole deflate
        // stream (a final stored block of "ABC"): inflated alone from the false marker, the task
        // after it succeeds and ends the stream; only the block-boundary test rejects it.
        byte[] first = Samples.text(20_000, 5);
        byte[] trap = {'x', 0, 0, (byte) 0xff, (byte) 0xff, 0x01, 0x03, 0x00, (byte) 0xfc, (byte) 0xff, 'A', 'B', 'C'};
        byte[] stored = concat(first, trap, Samples.random(20_000, 6));
        byte[] after = Samples.text(30_000, 7);
        byte[] gz = gzip(new Part(stored, 0, Deflater.FULL_FLUSH), new Part(after, 6, Deflater.FULL_FLUSH),
                new Part(Samples.text(30_000, 8), 6, Deflater.NO_FLUSH));
        Outcome o = sequential(gz);
        assertNull(o.error());
        assertArrayEquals(concat(stored, after, Samples.text(30_000, 8)), o.data());
        long trapEnd = first.length + 5;
        assertTrue(o.scan().spans().stream().anyMatch(s -> s.uncompressedStart() == trapEnd), "the trap is a candidate");
        assertSameAsSequential(gz, 2, 8);
    }

    @Test
    void syncFlushedChunksAreInflatedWithThePreviousWindow() throws IOException {
        // pigz without -i: the data after each sync flush refers back across it.
        byte[] text = Samples.text(40_000, 8);
        Part[] parts = new Part[12];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = new Part(text, 6, i == parts.length - 1 ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
        }
        byte[] gz = gzip(parts);
        assertSameAsSequential(gz, 2, 8);
        // By default such a member is found out by its first chunk and read sequentially.
        Path file = Files.createTempFile(dir, "sync", ".gz");
        Files.write(file, gz);
        try (FileChannel ch = FileChannel.open(file)) {
            assertNull(ParallelGzip.open(ch, 0, gz.length, "test", 2, TASK_MIN));
            try (MemberInputStream unchecked = ParallelGzip.open(ch, 0, gz.length, "test", 2, TASK_MIN, false)) {
                assertNotNull(unchecked);
            }
        }
    }

    @Test
    void pigzIndependentAndSyncFlushedMembersGiveTheSameBytes() throws Exception {
        PeerTool.assumeInstalled("pigz");
        byte[] data = ChunkedGzipOutputStreamTest.archive(600, 9);
        assertSameAsSequential(PeerTool.filter(dir, data, "pigz", "-i", "-6", "-b", "32", "-c"), 2, 8);
        assertSameAsSequential(PeerTool.filter(dir, data, "pigz", "-6", "-b", "32", "-c"), 2, 8);
    }

    @Test
    void aTaskThatInflatesToMoreThanAWorkerMayHoldIsInflatedInOrder() throws IOException {
        // Zeros compress about 1000:1: a 20 MB chunk is a small task with too much output.
        byte[] zeros = new byte[ParallelGzipDecoder.MAX_TASK_OUTPUT * 5 / 2];
        byte[] text = Samples.text(50_000, 3);
        assertSameAsSequential(gzip(new Part(text, 6, Deflater.FULL_FLUSH), new Part(zeros, 6, Deflater.FULL_FLUSH),
                new Part(text, 6, Deflater.FULL_FLUSH), new Part(zeros, 6, Deflater.NO_FLUSH)), 2);
    }

    /** {@code gz} with a header that has a file name, a comment, an extra field and a header CRC. */
    private static byte[] withLongHeader(byte[] gz, boolean goodHeaderCrc) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.write(gz, 0, 10);
        byte[] head = h.toByteArray();
        head[3] = (byte) (GzipFormat.FEXTRA | GzipFormat.FNAME | GzipFormat.FCOMMENT | GzipFormat.FHCRC);
        h.reset();
        h.writeBytes(head);
        h.writeBytes(new byte[] {3, 0, 'a', 'b', 'c'});
        h.writeBytes("initrd\0a comment\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(h.toByteArray());
        int c = (int) crc.getValue() ^ (goodHeaderCrc ? 0 : 1);
        h.write(c & 0xff);
        h.write((c >>> 8) & 0xff);
        h.write(gz, 10, gz.length - 10);
        return h.toByteArray();
    }

    @Test
    void aHeaderWithEveryOptionalFieldIsReadAndABadHeaderCrcLeftToTheSequentialDecoder() throws IOException {
        byte[] gz = withLongHeader(chunked(), true);
        assertNull(sequential(gz).error());
        assertSameAsSequential(gz, 2);
        byte[] bad = withLongHeader(chunked(), false);
        Path file = Files.createTempFile(dir, "badheader", ".gz");
        Files.write(file, bad);
        try (FileChannel ch = FileChannel.open(file)) {
            assertNull(ParallelGzip.open(ch, 0, bad.length, "test", 2, TASK_MIN));
        }
        assertThrows(CompressedDataException.class, () -> sequential(bad));
    }

    @Test
    void plainGzipStaysSequential() throws IOException {
        byte[] gz = gzip(new Part(Samples.mixed(2_000_000, 2), 9, Deflater.NO_FLUSH));
        assertTrue(markers(gz).isEmpty(), "no candidate in this sample");
        Path file = Files.createTempFile(dir, "plain", ".gz");
        Files.write(file, gz);
        try (FileChannel ch = FileChannel.open(file)) {
            assertNull(ParallelGzip.open(ch, 0, gz.length, "test", 2, TASK_MIN));
        }
    }

    @Test
    void aCorruptChunkFailsAtTheSameOffsetAfterTheSameBytes() throws IOException {
        byte[] gz = chunked();
        List<Integer> at = markers(gz);
        byte[] bad = gz.clone();
        int chunkStart = at.get(at.size() / 2);
        bad[chunkStart] = (byte) 0xff; // block type 11: invalid
        Outcome expected = sequential(bad);
        assertNotNull(expected.error());
        // zlib has read the byte with the bad block type when it reports it.
        assertEquals(chunkStart + 1, expected.error().offset(), expected.error().getMessage());
        assertSameAsSequential(bad, 2, 8);
        Outcome actual = parallel(bad, 2);
        assertEquals(chunkStart + 1, actual.error().offset());
        assertTrue(actual.error().getMessage().contains("test"), actual.error().getMessage());
    }

    @Test
    void aCrcMismatchIsReportedAtTheTrailer() throws IOException {
        byte[] gz = chunked();
        byte[] bad = gz.clone();
        bad[bad.length - 8] ^= 1;
        Outcome actual = parallel(bad, 2);
        assertNotNull(actual.error());
        assertEquals(bad.length - 8, actual.error().offset());
        assertTrue(actual.error().getMessage().contains("CRC32 of the data is"), actual.error().getMessage());
        assertSameAsSequential(bad, 2, 8);
        byte[] badSize = gz.clone();
        badSize[badSize.length - 1] ^= 1;
        assertTrue(parallel(badSize, 2).error().getMessage().contains("size of the data"));
        assertSameAsSequential(badSize, 2);
    }

    @Test
    void aTruncatedMemberFailsLikeTheSequentialDecoder() throws IOException {
        byte[] gz = chunked();
        List<Integer> at = markers(gz);
        for (int cut : new int[] {at.get(at.size() / 2) + 100, at.get(at.size() - 1), gz.length - 3}) {
            byte[] truncated = Arrays.copyOf(gz, cut);
            Outcome actual = parallel(truncated, 2);
            assertNotNull(actual.error(), "cut at " + cut);
            assertTrue(actual.error().getMessage().contains("truncated"), actual.error().getMessage());
            assertSameAsSequential(truncated, 2, 8);
        }
    }

    @Test
    void aMemberFollowedByAnotherEndsAtItsTrailer() throws IOException {
        byte[] gz = chunked();
        byte[] two = concat(gz, gz);
        Path file = Files.createTempFile(dir, "two", ".gz");
        Files.write(file, two);
        try (FileChannel ch = FileChannel.open(file)) {
            List<FlushPointScan> scans = new ArrayList<>();
            Outcome o = drain(ChunkRecording.record(ParallelGzip.open(ch, 0, two.length, "test", 2, TASK_MIN),
                FlushPointScan.class, scans::add), scans);
            assertNull(o.error());
            assertEquals(gz.length, o.compressedSize());
            assertArrayEquals(sequential(gz).data(), o.data());
        }
    }
}
