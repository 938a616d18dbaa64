package dev.remaster.overlay;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.compress.PeerTool;
import dev.remaster.compress.zstd.ZstdChunks;
import dev.remaster.compress.zstd.ZstdSpan;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioReader;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.WriteOptions;
import dev.remaster.diff.Change;
import dev.remaster.diff.ImageDiff;
import dev.remaster.image.ChunkedImages;
import dev.remaster.image.ImageReader;
import dev.remaster.image.ImageWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rewriting a chunked zstd segment copies the blocks of every chunk the edit leaves alone and
 * recompresses only the chunks that change, in one new frame that zstd tests and decodes and cpio
 * reads. The sources are compressed at level 1 and the edits written at level 3, so a copied
 * chunk cannot be mistaken for a recompressed one.
 */
class MergeWriterZstdTest {
    @TempDir
    Path dir;
    byte[] cpio;
    Path source;

    static byte[] zstdImage(byte[] cpio, int level, int threads) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageWriter w = ImageWriter.of(out);
                CpioWriter a = w.beginArchive(Compression.ZSTD, new EncoderOptions(level, threads), WriteOptions.defaults());
                CpioReader r = CpioReader.of(new ByteArrayInputStream(cpio))) {
            for (CpioEntry e = r.next(); e != null; e = r.next()) {
                a.write(e, r.data());
            }
        }
        return out.toByteArray();
    }

    @BeforeEach
    void writeSource() throws IOException {
        cpio = ChunkedImages.archive(8, 30, 42);
        source = dir.resolve("source.zst");
        Files.write(source, zstdImage(cpio, 1, 2));
    }

    /** The chunks of a one-frame image, found by decoding it. */
    private List<ZstdSpan> chunks(Path image) throws Exception {
        byte[] plain = PeerTool.filter(dir, Files.readAllBytes(image), "zstd", "-dc");
        long[] offsets = ChunkedImages.headerOffsets(plain).stream().mapToLong(Long::longValue).toArray();
        try (FileChannel ch = FileChannel.open(image)) {
            return ZstdChunks.find(ch, 0, ch.size(), offsets);
        }
    }

    private static int chunkOf(List<ZstdSpan> chunks, long offset) {
        return dev.remaster.internal.ChunkSpan.indexOf(chunks, offset);
    }

    private static long headerOffset(Path image, String name) throws IOException {
        try (ImageReader r = ImageReader.open(image)) {
            for (CpioEntry e = r.next(); e != null; e = r.next()) {
                if (e.name().equals(name)) {
                    return e.headerOffset() - r.segmentOffset();
                }
            }
        }
        throw new AssertionError(name + " not found");
    }

    private Path write(Path from, Edit edit, int level, int threads) throws IOException {
        Path out = dir.resolve("out-" + System.nanoTime() + ".zst");
        try (EditableImage img = EditableImage.open(from)) {
            edit.apply(img);
            img.writeTo(out, SaveOptions.defaults().withThreads(threads).withLevel(level));
        }
        return out;
    }

    interface Edit {
        void apply(EditableImage img) throws IOException;
    }

    /**
     * Every source chunk not in {@code rewritten} is in the output byte for byte, in order, and is a
     * chunk of the output again; the chunks in {@code rewritten} are not in it.
     */
    private void assertCopiedExcept(Path src, Path out, Set<Integer> rewritten) throws Exception {
        List<ZstdSpan> before = chunks(src);
        List<ZstdSpan> after = chunks(out);
        byte[] srcBytes = Files.readAllBytes(src);
        byte[] outBytes = Files.readAllBytes(out);
        int searchFrom = 0;
        for (int k = 0; k < before.size(); k++) {
            ZstdSpan c = before.get(k);
            byte[] chunk = Arrays.copyOfRange(srcBytes, (int) c.compressedStart(), (int) c.compressedEnd());
            int at = indexOf(outBytes, chunk, searchFrom);
            if (rewritten.contains(k)) {
                assertEquals(-1, indexOf(outBytes, chunk, 0), "chunk " + k + " should have been recompressed");
                continue;
            }
            assertTrue(at >= 0, "chunk " + k + " of " + before.size() + " is not copied verbatim");
            searchFrom = at + chunk.length;
            long start = at;
            assertTrue(after.stream().anyMatch(a -> a.compressedStart() == start && a.compressedLength() == chunk.length),
                    "copied chunk " + k + " is a chunk of the output");
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void assertValid(Path src, Path out, List<String> expected) throws Exception {
        EditedImageCheck.assertValid(dir, src, out, expected, "t.zst", "zstd", "-t", "-q");
    }

    @Test
    void editingOneFileRecompressesOnlyItsChunk() throws Exception {
        PeerTool.assumeInstalled("zstd");
        List<ZstdSpan> chunks = chunks(source);
        assertTrue(chunks.size() >= 4, chunks.size() + " chunks");
        int chunk = chunkOf(chunks, headerOffset(source, "d4/f7"));
        Path out = write(source, img -> {
            Path p = img.fileSystem().getPath("/d4/f7");
            byte[] b = Files.readAllBytes(p);
            b[b.length / 2] ^= 1;
            Files.write(p, b);
        }, 3, 2);
        assertValid(source, out, List.of("CHANGED /d4/f7 [content]"));
        assertCopiedExcept(source, out, Set.of(chunk));
        assertEquals(chunks.size(), chunks(out).size());
    }

    /**
     * The chunks are found from what the open's decoding logged, so the file is not decoded again
     * before the copies: a chunk whose bytes change after the open (a byte of a raw block flipped,
     * so that it still decodes alone to as many bytes) is still caught when it is copied, and no
     * output is left behind; on one thread and on the pool alike.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aCopiedChunkChangedAfterTheOpenIsRefused(int threads) throws Exception {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        java.util.Random r = new java.util.Random(5);
        try (CpioWriter w = CpioWriter.of(archive, WriteOptions.defaults())) {
            w.write(CpioEntry.file("a", 0644, 6).toBuilder().inode(1).mtime(1_700_000_000L).build(),
                    "first\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 8; i++) {
                byte[] data = new byte[300 << 10];
                r.nextBytes(data);
                w.write(CpioEntry.file("r" + i, 0644, data.length).toBuilder().inode(i + 2).mtime(1_700_000_000L).build(),
                        data);
            }
        }
        Path src = dir.resolve("random.zst");
        Files.write(src, zstdImage(archive.toByteArray(), 1, 2));
        assertTrue(chunks(src).size() >= 2, "chunks");
        Path out = dir.resolve("refused-" + threads + ".zst");
        try (EditableImage img = EditableImage.open(src)) {
            Files.writeString(img.fileSystem().getPath("/a"), "second\n");
            // the middle of the last file, random bytes in raw blocks, in the last chunk
            try (FileChannel ch = FileChannel.open(src, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.READ)) {
                long at = ch.size() - (150 << 10);
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
                ch.read(b, at);
                b.put(0, (byte) (b.get(0) ^ 0x40)).rewind();
                ch.write(b, at);
            }
            IOException e = assertThrows(IOException.class,
                    () -> img.writeTo(out, SaveOptions.defaults().withThreads(threads).withLevel(3)));
            assertTrue(String.valueOf(e.getMessage()).contains("decodes alone to other bytes"), e.toString());
        }
        assertFalse(Files.exists(out), "no output is left");
    }

    @Test
    void insertingAndDeletingShiftsTheChunksAfterWhichAreStillCopied() throws Exception {
        PeerTool.assumeInstalled("zstd");
        List<ZstdSpan> chunks = chunks(source);
        int deleted = chunkOf(chunks, headerOffset(source, "d1/f10"));
        int inserted = chunkOf(chunks, headerOffset(source, "d6"));
        Path out = write(source, img -> {
            Files.delete(img.fileSystem().getPath("/d1/f10"));
            Files.writeString(img.fileSystem().getPath("/d6/new"), "a new file\n");
        }, 3, 2);
        assertValid(source, out, List.of("REMOVED /d1/f10", "ADDED /d6/new"));
        assertCopiedExcept(source, out, Set.of(deleted, inserted));
    }

    @Test
    void theSameEditGivesTheSameBytesForAnyNumberOfThreads() throws Exception {
        Edit edit = img -> {
            Path p = img.fileSystem().getPath("/d3/f3");
            Files.writeString(p, "three\n");
            // a written file gets the time of writing: pin it, so that both writes hold the same bytes
            Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L));
        };
        byte[] one = Files.readAllBytes(write(source, edit, 3, 1));
        assertArrayEquals(one, Files.readAllBytes(write(source, edit, 3, 2)));
        assertArrayEquals(one, Files.readAllBytes(write(source, edit, 3, 8)));
        assertArrayEquals(Files.readAllBytes(source), zstdImage(cpio, 1, 8), "writing too");
    }

    @Test
    void zstdsOwnFrameIsRecompressedOnceThenEditedByChunks() throws Exception {
        PeerTool.assumeInstalled("zstd");
        Path plain = dir.resolve("plain.zst");
        Files.write(plain, PeerTool.filter(dir, cpio, "zstd", "-3", "-c"));
        assertEquals(1, chunks(plain).size(), "zstd's frame has no chunks that stand alone");
        Path first = write(plain, img -> Files.writeString(img.fileSystem().getPath("/d0/f0"), "first\n"), 1, 2);
        assertValid(plain, first, List.of("CHANGED /d0/f0 [content]"));
        List<ZstdSpan> firstChunks = chunks(first);
        assertTrue(firstChunks.size() >= 4, "the first edit writes chunks: " + firstChunks.size());
        int chunk = chunkOf(firstChunks, headerOffset(first, "d5/f5"));
        Path second = write(first, img -> Files.writeString(img.fileSystem().getPath("/d5/f5"), "second\n"), 3, 2);
        assertValid(first, second, List.of("CHANGED /d5/f5 [content]"));
        assertCopiedExcept(first, second, Set.of(chunk));
    }

    @Test
    void copiedChunksFromALargerWindowKeepTheirWindow() throws Exception {
        PeerTool.assumeInstalled("zstd");
        // level 3 declares 2 MiB (4 MiB chunks); an edit at level 1 (512 KiB) copying its first chunk
        // must declare 2 MiB too
        Path big = dir.resolve("big.zst");
        Files.write(big, zstdImage(cpio, 3, 2));
        assertEquals(2, chunks(big).size());
        Path out = write(big, img -> Files.writeString(img.fileSystem().getPath("/d7/f1"), "x\n"), 1, 2);
        assertValid(big, out, List.of("CHANGED /d7/f1 [content]"));
        assertCopiedExcept(big, out, Set.of(1));
        byte[] frame = Files.readAllBytes(out);
        assertEquals(21, 10 + ((frame[5] & 0xFF) >> 3), "the window of the copied chunk");
    }
}
