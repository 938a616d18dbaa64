package dev.remaster.image;

import dev.remaster.compress.gzip.DeflateSpan;
import dev.remaster.compress.gzip.GzipChunkIndex;
import dev.remaster.compress.PeerTool;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reader finds the chunks of gzip segments: ours, on entry boundaries; pigz -i's blocks,
 * joined where they do not fall on one; none in plain gzip -9 output.
 */
class GzipChunkIndexTest {
    @TempDir
    Path dir;

    private Optional<GzipChunkIndex> index(byte[] image) throws IOException {
        Path f = Files.createTempFile(dir, "image", ".gz");
        Files.write(f, image);
        return ChunkedImages.chunkIndex(f);
    }

    private static void assertTiles(GzipChunkIndex index, long size) {
        long u = 0;
        long c = index.chunks().get(0).compressedStart();
        for (DeflateSpan s : index.chunks()) {
            assertEquals(u, s.uncompressedStart());
            assertEquals(c, s.compressedStart());
            assertTrue(s.uncompressedLength() > 0, s.toString());
            u = s.uncompressedEnd();
            c = s.compressedEnd();
        }
        assertEquals(size, u);
        assertTrue(index.chunks().get(index.chunks().size() - 1).endsStream());
    }

    @Test
    void ourImagesHaveChunksOfAboutOneMebibyteOnEntryBoundaries() throws IOException {
        byte[] cpio = ChunkedImages.archive(10, 30, 1);
        GzipChunkIndex index = index(ChunkedImages.image(cpio, 6)).orElseThrow();
        assertTrue(index.isUsable());
        assertTiles(index, cpio.length);
        Set<Long> boundaries = new HashSet<>(ChunkedImages.headerOffsets(cpio));
        for (DeflateSpan s : index.chunks()) {
            assertTrue(boundaries.contains(s.uncompressedStart()), s.toString());
        }
        int expected = (int) (cpio.length / (1 << 20));
        assertTrue(index.chunks().size() >= expected && index.chunks().size() <= expected + 1,
                index.chunks().size() + " chunks for " + cpio.length + " bytes");
        // Every independent chunk is on a boundary; only the final empty block is joined.
        assertEquals(index.independentChunks().size() - 1, index.chunks().size());
    }

    @Test
    void pigzBlocksAreFoundAndJoinedWhereTheyCutAnEntry() throws Exception {
        // Forty entries of exactly 64 KiB fill the first twenty 128 KiB pigz blocks, so those block
        // boundaries are entry boundaries; the cuts inside the last, larger entry are not.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out, WriteOptions.defaults().withBlockSize(0))) {
            for (int i = 0; i < 40; i++) {
                // 110-byte header + "f00\0" padded to 116, + 65420 bytes of data = 65536
                byte[] data = ChunkedImages.content(65_420, i);
                w.write(CpioEntry.file(String.format("f%02d", i), 0644, data.length).toBuilder().inode(i + 1).build(),
                        data);
            }
            byte[] odd = ChunkedImages.content(100_001, 99);
            w.write(CpioEntry.file("odd", 0644, odd.length).toBuilder().inode(99).build(), odd);
        }
        byte[] cpio = out.toByteArray();
        byte[] gz = PeerTool.filter(dir, cpio, "pigz", "-i", "-6", "-c");
        GzipChunkIndex index = index(gz).orElseThrow();
        assertTiles(index, cpio.length);
        long blocks = (cpio.length + 131_071) / 131_072;
        long independentWithData = index.independentChunks().stream().filter(s -> s.uncompressedLength() > 0).count();
        assertEquals(blocks, independentWithData, "one independent chunk per pigz block");
        // 40 entries of 64 KiB fill 20 blocks exactly; the odd entry then spans the last blocks.
        assertEquals(21, index.chunks().size());
        for (int k = 0; k < 20; k++) {
            assertEquals(131_072L * k, index.chunks().get(k).uncompressedStart());
        }
        assertEquals(cpio.length - 20 * 131_072L, index.chunks().get(20).uncompressedLength());
    }

    @Test
    void plainGzipHasOneChunkAndNothingToReuse() throws Exception {
        byte[] cpio = ChunkedImages.archive(3, 20, 2);
        GzipChunkIndex index = index(PeerTool.filter(dir, cpio, "gzip", "-9", "-n", "-c")).orElseThrow();
        assertFalse(index.isUsable());
        assertEquals(1, index.chunks().size());
        assertTiles(index, cpio.length);
    }

    @Test
    void onlyGzipSegmentsOfOneMemberHaveAnIndex() throws IOException {
        byte[] cpio = TestImages.archive("a", 3);
        assertTrue(index(TestImages.compress(dev.remaster.compress.Compression.XZ, cpio)).isEmpty());
        byte[] half = TestImages.compress(dev.remaster.compress.Compression.GZIP, java.util.Arrays.copyOf(cpio, 512));
        byte[] rest = TestImages.compress(dev.remaster.compress.Compression.GZIP,
                java.util.Arrays.copyOfRange(cpio, 512, cpio.length));
        assertTrue(index(TestImages.concat(half, rest)).isEmpty(), "two members");
        assertTrue(index(cpio).isEmpty(), "plain");
    }

    @Test
    void chunkOfFindsTheChunkHoldingAnOffset() throws IOException {
        byte[] cpio = ChunkedImages.archive(6, 30, 3);
        GzipChunkIndex index = index(ChunkedImages.image(cpio, 1)).orElseThrow();
        List<DeflateSpan> chunks = index.chunks();
        for (int k = 0; k < chunks.size(); k++) {
            assertEquals(k, index.chunkOf(chunks.get(k).uncompressedStart()));
            assertEquals(k, index.chunkOf(chunks.get(k).uncompressedEnd() - 1));
        }
        assertThrows(IllegalArgumentException.class, () -> index.chunkOf(cpio.length));
    }
}
