package dev.remaster.compress.gzip;

import dev.remaster.compress.PeerTool;
import dev.remaster.compress.Samples;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan finds every {@code 00 00 ff ff} candidate and maps it exactly; verification keeps
 * exactly the chunks that decode alone: our chunks and pigz -i's blocks, none of pigz's sync
 * points or of a false candidate inside a stored block, and nothing in plain gzip output.
 */
class IndependentChunksTest {
    @TempDir
    Path dir;

    @Test
    void theScanTilesTheStreamWithTheCrcOfEachSpan() throws IOException {
        byte[] cpio = ChunkedGzipOutputStreamTest.archive(200, 1);
        byte[] gz = ChunkedGzipOutputStreamTest.chunkedCopy(cpio, 6, 2, 8192);
        ScannedMember m = ScannedMember.of(dir, gz);
        assertArrayEquals(cpio, m.data());
        assertEquals(gz.length, m.compressedSize());
        FlushPointScan scan = m.scan();
        assertEquals(10, scan.deflateStart());
        assertEquals(gz.length - 8, scan.deflateEnd());
        assertEquals(cpio.length, scan.uncompressedSize());
        long c = scan.deflateStart();
        long u = 0;
        for (DeflateSpan s : scan.spans()) {
            assertEquals(c, s.compressedStart());
            assertEquals(u, s.uncompressedStart());
            CRC32 crc = new CRC32();
            crc.update(cpio, (int) s.uncompressedStart(), (int) s.uncompressedLength());
            assertEquals(crc.getValue(), s.crc32(), s.toString());
            // Every span but the last ends with the full flush's empty stored block.
            if (!s.endsStream()) {
                assertArrayEquals(new byte[] {0, 0, (byte) 0xff, (byte) 0xff},
                        Arrays.copyOfRange(gz, (int) s.compressedEnd() - 4, (int) s.compressedEnd()));
            }
            c = s.compressedEnd();
            u = s.uncompressedEnd();
        }
        assertTrue(scan.spans().get(scan.spans().size() - 1).endsStream());
        assertEquals(scan.deflateEnd(), c);
    }

    @Test
    void plainGzipNineHasNoCandidates() throws Exception {
        byte[] data = Samples.mixed(2_000_000, 2);
        ScannedMember m = ScannedMember.of(dir, PeerTool.filter(dir, data, "gzip", "-9", "-n"));
        assertArrayEquals(data, m.data());
        assertEquals(1, m.scan().spans().size());
        assertEquals(m.scan().spans(), m.chunks());
    }

    @Test
    void pigzIndependentBlocksAreFoundAndTrusted() throws Exception {
        byte[] data = Samples.text(1_000_000, 3);
        ScannedMember m = ScannedMember.of(dir, PeerTool.filter(dir, data, "pigz", "-i", "-9", "-c"));
        assertArrayEquals(data, m.data());
        // pigz cuts 128 KiB blocks; every block start is an independent chunk start (pigz also
        // writes an empty stored block after each block, which makes empty chunks in between).
        List<Long> starts = m.chunkStarts().stream().distinct().toList();
        assertEquals(List.of(131_072L, 262_144L, 393_216L, 524_288L, 655_360L, 786_432L, 917_504L,
                1_000_000L).subList(0, 7), starts.subList(0, 7));
        assertEquals(m.scan().spans(), m.chunks());
    }

    @Test
    void pigzSyncPointsAreCandidatesButNotTrusted() throws Exception {
        byte[] data = Samples.text(1_000_000, 4);
        ScannedMember m = ScannedMember.of(dir, PeerTool.filter(dir, data, "pigz", "-9", "-c"));
        assertArrayEquals(data, m.data());
        assertTrue(m.scan().spans().size() > 3, "pigz without -i still sync-flushes its blocks");
        assertEquals(1, m.chunks().size());
        assertEquals(data.length, m.chunks().get(0).uncompressedEnd());
    }

    @Test
    void aCandidateInsideAStoredBlockIsRejected() throws IOException {
        // Stored (level 0) data that contains 00 00 ff ff followed by bytes that cannot start a
        // valid deflate stream; then a real full flush.
        byte[] first = Samples.text(20_000, 5);
        byte[] trap = {'x', 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xfe, (byte) 0xfe, 'y', 'z'};
        byte[] stored = concat(first, trap, Samples.text(20_000, 6));
        byte[] after = Samples.text(30_000, 7);
        byte[] gz = gzip(new Part(stored, 0, Deflater.FULL_FLUSH), new Part(after, 6, Deflater.NO_FLUSH));
        ScannedMember m = ScannedMember.of(dir, gz);
        assertArrayEquals(concat(stored, after), m.data());
        List<Long> candidates = m.scan().spans().stream().skip(1).map(DeflateSpan::uncompressedStart).toList();
        long trapEnd = first.length + 5;
        assertTrue(candidates.contains(trapEnd), "the trap is a candidate: " + candidates);
        assertTrue(candidates.contains((long) stored.length), candidates.toString());
        assertEquals(List.of((long) stored.length), m.chunkStarts());
    }

