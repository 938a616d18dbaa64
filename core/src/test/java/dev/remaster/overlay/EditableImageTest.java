package dev.remaster.overlay;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.EntryType;
import dev.remaster.cpio.WriteOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EditableImageTest {
    @TempDir
    Path dir;
    Path image;
    byte[] original;

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** An early plain microcode segment followed by a gzip main archive shaped like a small root. */
    static byte[] sampleImage() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out, WriteOptions.defaults())) {
            w.write(CpioEntry.directory("kernel", 0755).toBuilder().inode(1).build());
            w.write(CpioEntry.directory("kernel/x86", 0755).toBuilder().inode(2).build());
            w.write(CpioEntry.directory("kernel/x86/microcode", 0755).toBuilder().inode(3).build());
            byte[] ucode = new byte[1000];
            w.write(CpioEntry.file("kernel/x86/microcode/GenuineIntel.bin", 0644, ucode.length).toBuilder().inode(4).build(), ucode);
        }
        ByteArrayOutputStream main = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(main, WriteOptions.defaults())) {
            long t = 1_700_000_000L;
            int ino = 10;
            w.write(CpioEntry.directory(".", 0755).toBuilder().inode(ino++).mtime(t).build());
            w.write(CpioEntry.directory("bin", 0755).toBuilder().inode(ino++).mtime(t).build());
            byte[] busybox = bytes("#!busybox\n".repeat(5000));
            w.write(CpioEntry.file("bin/busybox", 0755, busybox.length).toBuilder().inode(ino++).mtime(t).build(), busybox);
            w.write(CpioEntry.symlink("bin/sh", "busybox").toBuilder().inode(ino++).mtime(t).build());
            w.write(CpioEntry.directory("etc", 0755).toBuilder().inode(ino++).mtime(t).build());
            byte[] passwd = bytes("root:x:0:0:root:/root:/bin/sh\ntc:x:1001:50:Linux User,,,:/home/tc:/bin/sh\n");
            w.write(CpioEntry.file("etc/passwd", 0644, passwd.length).toBuilder().inode(ino++).mtime(t).build(), passwd);
            w.write(CpioEntry.directory("etc/init.d", 0755).toBuilder().inode(ino++).mtime(t).build());
            byte[] rcs = bytes("#!/bin/sh\necho booting\n");
            w.write(CpioEntry.file("etc/init.d/rcS", 0755, rcs.length).toBuilder().inode(ino++).mtime(t).build(), rcs);
            w.write(CpioEntry.directory("dev", 0755).toBuilder().inode(ino++).mtime(t).build());
            w.write(CpioEntry.charDevice("dev/console", 0600, 5, 1).toBuilder().inode(ino++).mtime(t).build());
            w.write(CpioEntry.blockDevice("dev/sda", 0660, 8, 0).toBuilder().inode(ino++).gid(6).mtime(t).build());
            w.write(CpioEntry.directory("tmp", 01777).toBuilder().inode(ino++).mtime(t).build());
            w.write(CpioEntry.directory("usr", 0755).toBuilder().inode(ino++).mtime(t).build());
            byte[] su = bytes("su binary");
            w.write(CpioEntry.file("usr/su", 04755, su.length).toBuilder().inode(ino++).mtime(t).build(), su);
            w.write(CpioEntry.directory("home", 0755).toBuilder().inode(ino++).mtime(t).build());
            w.write(CpioEntry.directory("home/tc", 02750).toBuilder().inode(ino++).uid(1001).gid(50).mtime(t).build());
            w.write(CpioEntry.directory("lib", 0755).toBuilder().inode(ino++).mtime(t).build());
            byte[] lib = bytes("shared library bytes\n".repeat(100));
            int libIno = ino++;
            w.write(CpioEntry.file("lib/a", 0644, 0).toBuilder().inode(libIno).nlink(3).mtime(t).build());
            w.write(CpioEntry.file("lib/b", 0644, 0).toBuilder().inode(libIno).nlink(3).mtime(t).build());
            w.write(CpioEntry.file("lib/c", 0644, lib.length).toBuilder().inode(libIno).nlink(3).mtime(t).build(), lib);
            w.write(CpioEntry.fifo("tmp/ctl", 0620).toBuilder().inode(ino++).uid(1001).gid(50).mtime(t).build());
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream enc = Compression.GZIP.newEncoder(gz, EncoderOptions.defaults(Compression.GZIP).withThreads(1))) {
            enc.write(main.toByteArray());
        }
        out.writeBytes(gz.toByteArray());
        return out.toByteArray();
    }

    @BeforeEach
    void writeSample() throws IOException {
        original = sampleImage();
        image = dir.resolve("initrd.img");
        Files.write(image, original);
    }

    @Test
    void nodesLinkAsTheKernelLinksThemAndSymlinksNever() throws IOException {
        Path p = dir.resolve("links.cpio");
        try (OutputStream out = Files.newOutputStream(p);
                CpioWriter w = CpioWriter.of(out, WriteOptions.defaults())) {
            CpioEntry c = CpioEntry.charDevice("c1", 0600, 1, 3).toBuilder().dev(8, 1).inode(4).nlink(2).build();
            w.write(c);
            w.write(c.toBuilder().name("c2").build());
            w.write(CpioEntry.file("f", 0644, 0).toBuilder().dev(8, 1).inode(4).nlink(2).build());
            CpioEntry s = CpioEntry.symlink("s1", "t").toBuilder().dev(8, 1).inode(5).nlink(2).build();
            w.write(s);
            w.write(s.toBuilder().name("s2").linkTarget("u").build());
        }
        try (EditableImage img = EditableImage.open(p)) {
            FileSystem fs = img.fileSystem();
            assertTrue(Files.isSameFile(fs.getPath("/c1"), fs.getPath("/c2")), "devices with one key are linked");
            assertFalse(Files.isSameFile(fs.getPath("/c1"), fs.getPath("/f")), "a file and a device are two files");
            assertEquals("t", Files.readSymbolicLink(fs.getPath("/s1")).toString());
            assertEquals("u", Files.readSymbolicLink(fs.getPath("/s2")).toString(), "symlinks are never linked");
            Path saved = save(img);
            try (EditableImage again = EditableImage.open(saved)) {
                FileSystem fs2 = again.fileSystem();
                assertTrue(Files.exists(fs2.getPath("/c1")) && Files.exists(fs2.getPath("/c2")));
                assertEquals("u", Files.readSymbolicLink(fs2.getPath("/s2")).toString());
            }
        }
    }

    private Path save(EditableImage img) throws IOException {
        Path out = dir.resolve("out-" + System.nanoTime() + ".img");
        img.writeTo(out, SaveOptions.defaults().withThreads(1));
        return out;
    }

    /** Lines of the listing that differ between two images, as "-old" and "+new". */
    private static List<String> diff(Path a, Path b) throws IOException {
        Map<String, String> x = ImageListing.of(a).finalState();
        Map<String, String> y = ImageListing.of(b).finalState();
        List<String> out = new ArrayList<>();
        x.forEach((k, v) -> {
            if (!v.equals(y.get(k))) {
                out.add("-" + v);
            }
        });
        y.forEach((k, v) -> {
            if (!v.equals(x.get(k))) {
                out.add("+" + v);
            }
        });
        return out;
    }

    @Test
    void noEditWritesTheImageBackByteForByte() throws IOException {
        try (EditableImage img = EditableImage.open(image)) {
            assertFalse(img.isModified());
            assertArrayEquals(original, Files.readAllBytes(save(img)));
        }
    }

    @Test
    void readingFilesDoesNotModifyTheImage() throws IOException {
        try (EditableImage img = EditableImage.open(image)) {
            FileSystem fs = img.fileSystem();
            assertTrue(Files.readString(fs.getPath("/etc/passwd")).startsWith("root:x:0:0"));
            assertEquals(2100, Files.size(fs.getPath("/lib/a")));
            assertEquals("shared library bytes\n".repeat(100), Files.readString(fs.getPath("/lib/b")));
            assertFalse(img.isModified());
            assertArrayEquals(original, Files.readAllBytes(save(img)));
        }
    }

    @Test
    void theViewShowsTheTreeAndItsMetadata() throws IOException {
        try (EditableImage img = EditableImage.open(image)) {
            FileSystem fs = img.fileSystem();
            assertTrue(Files.isSymbolicLink(fs.getPath("/bin/sh")));
            assertEquals("busybox", Files.readSymbolicLink(fs.getPath("/bin/sh")).toString());
            EntryMetadata console = img.metadata("/dev/console");
            assertEquals(EntryType.CHAR_DEVICE, console.type());
            assertEquals(5, console.rdevMajor());
            assertEquals(1, console.rdevMinor());
            assertEquals(04755, img.metadata("/usr/su").permissions());
            assertEquals(01777, img.metadata("/tmp").permissions());
            EntryMetadata home = img.metadata("/home/tc");
            assertEquals(1001, home.uid());
            assertEquals(50, home.gid());
            assertEquals(02750, home.permissions());
            assertEquals(EntryType.FIFO, img.metadata("/tmp/ctl").type());
            try (Stream<Path> s = Files.walk(fs.getPath("/"))) {
                assertTrue(s.map(Path::toString).collect(Collectors.toSet())
                        .containsAll(List.of("/kernel/x86/microcode/GenuineIntel.bin", "/lib/c", "/dev/sda")));
            }
        }
    }

    @Test
    void editingOneFileChangesExactlyThatEntryAndKeepsTheEarlySegment() throws IOException {
        Path out;
        try (EditableImage img = EditableImage.open(image)) {
            Files.writeString(img.fileSystem().getPath("/etc/init.d/rcS"), "#!/bin/sh\necho remastered\n");
            assertTrue(img.isModified());
            out = save(img);
        }
        List<String> d = diff(image, out);
        assertEquals(2, d.size(), d.toString());
        assertTrue(d.get(0).startsWith("-/etc/init.d/rcS REGULAR 0100755 0:0"), d.toString());
        assertTrue(d.get(1).startsWith("+/etc/init.d/rcS REGULAR 0100755 0:0"), d.toString());
        byte[] result = Files.readAllBytes(out);
        int early = firstSegmentLength(original);
        assertArrayEquals(java.util.Arrays.copyOf(original, early), java.util.Arrays.copyOf(result, early));
        // Order is kept: the entry stands where it stood.
        List<String> before = names(image);
        assertEquals(before, names(out));
    }

    private static int firstSegmentLength(byte[] image) {
        for (int i = 0; i + 1 < image.length; i++) {
            if ((image[i] & 0xff) == 0x1f && (image[i + 1] & 0xff) == 0x8b) {
                return i;
            }
        }
        throw new AssertionError("no gzip member");
    }

    private static List<String> names(Path p) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : ImageListing.of(p).lines()) {
            out.add(line.substring(0, line.indexOf(' ')));
        }
        return out;
    }

    @Test
    void newFileGoesRightAfterItsParentDirectoryWithMissingParentsCreated() throws IOException {
        Path out;
        try (EditableImage img = EditableImage.open(image)) {
            FileSystem fs = img.fileSystem();
            Files.createDirectories(fs.getPath("/opt/extra"));
            Files.writeString(fs.getPath("/opt/extra/bootlocal.sh"), "#!/bin/sh\n");
            Files.writeString(fs.getPath("/etc/hostname"), "box\n");
            img.setMode("/opt/extra/bootlocal.sh", 0775);
            img.setOwner("/opt/extra/bootlocal.sh", 1001, 50);
            out = save(img);
        }
        List<String> n = names(out);
        assertEquals(n.indexOf("/etc") + 1, n.indexOf("/etc/hostname"), n.toString());
        assertTrue(n.indexOf("/opt") < n.indexOf("/opt/extra"));
        assertEquals(n.indexOf("/opt/extra") + 1, n.indexOf("/opt/extra/bootlocal.sh"));
        Map<String, String> state = ImageListing.of(out).finalState();
        assertTrue(state.get("/opt").startsWith("/opt DIRECTORY 040755 0:0"), state.get("/opt"));
        assertTrue(state.get("/opt/extra/bootlocal.sh").startsWith("/opt/extra/bootlocal.sh REGULAR 0100775 1001:50"),
                state.get("/opt/extra/bootlocal.sh"));
        assertEquals(4, diff(image, out).size(), diff(image, out).toString());
    }

    @Test
    void deletingTheLinkThatCarriesTheDataKeepsTheGroupValid() throws IOException {
        Path out;
        try (EditableImage img = EditableImage.open(image)) {
            Files.delete(img.fileSystem().getPath("/lib/c"));
            out = save(img);
        }
        Map<String, String> state = ImageListing.of(out).finalState();
        assertFalse(state.containsKey("/lib/c"));
        String a = state.get("/lib/a");
        String b = state.get("/lib/b");
        assertTrue(a.contains("size=2100"), a);
        assertEquals(a.replace("/lib/a", ""), b.replace("/lib/b", ""));
        assertEquals(List.of("-" + ImageListing.of(image).finalState().get("/lib/c")), diff(image, out));
    }

    @Test
    void devicesOwnersAndSpecialBitsSurviveARewriteOfTheirSegment() throws IOException {
        Path out;
        try (EditableImage img = EditableImage.open(image)) {
            Files.writeString(img.fileSystem().getPath("/etc/passwd"), "root:x:0:0::/:/bin/sh\n");
            out = save(img);
        }
        Map<String, String> state = ImageListing.of(out).finalState();
        assertTrue(state.get("/dev/console").startsWith("/dev/console CHAR_DEVICE 020600 0:0"), state.get("/dev/console"));
        assertTrue(state.get("/dev/console").contains("rdev=5,1"));
        assertTrue(state.get("/dev/sda").contains("BLOCK_DEVICE 060660 0:6"));
        assertTrue(state.get("/usr/su").contains("0104755"));
        assertTrue(state.get("/tmp").contains("041777"));
        assertTrue(state.get("/tmp/ctl").contains("FIFO 010620 1001:50"));
        assertEquals(2, diff(image, out).size());
    }

    @Test
    void metadataEditsThroughTheImageAndThroughNio() throws IOException {
        Path out;
        try (EditableImage img = EditableImage.open(image)) {
            FileSystem fs = img.fileSystem();
            img.setOwner("/etc/passwd", 0, 42);
            Files.setPosixFilePermissions(fs.getPath("/etc/init.d/rcS"), PosixFilePermissions.fromString("rwxr-x---"));
            img.setMtime("/bin/busybox", 1234567890L);
            img.createDevice("/dev/ttyS0", EntryType.CHAR_DEVICE, 0660, 4, 64);
            img.createFifo("/tmp/fifo", 0600);
            out = save(img);
        }
        Map<String, String> state = ImageListing.of(out).finalState();
        assertTrue(state.get("/etc/passwd").contains("0100644 0:42"), state.get("/etc/passwd"));
        assertTrue(state.get("/etc/init.d/rcS").contains("0100750"), state.get("/etc/init.d/rcS"));
        assertTrue(state.get("/bin/busybox").contains("mtime=1234567890"));
        assertTrue(state.get("/dev/ttyS0").contains("CHAR_DEVICE 020660 0:0 mtime="), state.get("/dev/ttyS0"));
        assertTrue(state.get("/dev/ttyS0").contains("rdev=4,64"));
        assertTrue(state.get("/tmp/fifo").contains("FIFO 010600"));
        // Content of re-headed entries comes from the source.
        assertEquals(ImageListing.of(image).finalState().get("/bin/busybox").replaceAll("mtime=\\d+", ""),
                state.get("/bin/busybox").replaceAll("mtime=\\d+", ""));
    }

    @Test
    void moveAndReplace() throws IOException {
        Path out;
        try (EditableImage img = EditableImage.open(image)) {
            FileSystem fs = img.fileSystem();
            Files.move(fs.getPath("/etc/passwd"), fs.getPath("/etc/passwd.old"));
            Path tmp = dir.resolve("new-busybox");
            Files.writeString(tmp, "new busybox");
            Files.copy(tmp, fs.getPath("/bin/busybox"), StandardCopyOption.REPLACE_EXISTING);
            out = save(img);
        }
        Map<String, String> state = ImageListing.of(out).finalState();
        assertFalse(state.containsKey("/etc/passwd"));
        assertEquals(ImageListing.of(image).finalState().get("/etc/passwd").replace("/etc/passwd ", ""),
                state.get("/etc/passwd.old").replace("/etc/passwd.old ", ""));
        assertTrue(state.get("/bin/busybox").contains("size=11"));
        List<String> n = names(out);
        assertEquals(names(image).indexOf("/bin/busybox"), n.indexOf("/bin/busybox"));
    }

    @Test
    void newHardLinkJoinsTheGroup() throws IOException {
        Path out;
        try (EditableImage img = EditableImage.open(image)) {
            FileSystem fs = img.fileSystem();
            Files.createLink(fs.getPath("/lib/d"), fs.getPath("/lib/a"));
            out = save(img);
        }
        Map<String, String> state = ImageListing.of(out).finalState();
        String d = state.get("/lib/d");
        assertTrue(d.contains("size=2100"), d);
        assertEquals(state.get("/lib/a").replace("/lib/a", ""), d.replace("/lib/d", ""));
    }

    @Test
    void writingOverTheInputIsSafe() throws IOException {
        try (EditableImage img = EditableImage.open(image)) {
            Files.writeString(img.fileSystem().getPath("/etc/motd"), "hello\n");
            img.writeTo(image, SaveOptions.defaults().withThreads(1));
        }
        try (EditableImage again = EditableImage.open(image)) {
            assertEquals("hello\n", Files.readString(again.fileSystem().getPath("/etc/motd")));
            assertEquals("shared library bytes\n".repeat(100), Files.readString(again.fileSystem().getPath("/lib/a")));
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("initrd.img"), s.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
    }

    @Test
    void appendedSegmentListsLikeTheFullRewrite() throws IOException {
        Path full;
        Path appended = dir.resolve("appended.img");
        try (EditableImage img = EditableImage.open(image)) {
            FileSystem fs = img.fileSystem();
            Files.writeString(fs.getPath("/etc/init.d/rcS"), "#!/bin/sh\necho from overlay\n");
            Files.createDirectories(fs.getPath("/opt"));
            Files.writeString(fs.getPath("/opt/bootlocal.sh"), "echo hi\n");
            img.setOwner("/home/tc", 1002, 50);
            full = save(img);
            img.appendTo(appended, SaveOptions.defaults().withThreads(1));
        }
        byte[] a = Files.readAllBytes(appended);
        assertArrayEquals(original, java.util.Arrays.copyOf(a, original.length));
        assertEquals(ImageListing.of(full).finalState(), ImageListing.of(appended).finalState());
    }

    @Test
    void appendIsRefusedWhenTheEditDeletes() throws IOException {
        try (EditableImage img = EditableImage.open(image)) {
            Files.delete(img.fileSystem().getPath("/etc/passwd"));
            UnsupportedEditException e = assertThrows(UnsupportedEditException.class,
                    () -> img.appendTo(dir.resolve("x.img"), SaveOptions.defaults()));
            assertTrue(e.getMessage().contains("/etc/passwd"), e.getMessage());
            assertFalse(Files.exists(dir.resolve("x.img")));
        }
    }

    @Test
    void recompressingWithAnotherCodecKeepsTheEarlySegmentPlain() throws IOException {
        Path out = dir.resolve("xz.img");
        try (EditableImage img = EditableImage.open(image)) {
            img.writeTo(out, SaveOptions.defaults().withCompression(Compression.XZ).withThreads(1));
        }
        assertEquals(List.of(), diff(image, out));
        try (EditableImage img = EditableImage.open(out)) {
            assertEquals(Compression.NONE, ((dev.remaster.image.ArchiveSegment) img.segments().get(0)).compression());
            assertEquals(Compression.XZ, ((dev.remaster.image.ArchiveSegment) img.segments().get(1)).compression());
        }
    }
}
