package dev.remaster.compress.zstd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    /** A newc archive of {@code files} files of random bytes (which zstd keeps in raw blocks), 300 KiB each. */
    static byte[] randomFiles(int files, long seed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.util.Random r = new java.util.Random(seed);
        try (var w = dev.remaster.cpio.CpioWriter.of(out, dev.remaster.cpio.WriteOptions.defaults())) {
            for (int i = 0; i < files; i++) {
                byte[] data = new byte[300 << 10];
                r.nextBytes(data);
                w.write(dev.remaster.cpio.CpioEntry.file("r" + i, 0644, data.length).toBuilder().inode(i + 1)
                        .mtime(1_700_000_000L).build(), data);
            }
        }
        return out.toByteArray();
    }

    /** The frame decoded to its end with a log attached. */
    private static ZstdBlockLog logOf(byte[] frame) throws IOException {
        ZstdBlockLog log = new ZstdBlockLog();
        ZstdFrameDecoder d = new ZstdFrameDecoder(new java.io.ByteArrayInputStream(frame));
        d.record(log);
        byte[] scratch = new byte[1 << 16];
        while (d.read(scratch, 0, scratch.length) >= 0) {
            // to the end
        }
        d.close();
        return log;
    }

    private static ZstdSpan withoutCrcs(ZstdSpan c) {
        return new ZstdSpan(c.compressedStart(), c.compressedEnd(), c.uncompressedStart(), c.uncompressedEnd(),
                c.windowLog());
    }

    /**
     * The chunks found from the log of an earlier decoding are those a decoding's block listener
     * gives, each with one CRC a block, and a copy of each, decoded alone, passes its check.
     */
    @Test
    void chunksFoundFromTheLogOfTheOpensDecodingAreTheChunksTheBlocksGive() throws IOException {
        byte[] cpio = ChunkedImages.archive(8, 30, 42);
        byte[] frame = chunked(cpio, 1);
        List<BlockSpan> blocks = new java.util.ArrayList<>();
        ZstdFrameDecoder d = new ZstdFrameDecoder(new java.io.ByteArrayInputStream(frame));
        d.onBlock(blocks::add);
        assertArrayEquals(cpio, new ZstdSpanStream(d).readAllBytes());
        List<ZstdSpan> expected = ZstdChunks.independentChunks(blocks, offsets(cpio), LevelParameters.of(1).windowLog());
        assertTrue(expected.size() >= 4, expected.size() + " chunks");

        ZstdBlockLog log = logOf(frame);
        assertTrue(log.complete());
        List<ZstdSpan> fromLog = ZstdChunks.find(log, 0, offsets(cpio));
        assertEquals(expected, fromLog.stream().map(ZstdChunksTest::withoutCrcs).toList());
        Path f = dir.resolve("log.zst");
        Files.write(f, frame);
        try (FileChannel ch = FileChannel.open(f)) {
            for (ZstdSpan c : fromLog) {
                long blocksInChunk = blocks.stream().filter(b -> b.compressedOffset() >= c.compressedStart()
                        && b.compressedOffset() < c.compressedEnd()).count();
                assertEquals(blocksInChunk, c.blockCrcs().length, "one CRC a block");
                assertArrayEquals(Arrays.copyOfRange(cpio, (int) c.uncompressedStart(), (int) c.uncompressedEnd()),
                        c.decodeChecked(c.readBlocks(ch)));
            }
            // the chunks a new decoding of the file finds are the same, CRCs included
            assertEquals(fromLog, ZstdChunks.find(ch, 0, frame.length, offsets(cpio)));
        }
    }

    @Test
    void aLogOfAFrameNotDecodedToItsEndFindsNoChunks() throws IOException {
        byte[] cpio = ChunkedImages.archive(2, 10, 7);
        byte[] frame = chunked(cpio, 1);
        ZstdBlockLog log = new ZstdBlockLog();
        ZstdFrameDecoder d = new ZstdFrameDecoder(new java.io.ByteArrayInputStream(frame));
        d.record(log);
        d.read(new byte[1000], 0, 1000);
        d.close();
        assertFalse(log.complete());
        assertThrows(IllegalArgumentException.class, () -> ZstdChunks.find(log, 0, offsets(cpio)));
    }

    /**
     * A chunk whose bytes changed after the decoding that found it, so that it still decodes alone
     * to as many bytes but other ones (a byte of a raw block flipped), is refused by its block CRCs;
     * checked by its length alone it would pass.
     */
    @Test
    void aChunkThatDecodesAloneToOtherBytesThanTheFrameGaveIsRefused() throws IOException {
        byte[] cpio = randomFiles(8, 3);
        byte[] frame = chunked(cpio, 1);
        List<ZstdSpan> chunks = ZstdChunks.find(logOf(frame), 0, offsets(cpio));
        assertTrue(chunks.size() >= 2, chunks.size() + " chunks");
        ZstdSpan c = chunks.get(1);
        Path f = dir.resolve("flip.zst");
        Files.write(f, frame);
        byte[] blocks;
        try (FileChannel ch = FileChannel.open(f)) {
            blocks = c.readBlocks(ch);
        }
        // the first raw block of the chunk: flip a byte in the middle of its payload
        int p = 0;
        while (((blocks[p] & 0xFF) >>> 1 & 3) != 0) {
            int h = (blocks[p] & 0xFF) | (blocks[p + 1] & 0xFF) << 8 | (blocks[p + 2] & 0xFF) << 16;
            p += 3 + (((h >>> 1) & 3) == 1 ? 1 : h >>> 3);
        }
        int size = ((blocks[p] & 0xFF) | (blocks[p + 1] & 0xFF) << 8 | (blocks[p + 2] & 0xFF) << 16) >>> 3;
        assertTrue(size > 1000, "a raw block of " + size + " bytes");
        blocks[p + 3 + size / 2] ^= 0x40;
        IOException e = assertThrows(IOException.class, () -> c.decodeChecked(blocks));
        assertTrue(e.getMessage().contains("decodes alone to other bytes"), e.getMessage());
        byte[] unchecked = withoutCrcs(c).decodeChecked(blocks);
        assertEquals(c.uncompressedLength(), unchecked.length, "the length alone does not tell");
    }

    /** A decoder as a stream, for readAllBytes. */
    private static final class ZstdSpanStream extends InputStream {
        private final ZstdFrameDecoder d;

        ZstdSpanStream(ZstdFrameDecoder d) {
            this.d = d;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return d.read(b, off, len);
        }
    }
}
