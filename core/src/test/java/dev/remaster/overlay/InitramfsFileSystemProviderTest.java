package dev.remaster.overlay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.ProviderNotFoundException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
            Files.writeString(fs.getPath("/etc/motd"), "discarded\n");
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
    }
}
