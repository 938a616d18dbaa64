package dev.remaster.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.image.ImageReader;
import dev.remaster.testing.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageAttributesTest {
    @TempDir
    Path dir;

    @Test
    void unixAttributesOfEveryEntryOfTheInstallerImageAreItsCpioHeaders() throws IOException {
        Path image = Peers.assumeInstallerImage();
        Map<String, CpioEntry> headers = new LinkedHashMap<>();
        try (ImageReader reader = ImageReader.open(image)) {
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                if (!e.isTrailer() && !e.name().equals(".")) {
                    headers.put("/" + e.name().replaceFirst("^\\./", ""), e);
                }
            }
        }
        assertTrue(headers.size() > 1000, "the installer image has thousands of entries: " + headers.size());
        List<String> wrong = new ArrayList<>();
        try (FileSystem fs = FileSystems.newFileSystem(image, Map.of("readOnly", true))) {
            for (Map.Entry<String, CpioEntry> h : headers.entrySet()) {
                CpioEntry e = h.getValue();
                Map<String, Object> a = Files.readAttributes(fs.getPath(h.getKey()), "unix:*", LinkOption.NOFOLLOW_LINKS);
                Map<String, Object> expected = new LinkedHashMap<>();
                expected.put("uid", (int) e.uid());
                expected.put("gid", (int) e.gid());
                expected.put("mode", e.mode());
                expected.put("rdev", ImageAttributes.rdev(e.rdevMajor(), e.rdevMinor()));
                expected.put("nlink", (int) e.nlink());
                expected.put("mtime", e.mtime());
                Map<String, Object> actual = new LinkedHashMap<>();
                for (String k : expected.keySet()) {
                    actual.put(k, a.get(k) instanceof Number n && expected.get(k) instanceof Long ? (Object) n.longValue() : a.get(k));
                }
                if (!expected.equals(actual)) {
                    wrong.add(h.getKey() + " header " + expected + " nio " + actual);
                }
            }
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())), wrong.size() + " entries differ");
    }

    @Test
    void ownerIsNamedFromTheImagesPasswdAndSetOwnerIsWritten() throws IOException {
        Path image = dir.resolve("initrd.img");
        Files.write(image, EditableImageTest.sampleImage());
        try (FileSystem fs = FileSystems.newFileSystem(image)) {
            Path passwd = fs.getPath("/etc/passwd");
            assertEquals("root", Files.getOwner(passwd).getName());
            Files.setOwner(passwd, () -> "tc");
            assertEquals("tc", Files.getOwner(passwd).getName());
            assertEquals(1001, Files.getAttribute(passwd, "unix:uid"));
            var posix = Files.getFileAttributeView(passwd, java.nio.file.attribute.PosixFileAttributeView.class);
            assertEquals("tc", posix.getOwner().getName());
            posix.setOwner(() -> "root");
            assertEquals(0, Files.getAttribute(passwd, "unix:uid"));
            Files.setOwner(passwd, () -> "4242");
            assertEquals("4242", Files.getOwner(passwd).getName());
            Files.setOwner(passwd, () -> "tc");
            assertThrows(java.nio.file.attribute.UserPrincipalNotFoundException.class,
                    () -> Files.setOwner(passwd, () -> "nobody-here"));
        }
        try (EditableImage again = EditableImage.open(image)) {
            assertEquals(1001, again.metadata("/etc/passwd").uid());
        }
    }

    /** The posix view's group comes from the image's /etc/group, its owner from /etc/passwd; sets are written. */
    @Test
    void posixGroupAndOwnerAreTheImagesAndSetsAreWritten() throws IOException {
        Path image = dir.resolve("core.gz");
        Files.copy(Path.of(java.util.Objects.requireNonNullElse(System.getProperty("remaster.root"), ".."))
                .resolve("testdata/tinycore/core-sample.gz"), image);
        try (FileSystem fs = FileSystems.newFileSystem(image)) {
            Path home = fs.getPath("/home/tc");
            var attrs = Files.readAttributes(home, java.nio.file.attribute.PosixFileAttributes.class);
            assertEquals("tc", attrs.owner().getName());
            assertEquals("staff", attrs.group().getName());
            assertEquals("rwxr-x---", java.nio.file.attribute.PosixFilePermissions.toString(attrs.permissions()));
            Map<String, Object> byName = Files.readAttributes(home, "posix:owner,group,isDirectory");
            assertEquals("tc", byName.get("owner").toString());
            assertEquals("staff", byName.get("group").toString());
            assertEquals(Map.of("owner", attrs.owner()), Files.readAttributes(home, "owner:owner"));
            var lookup = fs.getUserPrincipalLookupService();
            Files.getFileAttributeView(home, java.nio.file.attribute.PosixFileAttributeView.class)
                    .setGroup(lookup.lookupPrincipalByGroupName("root"));
            Files.setAttribute(home, "posix:owner", lookup.lookupPrincipalByName("root"));
            Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            assertEquals("root", Files.readAttributes(home, java.nio.file.attribute.PosixFileAttributes.class).group().getName());
            assertThrows(java.nio.file.attribute.UserPrincipalNotFoundException.class,
                    () -> lookup.lookupPrincipalByGroupName("no-such-group"));
        }
        try (EditableImage again = EditableImage.open(image)) {
            EntryMetadata m = again.metadata("/home/tc");
            assertEquals(0, m.uid());
            assertEquals(0, m.gid());
            assertEquals(042700, m.mode(), Integer.toOctalString(m.mode()));
        }
    }

    /** A read-only file system refuses every attribute set, through every view. */
    @Test
    void readOnlyRefusesAttributeSets() throws IOException {
        Path image = dir.resolve("core.gz");
        Files.copy(Path.of(java.util.Objects.requireNonNullElse(System.getProperty("remaster.root"), ".."))
                .resolve("testdata/tinycore/core-sample.gz"), image);
        byte[] before = Files.readAllBytes(image);
        try (FileSystem fs = FileSystems.newFileSystem(image, Map.of("readOnly", true))) {
            Path home = fs.getPath("/home/tc");
            assertThrows(java.nio.file.ReadOnlyFileSystemException.class, () -> Files.setPosixFilePermissions(home,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx")));
            assertThrows(java.nio.file.ReadOnlyFileSystemException.class,
                    () -> Files.setLastModifiedTime(home, java.nio.file.attribute.FileTime.fromMillis(0)));
            assertThrows(java.nio.file.ReadOnlyFileSystemException.class, () -> Files.setOwner(home, () -> "root"));
            assertThrows(java.nio.file.ReadOnlyFileSystemException.class, () -> Files.getFileAttributeView(home,
                    java.nio.file.attribute.PosixFileAttributeView.class).setGroup(() -> "root"));
            assertThrows(java.nio.file.ReadOnlyFileSystemException.class, () -> Files.setAttribute(home, "unix:uid", 5));
        }
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(image)), "the image is unchanged");
    }

    @Test
    void devicesAreOtherNotRegular() throws IOException {
        Path image = dir.resolve("core.gz");
        Files.copy(Path.of(java.util.Objects.requireNonNullElse(System.getProperty("remaster.root"), "..")).resolve("testdata/tinycore/core-sample.gz"), image);
        try (FileSystem fs = FileSystems.newFileSystem(image, Map.of("readOnly", true))) {
            Path console = fs.getPath("/dev/console");
            assertTrue(Files.readAttributes(console, java.nio.file.attribute.BasicFileAttributes.class).isOther());
            assertTrue(!Files.isRegularFile(console));
            assertEquals(ImageAttributes.rdev(5, 1), Files.getAttribute(console, "unix:rdev"));
            assertEquals(0020600, Files.getAttribute(console, "unix:mode"));
            assertEquals(01777, (int) Files.getAttribute(fs.getPath("/dev/shm"), "unix:mode") & 07777);
            assertTrue(Files.isRegularFile(fs.getPath("/etc/hostname")));
            assertTrue(Files.readAttributes(console, java.nio.file.attribute.PosixFileAttributes.class).isOther());
            assertEquals(true, Files.getAttribute(console, "basic:isOther"));
            assertEquals(0L, Files.getAttribute(console, "size"));
        }
    }

    @Test
    void unixSetsAreWrittenToTheImage() throws IOException, InterruptedException {
        Path image = dir.resolve("initrd.img");
        byte[] passwd = "root:x:0:0:root:/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8);
        try (CpioWriter w = CpioWriter.of(Files.newOutputStream(image))) {
            w.write(CpioEntry.directory("etc", 0755));
            w.write(CpioEntry.file("etc/passwd", 0644, passwd.length), passwd);
        }
        try (FileSystem fs = FileSystems.newFileSystem(image)) {
            Path motd = fs.getPath("/etc/passwd");
            Files.setAttribute(motd, "unix:uid", 1000);
            Files.setAttribute(motd, "unix:gid", 50);
            Files.setAttribute(motd, "unix:mode", 04755);
            assertEquals(1000, Files.getAttribute(motd, "unix:uid"));
            assertEquals(0104755, Files.getAttribute(motd, "unix:mode"));
            assertThrows(IllegalArgumentException.class, () -> Files.setAttribute(motd, "unix:mode", 0020755));
        }
        try (EditableImage again = EditableImage.open(image)) {
            EntryMetadata m = again.metadata("/etc/passwd");
            assertEquals(1000, m.uid());
            assertEquals(50, m.gid());
            assertEquals(0104755, m.mode());
        }
        Peers.assumePeer("cpio");
        Process cpio = new ProcessBuilder("cpio", "-tv", "--quiet", "--numeric-uid-gid").redirectInput(image.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String listing = new String(cpio.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, cpio.waitFor());
        String line = listing.lines().filter(l -> l.endsWith(" etc/passwd")).findFirst().orElseThrow(() ->
                new AssertionError("no etc/passwd in\n" + listing));
        assertTrue(line.matches("-rwsr-xr-x +1 1000 +50 .*"), line);
    }
}