    @Test
    void aSyncFlushIsRejectedAndAFullFlushTrusted() throws IOException {
        byte[] text = Samples.text(40_000, 8);
        // After the sync flush the same text again: matches reach back across the flush point.
        // After the full flush the same text once more: the deflater has forgotten it.
        byte[] gz = gzip(new Part(text, 9, Deflater.SYNC_FLUSH), new Part(text, 9, Deflater.FULL_FLUSH),
                new Part(text, 9, Deflater.NO_FLUSH));
        ScannedMember m = ScannedMember.of(dir, gz);
        assertArrayEquals(concat(text, text, text), m.data());
        List<Long> candidates = m.scan().spans().stream().skip(1).map(DeflateSpan::uncompressedStart).toList();
        assertTrue(candidates.containsAll(List.of(40_000L, 80_000L)), candidates.toString());
        assertEquals(List.of(80_000L), m.chunkStarts());
    }

    @Test
    void aChunkWhoseLaterDataReachesBackPastItsStartIsMergedAway() throws IOException {
        // text, sync flush (candidate A), a few high bytes that cannot match the text (so the span
        // from A decodes alone), sync flush (candidate B), the text again (reaching back before A).
        // A's span passes alone, B's does not, and A's span joined with B's fails as a whole.
        byte[] text = Samples.text(20_000, 10);
        byte[] high = new byte[400];
        Random r = new Random(11);
        for (int i = 0; i < high.length; i++) {
            high[i] = (byte) (0x80 + r.nextInt(0x80));
        }
        byte[] gz = gzip(new Part(text, 9, Deflater.SYNC_FLUSH), new Part(high, 9, Deflater.SYNC_FLUSH),
                new Part(text, 9, Deflater.NO_FLUSH));
        ScannedMember m = ScannedMember.of(dir, gz);
        assertArrayEquals(concat(text, high, text), m.data());
        List<DeflateSpan> spans = m.scan().spans();
        assertEquals(3, spans.size());
        try (var ch = java.nio.channels.FileChannel.open(write(gz))) {
            assertTrue(IndependentChunks.decodesAlone(ch, spans.get(1)), "the short span decodes alone");
            assertTrue(!IndependentChunks.decodesAlone(ch, spans.get(2)), "the last span refers back");
        }
        assertEquals(1, m.chunks().size());
        assertEquals(m.scan().deflateEnd(), m.chunks().get(0).compressedEnd());
    }

    @Test
    void candidatesAcrossReadBuffersAreFound() throws IOException {
        // Many small full-flushed pieces: some 00 00 ff ff straddle the decoder's 64 KiB reads.
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        Part[] parts = new Part[400];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = new Part(Samples.random(997, i), 1, i == parts.length - 1 ? Deflater.NO_FLUSH : Deflater.FULL_FLUSH);
        }
        gz.write(gzip(parts));
        ScannedMember m = ScannedMember.of(dir, gz.toByteArray());
        assertEquals(400, m.chunks().size());
        for (int i = 1; i < 400; i++) {
            assertEquals(997L * i, m.chunks().get(i).uncompressedStart());
        }
    }

    @Test
    void candidatesCloserThanTheMinimumSpanArePassedOver() throws IOException {
        // Stored data made of the pattern itself: a candidate every 4 bytes.
        byte[] pattern = new byte[200_000];
        for (int i = 0; i < pattern.length; i += 4) {
            pattern[i + 2] = (byte) 0xff;
            pattern[i + 3] = (byte) 0xff;
        }
        byte[] gz = gzip(new Part(pattern, 0, Deflater.NO_FLUSH));
        ScannedMember m = ScannedMember.of(dir, gz);
        assertArrayEquals(pattern, m.data());
        int spans = m.scan().spans().size();
        assertTrue(spans > 100 && spans <= gz.length / FlushPointRecorder.MIN_SPAN + 2, spans + " spans");
        for (int i = 1; i < spans; i++) {
            assertTrue(m.scan().spans().get(i).compressedLength() >= FlushPointRecorder.MIN_SPAN
                    || m.scan().spans().get(i).endsStream());
        }
        assertEquals(1, m.chunks().size(), "none of them starts a chunk");
    }

    // ---- a gzip writer with chosen flushes ----------------------------------------------------

    record Part(byte[] data, int level, int flush) {
    }

    /** One gzip member: each part deflated at its level and ended with its flush; then FINISH. */
    static byte[] gzip(Part... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(GzipFormat.header(6));
        Deflater d = new Deflater(parts[0].level(), true);
        CRC32 crc = new CRC32();
        long size = 0;
        byte[] buf = new byte[1 << 20];
        for (Part p : parts) {
            d.setLevel(p.level());
            d.setInput(p.data());
            crc.update(p.data());
            size += p.data().length;
            int n;
            do {
                n = d.deflate(buf, 0, buf.length, p.flush() == Deflater.NO_FLUSH ? Deflater.NO_FLUSH : p.flush());
                out.write(buf, 0, n);
            } while (n == buf.length || (p.flush() == Deflater.NO_FLUSH && !d.needsInput()));
        }
        d.finish();
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        GzipFormat.writeTrailer(out, crc.getValue(), size);
        return out.toByteArray();
    }

    private Path write(byte[] b) throws IOException {
        Path p = java.nio.file.Files.createTempFile(dir, "gz", ".gz");
        java.nio.file.Files.write(p, b);
        return p;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
