package dev.remaster.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorDirectoryTest {
    @TempDir
    Path temp;

    @Test
    void acceptsOnlyNamesBelowTheDirectory() {
        assertNull(MirrorDirectory.whyNotMirrorable("etc/motd"));
        assertNull(MirrorDirectory.whyNotMirrorable("./etc//motd"));
        assertNull(MirrorDirectory.whyNotMirrorable("..."));
        assertEquals("is absolute", MirrorDirectory.whyNotMirrorable("/etc/motd"));
        assertEquals("has a '..' component", MirrorDirectory.whyNotMirrorable("../x"));
        assertEquals("has a '..' component", MirrorDirectory.whyNotMirrorable("a/../../x"));
        assertEquals("has a '..' component", MirrorDirectory.whyNotMirrorable("a/.."));
        assertEquals("names no file below the directory", MirrorDirectory.whyNotMirrorable("."));
        assertEquals("names no file below the directory", MirrorDirectory.whyNotMirrorable("./"));
    }

    @Test
    void createsParentsAndAnEmptyFile() throws IOException {
        MirrorDirectory mirror = MirrorDirectory.create(temp.resolve("new/dir"));
        MirrorDirectory.Slot slot = mirror.claim("./a//b/c");
        assertEquals(temp.resolve("new/dir/a/b/c"), slot.path());
        assertEquals(0, Files.size(slot.path()));
        write(mirror, slot, "content");
        mirror.setMtime(slot, 1234567890);
        assertEquals("content", Files.readString(slot.path()));
        assertEquals(1234567890_000L, Files.getLastModifiedTime(slot.path()).toMillis());
    }

    @Test
    void movesAnEarlierFileAsideForALaterOneOfTheSameName() throws IOException {
        MirrorDirectory mirror = MirrorDirectory.create(temp);
        MirrorDirectory.Slot first = mirror.claim("x");
        write(mirror, first, "first");
        MirrorDirectory.Slot second = mirror.claim("x");
        write(mirror, second, "second");
        MirrorDirectory.Slot third = mirror.claim("x.~1~"); // a name that happens to be the backup's
        write(mirror, third, "third");
        assertEquals(temp.resolve("x"), second.path());
        assertEquals(temp.resolve("x.~1~"), third.path());
        assertEquals(temp.resolve("x.~1~.~1~"), first.path());
        assertEquals("first", Files.readString(first.path()));
        assertEquals("second", Files.readString(second.path()));
        assertEquals("third", Files.readString(third.path()));
    }

    @Test
    void movesAFileAsideForADirectoryOfTheSameName() throws IOException {
        MirrorDirectory mirror = MirrorDirectory.create(temp);
        MirrorDirectory.Slot file = mirror.claim("a");
        MirrorDirectory.Slot below = mirror.claim("a/b");
        assertEquals(temp.resolve("a.~1~"), file.path());
        assertTrue(Files.isDirectory(temp.resolve("a")));
        assertEquals(temp.resolve("a/b"), below.path());

        IOException e = assertThrows(IOException.class, () -> mirror.claim("a"));
        assertEquals(temp.resolve("a") + ": cannot write 'a' there: an earlier entry needs a directory at that path",
                e.getMessage());
    }

    @Test
    void wantsANewOrEmptyDirectory() throws IOException {
        Files.writeString(temp.resolve("someone's file"), "x");
        assertEquals(temp + ": not empty; give an empty or new directory for the files",
                assertThrows(IOException.class, () -> MirrorDirectory.create(temp)).getMessage());
        Path link = Files.createSymbolicLink(temp.resolve("link"), Files.createDirectory(temp.resolve("real")));
        assertEquals(link + ": not a directory (or a symbolic link)",
                assertThrows(IOException.class, () -> MirrorDirectory.create(link)).getMessage());
    }

    private static void write(MirrorDirectory mirror, MirrorDirectory.Slot slot, String text) throws IOException {
        try (OutputStream out = mirror.overwrite(slot)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
