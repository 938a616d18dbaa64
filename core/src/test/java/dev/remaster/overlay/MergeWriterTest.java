package dev.remaster.overlay;

import dev.remaster.testing.Peers;

import dev.remaster.compress.gzip.DeflateSpan;
import dev.remaster.compress.PeerTool;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.WriteOptions;
import dev.remaster.image.ChunkedImages;
import dev.remaster.compress.gzip.GzipChunkIndex;
import dev.remaster.image.ImageReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rewriting a chunked gzip segment copies the compressed bytes of every chunk the edit leaves
 * alone and recompresses only the chunks that change; the result is one valid gzip member that
 * gzip and cpio read, with exactly the edit made.
 *
 * <p>The sources are compressed at level 1 and the edits written at level 6, so a copied chunk
 * (level-1 bytes) cannot be mistaken for a recompressed one.
 */
class MergeWriterTest {
    @TempDir
    Path dir;
    byte[] cpio;
    Path source;

    @BeforeEach
    void writeSource() throws IOException {
        cpio = ChunkedImages.archive(8, 30, 42);
        source = dir.resolve("source.gz");
        Files.write(source, ChunkedImages.image(cpio, 1));
    }

    private static GzipChunkIndex index(Path image) throws IOException {
        return ChunkedImages.chunkIndex(image).orElseThrow();
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

    private Path write(Path from, Edit edit) throws IOException {
        return write(from, edit, 6);
    }

    private Path write(Path from, Edit edit, int level) throws IOException {
        Path out = dir.resolve("out-" + System.nanoTime() + ".gz");
        try (EditableImage img = EditableImage.open(from)) {
            edit.apply(img);
            img.writeTo(out, SaveOptions.defaults().withThreads(2).withLevel(level));
        }
        return out;
    }

    interface Edit {
        void apply(EditableImage img) throws IOException;
    }

    private static byte[] bytes(Path p, DeflateSpan s) throws IOException {
        byte[] all = Files.readAllBytes(p);
        return Arrays.copyOfRange(all, (int) s.compressedStart(), (int) s.compressedEnd());
    }

    /**
     * Asserts that every source chunk not in {@code rewritten} is in the output byte for byte, in
     * order, and that the chunks in {@code rewritten} are not (they were recompressed).
     */
    private static void assertCopiedExcept(Path src, Path out, Set<Integer> rewritten) throws IOException {
        List<DeflateSpan> before = index(src).chunks();
        GzipChunkIndex after = index(out);
        byte[] outBytes = Files.readAllBytes(out);
        long searchFrom = 0;
        for (int k = 0; k < before.size(); k++) {
            byte[] chunk = bytes(src, before.get(k));
            int at = indexOf(outBytes, chunk, (int) searchFrom);
            if (rewritten.contains(k)) {
                assertEquals(-1, indexOf(outBytes, chunk, 0), "chunk " + k + " should have been recompressed");
                continue;
            }
            assertTrue(at >= 0, "chunk " + k + " of " + before.size() + " is not copied verbatim");
            searchFrom = at + chunk.length;
            // ... and is a chunk of the output too, found again by its index.
            long start = at;
            assertTrue(after.chunks().stream().anyMatch(c -> c.compressedStart() == start
                    && c.compressedLength() == chunk.length), "copied chunk " + k + " is a chunk of the output");
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
        EditedImageCheck.assertValid(dir, src, out, expected, "t.gz", "gzip", "-t");
    }

    @Test
    void editingOneFileRecompressesOnlyItsChunk() throws Exception {
        GzipChunkIndex index = index(source);
        assertTrue(index.chunks().size() >= 4, index.chunks().size() + " chunks");
        String name = "d4/f7";
        int chunk = index.chunkOf(headerOffset(source, name));
        Path out = write(source, img -> {
            Path p = img.fileSystem().getPath("/" + name);
            byte[] b = Files.readAllBytes(p);
            b[b.length / 2] ^= 1; // same length: the entries after it keep their offsets
            Files.write(p, b);
        });
        assertValid(source, out, List.of("CHANGED /d4/f7 [content]"));
        assertCopiedExcept(source, out, Set.of(chunk));
        assertEquals(index.chunks().size(), index(out).chunks().size());
    }

    @Test
    void aLongerFileShiftsTheChunksAfterItWhichAreStillCopied() throws Exception {
        int chunk = index(source).chunkOf(headerOffset(source, "d2/f3"));
        Path out = write(source, img -> Files.write(img.fileSystem().getPath("/d2/f3"),
                ChunkedImages.content(77_777, 5)));
        assertValid(source, out, List.of("CHANGED /d2/f3 [content]"));
        assertCopiedExcept(source, out, Set.of(chunk));
        try (EditableImage img = EditableImage.open(out)) {
            assertArrayEquals(ChunkedImages.content(77_777, 5), Files.readAllBytes(img.fileSystem().getPath("/d2/f3")));
        }
    }

    @Test
    void deletingAndInsertingEntriesRecompressesTheirChunks() throws Exception {
        GzipChunkIndex index = index(source);
        int deleted = index.chunkOf(headerOffset(source, "d1/f10"));
        // A new file goes right after its parent directory's entry.
        int inserted = index.chunkOf(headerOffset(source, "d6"));
        Path out = write(source, img -> {
            Files.delete(img.fileSystem().getPath("/d1/f10"));
            Files.writeString(img.fileSystem().getPath("/d6/new"), "a new file\n");
        });
        assertValid(source, out, List.of("REMOVED /d1/f10", "ADDED /d6/new"));
        assertCopiedExcept(source, out, new TreeSet<>(List.of(deleted, inserted)));
    }

    @Test
    void editingTheFirstEntry() throws Exception {
        Path out = write(source, img -> img.setMode("/", 0700));
        assertValid(source, out, List.of("CHANGED / [mode]"));
        assertCopiedExcept(source, out, Set.of(0));
    }

    @Test
    void editingTheLastEntry() throws Exception {
        GzipChunkIndex index = index(source);
        int last = index.chunks().size() - 1;
        assertEquals(last, index.chunkOf(headerOffset(source, "d7/f29")));
        Path out = write(source, img -> Files.writeString(img.fileSystem().getPath("/d7/f29"), "the end\n"));
        assertValid(source, out, List.of("CHANGED /d7/f29 [content]"));
        assertCopiedExcept(source, out, Set.of(last));
    }

    @Test
    void plainGzipIsRecompressedOnceThenEditedByChunks() throws Exception {
        Path plain = dir.resolve("plain.gz");
        Files.write(plain, PeerTool.filter(dir, cpio, "gzip", "-1", "-n", "-c"));
        assertFalse(index(plain).isUsable());
        Path first = write(plain, img -> Files.writeString(img.fileSystem().getPath("/d0/f0"), "first\n"), 1);
        assertValid(plain, first, List.of("CHANGED /d0/f0 [content]"));
        GzipChunkIndex firstIndex = index(first);
        assertTrue(firstIndex.isUsable(), "the first edit writes chunks");
        int chunk = firstIndex.chunkOf(headerOffset(first, "d5/f5"));
        Path second = write(first, img -> Files.writeString(img.fileSystem().getPath("/d5/f5"), "second\n"));
        assertValid(first, second, List.of("CHANGED /d5/f5 [content]"));
        assertCopiedExcept(first, second, Set.of(chunk));
    }

    @Test
    void pigzBlocksOnEntryBoundariesAreCopied() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out, WriteOptions.defaults().withBlockSize(0))) {
            for (int i = 0; i < 24; i++) {
                byte[] data = ChunkedImages.content(65_420, i); // 116 + 65420 = 64 KiB per entry
                w.write(CpioEntry.file(String.format("f%02d", i), 0644, data.length).toBuilder().inode(i + 1).build(),
                        data);
            }
        }
        Path pigz = dir.resolve("pigz.gz");
        Files.write(pigz, PeerTool.filter(dir, out.toByteArray(), "pigz", "-i", "-1", "-c"));
        GzipChunkIndex index = index(pigz);
        assertEquals(13, index.chunks().size(), "twelve 128 KiB blocks and the trailer's");
        assertTrue(index.chunks().get(12).endsStream());
        int chunk = index.chunkOf(headerOffset(pigz, "f09"));
        Path edited = write(pigz, img -> Files.writeString(img.fileSystem().getPath("/f09"), "pigz no more\n"));
        assertValid(pigz, edited, List.of("CHANGED /f09 [content]"));
        assertCopiedExcept(pigz, edited, Set.of(chunk));
        // pigz's own last block, which ends the deflate stream, ends ours too.
        byte[] last = bytes(pigz, index.chunks().get(12));
        byte[] result = Files.readAllBytes(edited);
        assertArrayEquals(last, Arrays.copyOfRange(result, result.length - 8 - last.length, result.length - 8));
    }

    @Test
    void recompressTurnsReuseOff() throws Exception {
        Path out = dir.resolve("recompressed.gz");
        try (EditableImage img = EditableImage.open(source)) {
            Files.writeString(img.fileSystem().getPath("/d3/f3"), "x\n");
            img.writeTo(out, SaveOptions.defaults().withThreads(2).withLevel(6).withRecompress(true));
        }
        assertValid(source, out, List.of("CHANGED /d3/f3 [content]"));
        byte[] result = Files.readAllBytes(out);
        for (DeflateSpan s : index(source).chunks()) {
            assertEquals(-1, indexOf(result, bytes(source, s), 0), "nothing is copied: " + s);
        }
    }

    /**
     * The Debian installer's initrd (41 MB of gzip, 137 MB of cpio, 2387 entries): a first edit
     * recompresses it whole at level 9, in chunks; a second edit copies all chunks but the one it
     * changes. Times are printed, not asserted; sizes are compared with gzip -9 of the same cpio.
     */
    @Test
    @Tag("slow")
    void debianInstallerSecondEditCostsWhatItChanges() throws Exception {
        Path installer = Peers.assumeInstallerImage();
        Peers.assumePeer("gzip");
        Peers.assumePeer("cpio");
        Path first = dir.resolve("first.gz");
        long t0 = System.nanoTime();
        try (EditableImage img = EditableImage.open(installer)) {
            Files.writeString(img.fileSystem().getPath("/etc/lsb-release"), "DISTRIB_ID=Remastered\n");
            img.writeTo(first, SaveOptions.defaults().withLevel(9));
        }
        long t1 = System.nanoTime();
        Path second = dir.resolve("second.gz");
        String profile;
        try (EditableImage img = EditableImage.open(first)) {
            Path p = img.fileSystem().getPath("/etc/profile");
            profile = Files.readString(p) + "echo remastered twice\n";
            Files.writeString(p, profile);
            img.writeTo(second, SaveOptions.defaults().withLevel(9));
        }
        long t2 = System.nanoTime();
        Process gzip9 = new ProcessBuilder("sh", "-c", "gzip -dc '" + installer + "' | gzip -9 -n | wc -c")
                .redirectErrorStream(true).start();
        long reference = Long.parseLong(new String(gzip9.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
        assertEquals(0, gzip9.waitFor());

        GzipChunkIndex firstIndex = index(first);
        // A chunk after the edit moved (the file grew): compare what it holds, not where it is.
        Set<List<Long>> after = new java.util.HashSet<>();
        for (DeflateSpan c : index(second).chunks()) {
            after.add(List.of(c.crc32(), c.compressedLength(), c.uncompressedLength()));
        }
        long same = firstIndex.chunks().stream()
                .filter(c -> after.contains(List.of(c.crc32(), c.compressedLength(), c.uncompressedLength()))).count();
        System.out.printf("Debian installer initrd: first edit (whole, level 9) %.1f s, %d bytes (%+.3f%% vs gzip -9 %d);"
                + " second edit (open + edit + write) %.2f s, %d bytes (%+.3f%%); %d chunks, %d unchanged%n",
                (t1 - t0) / 1e9, Files.size(first), 100.0 * (Files.size(first) - reference) / reference, reference,
                (t2 - t1) / 1e9, Files.size(second), 100.0 * (Files.size(second) - reference) / reference,
                firstIndex.chunks().size(), same);
        assertTrue(Files.size(first) < reference * 1.01, "first edit within 1% of gzip -9");
        assertTrue(Files.size(second) < reference * 1.01, "second edit within 1% of gzip -9");
        // 137 MB in chunks of at least 1 MiB, more where an entry is larger.
        assertTrue(firstIndex.chunks().size() > 50, firstIndex.chunks().size() + " chunks");
        assertEquals(firstIndex.chunks().size() - 1, same, "all chunks but one are unchanged");
        assertValid(first, second, List.of("CHANGED /etc/profile [content]"));
        try (EditableImage img = EditableImage.open(second)) {
            assertEquals(profile, Files.readString(img.fileSystem().getPath("/etc/profile")));
        }
    }
}
