package dev.remaster.compress.gzip;

import dev.remaster.compress.EncoderOptions;
import dev.remaster.compress.PeerTool;
import dev.remaster.compress.Samples;
import dev.remaster.compress.Compression;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioReader;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.WriteOptions;
import dev.remaster.testing.Peers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The chunked compressor writes one ordinary gzip member that gzip, the JDK and our decoder read;
 * its chunks are cut only at entry boundaries and each decodes alone; chunks compressed elsewhere
 * are put in verbatim; the output does not depend on the number of threads.
 */
class ChunkedGzipOutputStreamTest {
    @TempDir
    Path dir;

    /** A newc archive of {@code files} files of varied sizes (one of them larger than 64 KiB). */
    static byte[] archive(int files, long seed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out, WriteOptions.defaults())) {
            for (int i = 0; i < files; i++) {
                int size = i == files / 2 ? 200_000 : (int) ((i * 7919L + seed) % 9000);
                byte[] data = i % 5 == 0 ? Samples.random(size, seed + i) : Samples.text(size, seed + i);
                w.write(CpioEntry.file("dir/file" + i, 0644, data.length).toBuilder().inode(i + 1).build(), data);
            }
        }
        return out.toByteArray();
    }

    /** Writes {@code cpio} through a CpioWriter on a chunked stream, so that entry boundaries are reported. */
    static byte[] chunkedCopy(byte[] cpio, int level, int threads, int chunkSize) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CpioReader r = CpioReader.of(new ByteArrayInputStream(cpio));
                CpioWriter w = CpioWriter.of(new ChunkedGzipOutputStream(bytes, level, threads, chunkSize))) {
            for (CpioEntry e = r.next(); e != null; e = r.next()) {
                w.write(e, r.data());
            }
        }
        return bytes.toByteArray();
    }

    static TreeSet<Long> headerOffsets(byte[] cpio) throws IOException {
        TreeSet<Long> offsets = new TreeSet<>();
        try (CpioReader r = CpioReader.of(new ByteArrayInputStream(cpio))) {
            for (CpioEntry e = r.next(); e != null; e = r.next()) {
                offsets.add(e.headerOffset());
            }
        }
        offsets.add((long) cpio.length);
        return offsets;
    }

    @ParameterizedTest(name = "{0} bytes, {1} threads, level {2}")
    @CsvSource({"0, 1, 6", "1, 2, 6", "100000, 2, 1", "3000000, 3, 9"})
    void gzipAcceptsPlainWritesAndGivesTheInputBack(int size, int threads, int level) throws Exception {
        byte[] data = Samples.mixed(size, size);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new ChunkedGzipOutputStream(bytes, level, threads, 65_536)) {
            out.write(data);
        }
        byte[] gz = bytes.toByteArray();
        assertEquals(0, PeerTool.onFile(dir, "plain.gz", gz, "gzip", "-t").exitCode());
        assertArrayEquals(data, PeerTool.filter(dir, gz, "gzip", "-dc"));
        assertArrayEquals(data, Samples.decode(Compression.GZIP, gz).data());
        try (InputStream jdk = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertArrayEquals(data, jdk.readAllBytes());
        }
    }

    @Test
    void theHeaderIsWhatTheKernelAccepts() throws IOException {
        byte[] gz = chunkedCopy(archive(20, 1), 9, 2, 4096);
        // ID1 ID2 CM=8, flags 0, mtime 0, XFL 2 (level 9), OS 3.
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3}, Arrays.copyOf(gz, 10));
    }

    @Test
    void chunksEndOnlyAtEntryBoundariesAndEachDecodesAlone() throws Exception {
        byte[] cpio = archive(300, 5);
        byte[] gz = chunkedCopy(cpio, 6, 2, 16_384);
        assertEquals(0, PeerTool.onFile(dir, "cpio.gz", gz, "gzip", "-t").exitCode());
        ScannedMember m = ScannedMember.of(dir, gz);
        assertArrayEquals(cpio, m.data());
        TreeSet<Long> boundaries = headerOffsets(cpio);
        assertTrue(m.chunks().size() > 10, "chunks: " + m.chunks().size());
        // Every candidate of our own output is a verified chunk start: nothing was rejected.
        assertEquals(m.scan().spans(), m.chunks());
        for (DeflateSpan c : m.chunks()) {
            assertTrue(boundaries.contains(c.uncompressedStart()), c + " starts inside an entry");
            assertTrue(boundaries.contains(c.uncompressedEnd()), c + " ends inside an entry");
        }
        // A chunk is ended at the first boundary at or after 16 KiB: so all but the last are at
        // least that long, and none goes past a boundary it could have stopped at.
        List<DeflateSpan> full = m.chunks().subList(0, m.chunks().size() - 2);
        for (DeflateSpan c : full) {
            assertTrue(c.uncompressedLength() >= 16_384, c.toString());
            Long firstBoundaryAfterSize = boundaries.ceiling(c.uncompressedStart() + 16_384);
            assertEquals(firstBoundaryAfterSize, c.uncompressedEnd(), c.toString());
        }
        // The stream ends with the empty final block after the last chunk.
        DeflateSpan last = m.chunks().get(m.chunks().size() - 1);
        assertTrue(last.endsStream());
        assertEquals(0, last.uncompressedLength());
        assertEquals(2, last.compressedLength());
    }

    @Test
    void withoutBoundariesAChunkIsCutAtSixteenTimesTheChunkSize() throws IOException {
        byte[] data = Samples.text(300_000, 9);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new ChunkedGzipOutputStream(bytes, 6, 2, 4096)) {
            out.write(data);
        }
        ScannedMember m = ScannedMember.of(dir, bytes.toByteArray());
        assertArrayEquals(data, m.data());
        assertEquals(List.of(65_536L, 131_072L, 196_608L, 262_144L, 300_000L), m.chunkStarts());
    }

    @Test
    void outputDoesNotDependOnTheNumberOfThreads() throws IOException {
        byte[] cpio = archive(200, 2);
        byte[] one = chunkedCopy(cpio, 6, 1, 8192);
        assertArrayEquals(one, chunkedCopy(cpio, 6, 2, 8192));
        assertArrayEquals(one, chunkedCopy(cpio, 6, 5, 8192));
    }

    @Test
    void theCodecsGzipEncoderGivesTheSameBytesForOneTwoAndEightThreads() throws Exception {
        byte[] cpio = archive(900, 14);
        byte[] one = encoded(cpio, 6, 1);
        assertTrue(one.length > 3 * 65_536, "several chunks");
        assertArrayEquals(one, encoded(cpio, 6, 2));
        assertArrayEquals(one, encoded(cpio, 6, 8));
        assertArrayEquals(cpio, PeerTool.filter(dir, one, "gzip", "-dc"));
    }

    @Test
    void theDebianInstallerCpioGivesTheSameBytesForOneTwoAndEightThreads() throws Exception {
        Peers.assumePeer("gzip");
        byte[] cpio;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Peers.assumeInstallerImage()), 1 << 16)) {
            cpio = in.readAllBytes();
        }
        byte[] one = encoded(cpio, 6, 1);
        assertArrayEquals(one, encoded(cpio, 6, 2));
        assertArrayEquals(one, encoded(cpio, 6, 8));
        assertArrayEquals(cpio, PeerTool.filter(dir, one, "gzip", "-dc"));
        byte[] gzip = PeerTool.filter(dir, cpio, "gzip", "-6", "-n");
        System.out.printf("installer cpio %d bytes: ours -6 %d bytes, gzip -6 %d bytes, ratio %.4f%n",
                cpio.length, one.length, gzip.length, (double) one.length / gzip.length);
        assertTrue(one.length <= gzip.length * 1.01, one.length + " vs gzip -6 " + gzip.length);
    }

    /** {@code cpio} copied entry by entry through a CpioWriter on {@link Compression#GZIP}'s encoder. */
    private static byte[] encoded(byte[] cpio, int level, int threads) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CpioReader r = CpioReader.of(new ByteArrayInputStream(cpio));
                CpioWriter w = CpioWriter.of(Compression.GZIP.newEncoder(bytes, new EncoderOptions(level, threads)),
                        WriteOptions.defaults())) {
            for (CpioEntry e = r.next(); e != null; e = r.next()) {
                w.write(e, r.data());
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void chunksCompressedElsewhereArePutInVerbatim() throws Exception {
        byte[] cpio = archive(200, 3);
        byte[] gz = chunkedCopy(cpio, 9, 2, 8192);
        ScannedMember m = ScannedMember.of(dir, gz);
        DeflateSpan second = m.chunks().get(1);
        DeflateSpan fourth = m.chunks().get(3);
        byte[] middle = Samples.text(50_000, 4);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long before;
        try (ChunkedGzipOutputStream out = new ChunkedGzipOutputStream(bytes, 9, 2, 8192)) {
            out.writeCompressedChunk(gz, (int) second.compressedStart(), (int) second.compressedLength(),
                    second.crc32(), second.uncompressedLength(), false);
            out.write(middle);
            out.flush();
            before = out.compressedSize();
            out.writeCompressedChunk(gz, (int) fourth.compressedStart(), (int) fourth.compressedLength(),
                    fourth.crc32(), fourth.uncompressedLength(), false);
        }
        byte[] result = bytes.toByteArray();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(cpio, (int) second.uncompressedStart(), (int) second.uncompressedLength());
        expected.write(middle);
        expected.write(cpio, (int) fourth.uncompressedStart(), (int) fourth.uncompressedLength());
        assertEquals(0, PeerTool.onFile(dir, "spliced.gz", result, "gzip", "-t").exitCode());
        assertArrayEquals(expected.toByteArray(), PeerTool.filter(dir, result, "gzip", "-dc"));
        // The copied chunks stand byte for byte right after the header and before the final block.
        assertArrayEquals(Arrays.copyOfRange(gz, (int) second.compressedStart(), (int) second.compressedEnd()),
                Arrays.copyOfRange(result, 10, 10 + (int) second.compressedLength()));
        int fourthAt = result.length - 8 - 2 - (int) fourth.compressedLength();
        assertArrayEquals(Arrays.copyOfRange(gz, (int) fourth.compressedStart(), (int) fourth.compressedEnd()),
                Arrays.copyOfRange(result, fourthAt, fourthAt + (int) fourth.compressedLength()));
        assertTrue(before <= fourthAt);
    }

    @Test
    void aChunkThatEndsTheStreamIsTheLastThing() throws Exception {
        byte[] data = Samples.text(100_000, 8);
        byte[] plain = PeerTool.filter(dir, data, "gzip", "-9", "-n");
        ScannedMember m = ScannedMember.of(dir, plain);
        DeflateSpan whole = m.chunks().get(0);
        assertTrue(whole.endsStream());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ChunkedGzipOutputStream out = new ChunkedGzipOutputStream(bytes, 9, 1, 8192)) {
            out.write(data, 0, 1000);
            out.writeCompressedChunk(plain, (int) whole.compressedStart(), (int) whole.compressedLength(),
                    whole.crc32(), whole.uncompressedLength(), true);
            assertThrows(IOException.class, () -> out.write(1));
        }
        byte[] result = bytes.toByteArray();
        byte[] expected = new byte[101_000];
        System.arraycopy(data, 0, expected, 0, 1000);
        System.arraycopy(data, 0, expected, 1000, 100_000);
        assertEquals(0, PeerTool.onFile(dir, "ends.gz", result, "gzip", "-t").exitCode());
        assertArrayEquals(expected, PeerTool.filter(dir, result, "gzip", "-dc"));
        // Our decoder checks the combined CRC and the size in the trailer.
        assertArrayEquals(expected, Samples.decode(Compression.GZIP, result).data());
        // Nothing follows the copied chunk but the trailer: no extra final block.
        assertArrayEquals(Arrays.copyOfRange(plain, (int) whole.compressedEnd() - 16, (int) whole.compressedEnd()),
                Arrays.copyOfRange(result, result.length - 8 - 16, result.length - 8));
    }

    @Test
    void badArgumentsAreRefused() {
        OutputStream sink = OutputStream.nullOutputStream();
        assertThrows(IllegalArgumentException.class, () -> new ChunkedGzipOutputStream(sink, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ChunkedGzipOutputStream(sink, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new ChunkedGzipOutputStream(sink, 6, 0));
        assertThrows(IllegalArgumentException.class, () -> new ChunkedGzipOutputStream(sink, 6, 1, 100));
    }

    @Test
    void writingAfterCloseFails() throws IOException {
        ChunkedGzipOutputStream out = new ChunkedGzipOutputStream(new ByteArrayOutputStream(), 6, 1);
        out.close();
        assertThrows(IOException.class, () -> out.write(1));
        assertThrows(IOException.class, out::entryBoundary);
    }

    @Test
    void levelNineIsWithinOnePercentOfGzip() throws Exception {
        byte[] cpio = archive(600, 11);
        byte[] ours = chunkedCopy(cpio, 9, 2, ChunkedGzipOutputStream.DEFAULT_CHUNK_SIZE);
        byte[] gzip = PeerTool.filter(dir, cpio, "gzip", "-9", "-n");
        assertTrue(ours.length <= gzip.length * 1.01, ours.length + " vs gzip -9 " + gzip.length);
    }
}
