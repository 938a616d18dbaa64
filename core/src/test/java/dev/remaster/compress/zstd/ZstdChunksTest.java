package dev.remaster.compress.zstd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.compress.PeerTool;
import dev.remaster.image.ChunkedImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chunks are found by checking each block's dependencies, not by trusting who wrote the frame: our
 * chunked frames give one chunk per compressed chunk; frames whose blocks reach back across entry
 * boundaries (zstd's own, our unchunked jobs) give only the chunks that really stand alone, and
 * every chunk found decodes alone to its bytes.
 */
class ZstdChunksTest {
    @TempDir
    Path dir;

    private static long[] offsets(byte[] cpio) throws IOException {
        return ChunkedImages.headerOffsets(cpio).stream().mapToLong(Long::longValue).toArray();
    }

    private List<ZstdSpan> find(byte[] frame, byte[] cpio) throws IOException {
        Path f = dir.resolve("f" + System.nanoTime() + ".zst");
        Files.write(f, frame);
        try (FileChannel ch = FileChannel.open(f)) {
            List<ZstdSpan> chunks = ZstdChunks.find(ch, 0, frame.length, offsets(cpio));
            // every chunk tiles the content and decodes alone, with no history, to its own bytes
            long at = 0;
            for (ZstdSpan c : chunks) {
                assertEquals(at, c.uncompressedStart());
                at = c.uncompressedEnd();
                try (InputStream in = c.open(ch)) {
                    assertArrayEquals(Arrays.copyOfRange(cpio, (int) c.uncompressedStart(), (int) c.uncompressedEnd()),
                            in.readAllBytes(), "chunk at " + c.uncompressedStart());
                }
            }
            assertEquals(cpio.length, at);

            return chunks;
        }
    }

    private static byte[] chunked(byte[] cpio, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = Compression.ZSTD.newEncoder(out, new EncoderOptions(level, 2));
                var w = dev.remaster.cpio.CpioWriter.of(z, dev.remaster.cpio.WriteOptions.defaults());
                var r = dev.remaster.cpio.CpioReader.of(new java.io.ByteArrayInputStream(cpio))) {
            for (var e = r.next(); e != null; e = r.next()) {
                if (!e.isTrailer()) {
                    w.write(e, r.data());
                }
            }
        }
        return out.toByteArray();
    }

    @Test
    void ourChunkedFramesHaveAChunkPerMebibyteOfEntries() throws IOException {
        byte[] cpio = ChunkedImages.archive(8, 30, 42);
        byte[] frame = chunked(cpio, 1);
        List<ZstdSpan> chunks = find(frame, cpio);
        assertEquals(frame.length - 4 - 3, chunks.get(chunks.size() - 1).compressedEnd(), "the closing block is left out");
        assertTrue(chunks.size() >= 4, chunks.size() + " chunks in " + cpio.length + " bytes");
        long[] offsets = offsets(cpio);
        for (ZstdSpan c : chunks) {
            assertTrue(Arrays.binarySearch(offsets, c.uncompressedStart()) >= 0, "chunk starts at an entry");
            assertTrue(c.uncompressedLength() >= ZstdFrameOutputStream.chunkSizeFor(1)
                    || c == chunks.get(chunks.size() - 1), "only the last chunk is short");
        }
    }

    @Test
    void framesWithMatchesAcrossEntriesGiveOnlyTheChunksThatStandAlone() throws Exception {
        byte[] cpio = ChunkedImages.archive(8, 30, 42);
        // our unchunked frame: 1 MiB jobs at level 1, each with 64 KiB of history before it
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ZstdFrameOutputStream z = new ZstdFrameOutputStream(sink, 1, 1)) {
            z.write(cpio);
        }
        assertEquals(1, find(sink.toByteArray(), cpio).size(), "jobs with history are not chunks");
        PeerTool.assumeInstalled("zstd");
        assertEquals(1, find(PeerTool.filter(dir, cpio, "zstd", "-3", "-c"), cpio).size(), "zstd -3");
        assertEquals(1, find(PeerTool.filter(dir, cpio, "zstd", "-19", "-c"), cpio).size(), "zstd -19");
    }

    /** Hand-made block lists: the cuts are exactly where nothing before them is needed. */
    @Test
    void aBlockReachingBackJoinsItsChunkToTheOneBefore() {
        long[] entries = {0, 100, 200, 300, 400};
        List<BlockSpan> blocks = List.of(
                new BlockSpan(10, 50, 0, 100, 0),
                new BlockSpan(60, 50, 100, 100, 100),   // stands alone: a chunk starts here
                new BlockSpan(110, 50, 200, 100, 150),  // reaches into the block before: no cut
                new BlockSpan(160, 50, 300, 50, 300),   // starts at an entry, alone
                new BlockSpan(210, 50, 350, 50, 299),   // not at an entry; reaches back past 300: 300 is no cut
                new BlockSpan(260, 50, 400, 100, 400),  // alone
                new BlockSpan(310, 3, 500, 0, 500));    // the closing empty block belongs to no chunk
        List<ZstdSpan> chunks = ZstdChunks.independentChunks(blocks, entries, 22);
        assertEquals(List.of(new ZstdSpan(10, 60, 0, 100, 22), new ZstdSpan(60, 260, 100, 400, 22),
                new ZstdSpan(260, 310, 400, 500, 22)), chunks);
        // a repeat offset set at the frame's start counts as position 0: the whole frame is one chunk
        List<BlockSpan> usesStartRepeat = List.of(new BlockSpan(10, 50, 0, 100, 0), new BlockSpan(60, 50, 100, 100, 0));
        assertEquals(1, ZstdChunks.independentChunks(usesStartRepeat, entries, 22).size());
        // a block that stands alone but does not start at an entry boundary starts no chunk
        List<BlockSpan> midEntry = List.of(new BlockSpan(10, 50, 0, 150, 0), new BlockSpan(60, 50, 150, 100, 150));
        assertEquals(1, ZstdChunks.independentChunks(midEntry, entries, 22).size());
    }
}
