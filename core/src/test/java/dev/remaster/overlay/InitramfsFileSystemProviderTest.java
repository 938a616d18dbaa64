package dev.remaster.overlay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.remaster.testing.Peers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.NoSuchFileException;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.zip.GZIPOutputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.ProviderNotFoundException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitramfsFileSystemProviderTest {
    @TempDir
    Path dir;

    @Test
    void fileSystemsOpensAnImageAndWritesEditsBackOnClose() throws IOException {
        Path image = dir.resolve("initrd.img");
        Files.write(image, EditableImageTest.sampleImage());
        try (FileSystem fs = FileSystems.newFileSystem(image)) {
            assertEquals("busybox", Files.readSymbolicLink(fs.getPath("/bin/sh")).toString());
            Files.writeString(fs.getPath("/etc/motd"), "written through FileSystems\n");
        }
        try (EditableImage again = EditableImage.open(image)) {
            assertEquals("written through FileSystems\n", Files.readString(again.fileSystem().getPath("/etc/motd")));
        }
    }

    @Test
    void readOnlyDiscardsEditsAndAnUneditedImageIsNotRewritten() throws IOException {
        Path image = dir.resolve("initrd.img");
        byte[] original = EditableImageTest.sampleImage();
        Files.write(image, original);
        // An identical rewrite would keep the bytes: the file's identity (inode) and mtime tell.
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(image, old);
        Object fileKey = Files.readAttributes(image, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        try (FileSystem fs = FileSystems.newFileSystem(image, Map.of("readOnly", "true"))) {
            assertTrue(fs.isReadOnly());
            assertTrue(Files.exists(fs.getPath("/etc/passwd")));
            assertThrows(ReadOnlyFileSystemException.class, () -> Files.writeString(fs.getPath("/etc/motd"), "refused\n"));
            assertThrows(ReadOnlyFileSystemException.class, () -> Files.delete(fs.getPath("/etc/passwd")));
            assertThrows(ReadOnlyFileSystemException.class, () -> Files.createDirectory(fs.getPath("/new")));
            assertThrows(ReadOnlyFileSystemException.class,
                    () -> Files.setAttribute(fs.getPath("/etc/passwd"), "lastModifiedTime", old));
            assertThrows(ReadOnlyFileSystemException.class,
                    () -> Files.move(fs.getPath("/etc/passwd"), fs.getPath("/etc/passwd2")));
        }
        assertArrayEquals(original, Files.readAllBytes(image));
        assertUntouched(image, old, fileKey);
        try (FileSystem fs = FileSystems.newFileSystem(image)) {
            Files.readString(fs.getPath("/etc/passwd"));
        }
        assertArrayEquals(original, Files.readAllBytes(image));
        assertUntouched(image, old, fileKey);
    }

    private static void assertUntouched(Path image, java.nio.file.attribute.FileTime mtime, Object fileKey)
            throws IOException {
        var attributes = Files.readAttributes(image, java.nio.file.attribute.BasicFileAttributes.class);
        assertEquals(mtime, attributes.lastModifiedTime(), "the image was not written");
        assertEquals(fileKey, attributes.fileKey(), "the image was not replaced");
    }

    @Test
    void otherFilesAreLeftToOtherProviders() throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not an image");
        assertThrows(ProviderNotFoundException.class, () -> FileSystems.newFileSystem(text));
        Path gzText = dir.resolve("notes.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzText))) {
            out.write("plain text, gzipped\n".repeat(100).getBytes(StandardCharsets.US_ASCII));
        }
        assertThrows(ProviderNotFoundException.class, () -> FileSystems.newFileSystem(gzText));
        assertFalse(InitramfsFileSystemProvider.isInitramfs(gzText));
        Path broken = dir.resolve("broken.gz");
        Files.write(broken, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2});
        assertFalse(InitramfsFileSystemProvider.isInitramfs(broken));
        assertTrue(InitramfsFileSystemProvider.isInitramfs(Files.write(dir.resolve("i.img"), EditableImageTest.sampleImage())));
    }

    @Test
    void aTarGzIsLeftToOtherProviders() throws IOException, InterruptedException {
        Peers.assumePeer("tar");
        Files.writeString(dir.resolve("a.txt"), "in a tarball\n");
        Path tgz = dir.resolve("x.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", tgz.toString(), "-C", dir.toString(), "a.txt")
                .redirectErrorStream(true).start();
        assertEquals(0, tar.waitFor());
        assertTrue(Files.size(tgz) > 0);
        assertFalse(InitramfsFileSystemProvider.isInitramfs(tgz));
        assertThrows(ProviderNotFoundException.class, () -> FileSystems.newFileSystem(tgz));
    }

    @Test
    void opensByUriLikeZipfs() throws IOException {
        Path image = dir.resolve("core.gz");
        Files.write(image, EditableImageTest.sampleImage());
        URI uri = URI.create("initramfs:" + image.toUri());
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
            assertSame(fs, FileSystems.getFileSystem(uri));
            assertThrows(FileSystemAlreadyExistsException.class, () -> FileSystems.newFileSystem(uri, Map.of()));
            Path motd = Path.of(URI.create(uri + "!/etc/motd"));
            assertSame(fs, motd.getFileSystem());
            assertEquals("/etc/motd", motd.toString());
            Files.writeString(motd, "by URI\n");
            assertEquals(motd, Path.of(motd.toUri()));
        }
        assertThrows(FileSystemNotFoundException.class, () -> FileSystems.getFileSystem(uri));
        try (EditableImage again = EditableImage.open(image)) {
            assertEquals("by URI\n", Files.readString(again.fileSystem().getPath("/etc/motd")));
        }
    }

    @Test
    void createMakesAnEmptyImageWithTheAskedCompression() throws IOException {
        Path image = dir.resolve("new.xz");
        URI uri = URI.create("initramfs:" + image.toUri());
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of("create", "true", "compression", "xz", "level", "3"))) {
            Files.createDirectory(fs.getPath("/etc"));
            Files.writeString(fs.getPath("/etc/hostname"), "fresh\n");
        }
        byte[] head = Files.readAllBytes(image);
        assertEquals(dev.remaster.compress.Compression.XZ, dev.remaster.compress.Compression.detect(head, 0, head.length));
        try (FileSystem fs = FileSystems.newFileSystem(image)) {
            assertEquals("fresh\n", Files.readString(fs.getPath("/etc/hostname")));
        }
        assertThrows(NoSuchFileException.class, () -> FileSystems.newFileSystem(dir.resolve("missing.gz"), Map.of()));
    }

    @Test
    void compressionAndLevelRecompressOnWriteBack() throws IOException {
        Path image = dir.resolve("initrd.img.gz");
        try (dev.remaster.cpio.CpioWriter w = dev.remaster.cpio.CpioWriter.of(
                new GZIPOutputStream(Files.newOutputStream(image)))) {
            w.write(dev.remaster.cpio.CpioEntry.directory("etc", 0755));
        }
        try (FileSystem fs = FileSystems.newFileSystem(image, Map.of("compression", "zstd", "level", 5))) {
            Files.writeString(fs.getPath("/etc/motd"), "now zstd\n");
        }
        byte[] head = Files.readAllBytes(image);
        assertEquals(dev.remaster.compress.Compression.ZSTD, dev.remaster.compress.Compression.detect(head, 0, head.length));
        assertThrows(IllegalArgumentException.class,
                () -> FileSystems.newFileSystem(image, Map.of("readOnly", "maybe")));
    }
}
