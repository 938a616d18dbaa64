package dev.remaster.overlay;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.EntryType;
import dev.remaster.cpio.ReadOptions;
import dev.remaster.cpio.WriteOptions;
import dev.remaster.diff.EntryState;
import dev.remaster.diff.ImageState;
import dev.remaster.image.ArchiveSegment;
import dev.remaster.image.ImageReader;
import dev.remaster.image.ImageWriter;
import dev.remaster.image.Segment;
import dev.remaster.io.FormatException;
import dev.remaster.script.EditOperation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Appends that read only as much of the image as their edits need ({@link EditableImage#openForAppend}). */
class AppendReachTest {
    /** Entries of {@link #writeImage}: the root, /etc and its file, /lib, /usr, /usr/share, the big files, late ones. */
    static final int BIG_FILES = 24;
    static final int ENTRIES = 6 + BIG_FILES + 4 + 1;

    @TempDir
    Path dir;

    /**
     * An image shaped like a root: /etc near the start, /usr/share with {@value #BIG_FILES} files of
     * 128 KiB that compress badly (so a chunked gzip has several chunks), then /usr/lib and /var/lib
     * late. /lib is a symbolic link to usr/lib. Chunked: written by Remaster; else by plain gzip.
     */
    static byte[] cpio() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out, WriteOptions.defaults())) {
            write(w);
        }
        return out.toByteArray();
    }

    private static void write(CpioWriter w) throws IOException {
        long t = 1_700_000_000L;
        int ino = 1;
        Random random = new Random(7);
        w.write(CpioEntry.directory(".", 0755).toBuilder().inode(ino++).mtime(t).build());
        w.write(CpioEntry.directory("etc", 0755).toBuilder().inode(ino++).mtime(t).build());
        byte[] passwd = "root:x:0:0:root:/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8);
        w.write(CpioEntry.file("etc/passwd", 0644, passwd.length).toBuilder().inode(ino++).mtime(t).build(), passwd);
        w.write(CpioEntry.symlink("lib", "usr/lib").toBuilder().inode(ino++).mtime(t).build());
        w.write(CpioEntry.directory("usr", 0755).toBuilder().inode(ino++).mtime(t).build());
        w.write(CpioEntry.directory("usr/share", 0755).toBuilder().inode(ino++).mtime(t).build());
        for (int i = 0; i < BIG_FILES; i++) {
            byte[] data = new byte[128 * 1024];
            random.nextBytes(data);
            w.write(CpioEntry.file("usr/share/f" + i, 0644, data.length).toBuilder().inode(ino++).mtime(t).build(), data);
        }
        w.write(CpioEntry.directory("usr/lib", 0755).toBuilder().inode(ino++).mtime(t).build());
        w.write(CpioEntry.directory("var", 0755).toBuilder().inode(ino++).mtime(t).build());
        w.write(CpioEntry.directory("var/lib", 0700).toBuilder().inode(ino++).uid(5).gid(6).mtime(t).build());
        byte[] late = "late\n".getBytes(StandardCharsets.UTF_8);
        w.write(CpioEntry.file("var/lib/late", 0600, late.length).toBuilder().inode(ino++).mtime(t).build(), late);
    }

    /** The image as Remaster writes it: one gzip member of independent chunks. */
    static Path chunked(Path p) throws IOException {
        try (ImageWriter iw = ImageWriter.of(Files.newOutputStream(p))) {
            CpioWriter w = iw.beginArchive(Compression.GZIP, EncoderOptions.defaults(Compression.GZIP).withThreads(1),
                    WriteOptions.defaults());
            write(w);
            w.close();
        }
        return p;
    }

    /** The same archive as plain gzip writes it: one deflate stream without flush points. */
    static Path foreign(Path p) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(cpio());
        }
        return p;
    }

    private Path newFile(String content) throws IOException {
        Path f = Files.createTempFile(dir, "new", ".txt");
        Files.writeString(f, content);
        return f;
    }

    private static EditableImage.Reading reading(Path image, List<EditOperation> edits) throws IOException {
        try (EditableImage img = EditableImage.openForAppend(image, ReadOptions.defaults(), EditOperation.scopeOf(edits))) {
            return img.reading();
        }
    }

    /** Checks that {@code out} is {@code in} byte for byte, then a segment, and returns the new paths' states. */
    private static Map<String, EntryState> added(Path in, Path out) throws IOException {
        byte[] before = Files.readAllBytes(in);
        byte[] after = Files.readAllBytes(out);
        assertTrue(after.length > before.length);
        assertArrayEquals(before, Arrays.copyOf(after, before.length), "the image is copied byte for byte");
        dev.remaster.kernel.LintReport lint = dev.remaster.kernel.KernelLint.check(out);
        assertFalse(lint.hasErrors(), lint.findings().toString());
        Map<String, EntryState> old = ImageState.of(in).paths();
        Map<String, EntryState> now = new HashMap<>(ImageState.of(out).paths());
        for (Map.Entry<String, EntryState> e : old.entrySet()) {
            EntryState n = now.get(e.getKey());
            assertNotNull(n, "nothing is lost: " + e.getKey());
            if (withoutSegment(n).equals(withoutSegment(e.getValue()))) {
                now.remove(e.getKey());
            }
        }
        return now;
    }

    private static EntryState withoutSegment(EntryState s) {
        return new EntryState(s.path(), s.type(), s.mode(), s.uid(), s.gid(), s.mtime(), s.size(), s.rdevMajor(),
                s.rdevMinor(), s.linkTarget(), s.sha256(), 0);
    }

    @Test
    void anAppendStopsOnceItsParentIsSeenAndAddsOnlyTheNewEntry() throws IOException {
        Path image = chunked(dir.resolve("ours.gz"));
        List<EditOperation> edits = List.of(new EditOperation.Put(newFile("hello\n"), "/etc/motd", 0640, 0L, 50L));
        EditableImage.Reading r = reading(image, edits);
        assertTrue(r.partialView());
        assertFalse(r.layoutComplete(), "the last chunk told how the image ends");
        assertEquals(2, r.entriesInView(), "the root and /etc");

        Path out = dir.resolve("out.gz");
        EditOperation.append(image, ReadOptions.defaults(), edits, out, SaveOptions.defaults().withThreads(1));
        Map<String, EntryState> added = added(image, out);
        assertEquals(List.of("/etc/motd"), List.copyOf(added.keySet()));
        EntryState motd = added.get("/etc/motd");
        assertEquals(EntryType.REGULAR, motd.type());
        assertEquals(0100640, motd.mode());
        assertEquals(50, motd.gid());
        assertEquals(6, motd.size());
        try (ImageReader reader = ImageReader.open(out)) {
            while (reader.next() != null) {
                // every entry of the result reads
            }
            List<Segment> segments = reader.segments();
            assertEquals(1, segments.size(), "gzip after gzip: one segment of two members");
            ArchiveSegment a = (ArchiveSegment) segments.get(0);
            assertEquals(2, a.members().size(), "compressed like the image's last segment");
            assertEquals(Files.size(image), a.members().get(1).offset());
            assertTrue(a.archiveEndsAtMemberEnds(), "each member ends at a trailer, as the kernel needs");
        }
    }

    @Test
    void anImageAppendedToBeforeStillStopsEarly() throws IOException {
        Path image = chunked(dir.resolve("ours.gz"));
        Path once = dir.resolve("once.gz");
        EditOperation.append(image, ReadOptions.defaults(), List.of(new EditOperation.Put(newFile("1\n"), "/etc/one",
                null, null, null)), once, SaveOptions.defaults().withThreads(1));
        List<EditOperation> edits = List.of(new EditOperation.Put(newFile("2\n"), "/etc/two", null, null, null));
        EditableImage.Reading r = reading(once, edits);
        assertTrue(r.partialView());
        assertFalse(r.layoutComplete(), "the small segment appended before is one chunk after its header");
        Path twice = dir.resolve("twice.gz");
        EditOperation.append(once, ReadOptions.defaults(), edits, twice, SaveOptions.defaults().withThreads(1));
        assertEquals(List.of("/etc/two"), List.copyOf(added(once, twice).keySet()));
        assertEquals(List.of("/etc/one", "/etc/two"), added(image, twice).keySet().stream().sorted().toList());
    }

    @Test
    void aParentThatComesLateIsReadFor() throws IOException {
        Path image = chunked(dir.resolve("ours.gz"));
        List<EditOperation> edits = List.of(new EditOperation.Put(newFile("x\n"), "/var/lib/new", null, null, null));
        EditableImage.Reading r = reading(image, edits);
        assertTrue(r.partialView());
        assertEquals(ENTRIES - 2, r.entriesInView(), "up to /var/lib");
        Path out = dir.resolve("out.gz");
        EditOperation.append(image, ReadOptions.defaults(), edits, out, SaveOptions.defaults().withThreads(1));
        assertEquals(List.of("/var/lib/new"), List.copyOf(added(image, out).keySet()));
    }

    @Test
    void aParentBehindASymbolicLinkIsReadForAtTheLinksTarget() throws IOException {
        Path image = chunked(dir.resolve("ours.gz"));
        List<EditOperation> edits = List.of(new EditOperation.Put(newFile("so\n"), "/lib/new.so", null, null, null));
        EditableImage.Reading r = reading(image, edits);
        assertEquals(6 + BIG_FILES + 1, r.entriesInView(), "up to /usr/lib, which /lib names");
        Path out = dir.resolve("out.gz");
        EditOperation.append(image, ReadOptions.defaults(), edits, out, SaveOptions.defaults().withThreads(1));
        assertEquals(List.of("/usr/lib/new.so"), List.copyOf(added(image, out).keySet()));
    }

    @Test
    void aMissingParentReadsTheWholeImageAndIsMadeAsByAFullEdit() throws IOException {
        Path image = chunked(dir.resolve("ours.gz"));
        List<EditOperation> edits = List.of(new EditOperation.Put(newFile("x\n"), "/opt/app/x", null, null, null));
        EditableImage.Reading r = reading(image, edits);
        assertFalse(r.partialView());
        assertEquals(ENTRIES, r.entriesInView());
        Path out = dir.resolve("out.gz");
        EditOperation.append(image, ReadOptions.defaults(), edits, out, SaveOptions.defaults().withThreads(1));
        Path full = dir.resolve("full.gz");
        try (EditableImage img = EditableImage.open(image)) {
            edits.get(0).applyTo(img);
            img.appendTo(full, SaveOptions.defaults().withThreads(1));
        }
        assertEquals(ImageState.of(full).paths(), ImageState.of(out).paths());
        assertEquals(List.of("/opt", "/opt/app", "/opt/app/x"), added(image, out).keySet().stream().sorted().toList());
    }

    @Test
    void changingTheModeOfAnImagePathReadsEveryEntryButOneTheEditMadeDoesNot() throws IOException {
        Path image = chunked(dir.resolve("ours.gz"));
        assertEquals(ENTRIES, reading(image, List.of(new EditOperation.ChangeMode("/etc/passwd", 0600))).entriesInView());
        assertFalse(reading(image, List.of(new EditOperation.ChangeOwner("/etc", 1, 1))).partialView());
        List<EditOperation> edits = List.of(new EditOperation.Put(newFile("x\n"), "/etc/new", null, null, null),
                new EditOperation.ChangeMode("/etc/new", 0600));
        assertEquals(2, reading(image, edits).entriesInView());

        Path out = dir.resolve("out.gz");
        EditOperation.append(image, ReadOptions.defaults(), List.of(new EditOperation.ChangeMode("/etc/passwd", 0600)),
                out, SaveOptions.defaults().withThreads(1));
        EntryState passwd = added(image, out).get("/etc/passwd");
        assertNotNull(passwd);
        assertEquals(0100600, passwd.mode());
        assertEquals(ImageState.of(image).paths().get("/etc/passwd").sha256(), passwd.sha256());
    }

    @Test
    void mkdirReadsUntilItSeesTheDirectoryAndKeepsItsOwner() throws IOException {
        Path image = chunked(dir.resolve("ours.gz"));
        List<EditOperation> edits = List.of(new EditOperation.MakeDirectory("/var/lib", null, null, null),
                new EditOperation.Put(newFile("x\n"), "/var/lib/new", null, null, null));
        EditableImage.Reading r = reading(image, edits);
        assertEquals(ENTRIES - 2, r.entriesInView());
        Path out = dir.resolve("out.gz");
        EditOperation.append(image, ReadOptions.defaults(), edits, out, SaveOptions.defaults().withThreads(1));
        Map<String, EntryState> added = added(image, out);
        assertEquals(List.of("/var/lib/new"), List.copyOf(added.keySet()), "/var/lib is not written again");
    }

    @Test
    void anotherWritersGzipIsReadToItsEndOutsideTheView() throws IOException {
        Path image = foreign(dir.resolve("foreign.gz"));
        List<EditOperation> edits = List.of(new EditOperation.Put(newFile("hello\n"), "/etc/motd", null, null, null));
        EditableImage.Reading r = reading(image, edits);
        assertTrue(r.partialView());
        assertTrue(r.layoutComplete(), "read to its end to find where it ends");
        assertEquals(2, r.entriesInView());
        Path out = dir.resolve("out.gz");
        EditOperation.append(image, ReadOptions.defaults(), edits, out, SaveOptions.defaults().withThreads(1));
        assertEquals(List.of("/etc/motd"), List.copyOf(added(image, out).keySet()));
    }

    @Test
    void damageBeyondTheStopInAChunkedImageIsNotSeenAndStaysInTheResult() throws IOException {
        Path image = chunked(dir.resolve("ours.gz"));
        byte[] b = Files.readAllBytes(image);
        for (int i = 0; i < 64; i++) {
            b[b.length / 2 + i] ^= (byte) 0x5a;
        }
        Files.write(image, b);
        assertThrows(IOException.class, () -> ImageState.of(image), "the damage is real");
        Path out = dir.resolve("out.gz");
        EditOperation.append(image, ReadOptions.defaults(),
                List.of(new EditOperation.Put(newFile("x\n"), "/etc/new", null, null, null)), out,
                SaveOptions.defaults().withThreads(1));
        byte[] after = Files.readAllBytes(out);
        assertArrayEquals(b, Arrays.copyOf(after, b.length), "copied as it is: not hidden, not repaired");
        FormatException e = assertThrows(FormatException.class, () -> ImageState.of(out));
        assertTrue(e.offset() > 0, e.getMessage());
    }

    @Test
    void damageInAnImageReadToItsEndFailsWithOneLineAndWritesNothing() throws IOException {
        Path image = foreign(dir.resolve("foreign.gz"));
        byte[] b = Files.readAllBytes(image);
        for (int i = 0; i < 64; i++) {
            b[b.length / 2 + i] ^= (byte) 0x5a;
        }
        Files.write(image, b);
        Path out = dir.resolve("out.gz");
        IOException e = assertThrows(IOException.class, () -> EditOperation.append(image, ReadOptions.defaults(),
                List.of(new EditOperation.Put(newFile("x\n"), "/etc/new", null, null, null)), out,
                SaveOptions.defaults().withThreads(1)));
        assertTrue(e.getMessage().contains(image.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(Files.exists(out));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void aTruncatedChunkedImageIsReadToItsEndAndRefused() throws IOException {
        Path image = chunked(dir.resolve("ours.gz"));
        byte[] b = Files.readAllBytes(image);
        Files.write(image, Arrays.copyOf(b, b.length - 3));
        Path out = dir.resolve("out.gz");
        IOException e = assertThrows(IOException.class, () -> EditOperation.append(image, ReadOptions.defaults(),
                List.of(new EditOperation.Put(newFile("x\n"), "/etc/new", null, null, null)), out,
                SaveOptions.defaults().withThreads(1)));
        assertTrue(e.getMessage().contains(image.toString()), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void aPartlyReadImageCannotBeRewritten() throws IOException {
        Path image = chunked(dir.resolve("ours.gz"));
        try (EditableImage img = EditableImage.openForAppend(image, ReadOptions.defaults(),
                EditOperation.scopeOf(List.of(new EditOperation.MakeDirectory("/etc", null, null, null))))) {
            assertTrue(img.reading().partialView());
            assertThrows(IllegalStateException.class, () -> img.writeTo(dir.resolve("x.gz"), SaveOptions.defaults()));
        }
    }
}
