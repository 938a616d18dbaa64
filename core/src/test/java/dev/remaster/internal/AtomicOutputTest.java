package dev.remaster.internal;

import dev.remaster.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicOutputTest {
    @TempDir
    Path dir;

    private static void write(Path target, String text) throws IOException {
        try (AtomicOutput out = AtomicOutput.create(target)) {
            out.stream().write(text.getBytes(StandardCharsets.UTF_8));
            out.commit();
        }
    }

    private long litter() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    @Test
    void aSymlinkIsWrittenThroughToItsTarget() throws IOException {
        Path real = dir.resolve("initrd.img-6.1");
        Files.writeString(real, "old");
        Path link = dir.resolve("initrd.img");
        Files.createSymbolicLink(link, real.getFileName());
        write(link, "new");
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertEquals("new", Files.readString(real));
        // A dangling link: the file it names is created.
        Path dangling = dir.resolve("dangling");
        Files.createSymbolicLink(dangling, Path.of("made-by-write"));
        write(dangling, "x");
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("x", Files.readString(dir.resolve("made-by-write")));
        assertEquals(0, litter());
    }

    @Test
    void aDeviceFifoOrDirectoryIsNeverReplaced() throws Exception {
        FileSystemException dev = assertThrows(FileSystemException.class, () -> AtomicOutput.create(Path.of("/dev/null")));
        assertTrue(dev.getMessage().contains("/dev/null") && dev.getMessage().contains("not a regular file"), dev.getMessage());
        assertTrue(Files.exists(Path.of("/dev/null")));
        Peers.assumePeer("mkfifo");
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertThrows(FileSystemException.class, () -> AtomicOutput.create(fifo));
        Path sub = Files.createDirectory(dir.resolve("sub"));
        FileSystemException d = assertThrows(FileSystemException.class, () -> AtomicOutput.create(sub));
        assertTrue(d.getMessage().contains("is a directory"), d.getMessage());
        assertEquals(0, litter());
    }

    @Test
    void aNewFileGetsTheUmasksModeAndAReplacedOneKeepsItsOwn() throws Exception {
        Path fresh = dir.resolve("fresh");
        write(fresh, "a");
        // The umask as the shell reports it (inherited from this process), not read as the code reads it.
        Process sh = new ProcessBuilder("sh", "-c", "umask").start();
        int umask = Integer.parseInt(new String(sh.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim(), 8);
        String expected = PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh));
        StringBuilder want = new StringBuilder();
        int mode = 0666 & ~umask;
        for (int bit = 8; bit >= 0; bit--) {
            want.append((mode & (1 << bit)) != 0 ? "rwx".charAt((8 - bit) % 3) : '-');
        }
        assertEquals(want.toString(), expected);
        Path kept = dir.resolve("kept");
        Files.writeString(kept, "old");
        Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-------"));
        write(kept, "new");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
        assertEquals("new", Files.readString(kept));
    }

    @Test
    void closingWithoutCommitLeavesTheTargetAndNoLitter() throws IOException {
        Path target = dir.resolve("t");
        Files.writeString(target, "old");
        try (AtomicOutput out = AtomicOutput.create(target)) {
            out.stream().write(1);
        }
        assertEquals("old", Files.readString(target));
        assertEquals(0, litter());
        assertFalse(Files.exists(dir.resolve("t.tmp")));
    }
}
