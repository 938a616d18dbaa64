package dev.remaster.tinycore;

import dev.remaster.overlay.EditableImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootScriptTest {
    @TempDir
    Path dir;

    @Test
    void appendAddsALineOnceAndKeepsModeAndOwner() throws IOException {
        Path out = SampleImages.editedTwice(dir, image -> BootScript.bootLocal(image).append("/usr/local/etc/init.d/openssh start"));
        Map<String, SampleImages.Item> t = SampleImages.tree(out);
        assertEquals("#!/bin/sh\n# put other system startup commands here\n/usr/local/etc/init.d/openssh start\n",
                t.get(BootScript.BOOTLOCAL).text());
        assertEquals("REGULAR 0775 0:50", t.get(BootScript.BOOTLOCAL).summary());
        List<String> changed = SampleImages.diff(SampleImages.tree(SampleImages.committed()), t);
        assertEquals(List.of("-/opt/bootlocal.sh REGULAR 0775 0:50", "+/opt/bootlocal.sh REGULAR 0775 0:50"), changed);
    }

    @Test
    void putReplacesTheTaggedLineInPlace() throws IOException {
        Path first = SampleImages.editedTwice(dir, image -> {
            BootScript sync = BootScript.bootSync(image);
            sync.put("console", "/sbin/getty -L 9600 ttyS0 vt100 &");
        });
        Path second = SampleImages.edited(first, dir.resolve("second.gz"), image -> {
            BootScript sync = BootScript.bootSync(image);
            assertTrue(sync.put("console", "/sbin/getty -L 115200 ttyS0 vt100 &"));
            assertFalse(sync.put("console", "/sbin/getty -L 115200 ttyS0 vt100 &"));
            assertTrue(sync.append("echo done"));
        });
        assertEquals("#!/bin/sh\n# put other system startup commands here, the boot process will wait until they complete.\n"
                + "/usr/bin/sethostname box\n/opt/bootlocal.sh &\n"
                + "/sbin/getty -L 115200 ttyS0 vt100 & # remaster:console\necho done\n",
                SampleImages.tree(second).get(BootScript.BOOTSYNC).text());
    }

    @Test
    void duplicateTaggedLinesCollapseIntoOne() throws IOException {
        try (EditableImage image = EditableImage.open(SampleImages.copy(dir))) {
            Files.writeString(image.fileSystem().getPath(BootScript.BOOTLOCAL),
                    "#!/bin/sh\na # remaster:x\nb\nc # remaster:x\nd # remaster:xy\n");
            BootScript local = BootScript.bootLocal(image);
            assertTrue(local.put("x", "z"));
            assertEquals(List.of("#!/bin/sh", "z # remaster:x", "b", "d # remaster:xy"), local.lines());
            assertTrue(local.remove("xy"));
            assertFalse(local.remove("xy"));
            assertTrue(local.removeCommand("b"));
            assertEquals(List.of("#!/bin/sh", "z # remaster:x"), local.lines());
        }
    }

    @Test
    void aMissingScriptIsCreatedAsTinyCoreShipsIt() throws IOException {
        Path gone = SampleImages.edited(SampleImages.copy(dir), dir.resolve("gone.gz"),
                image -> Files.delete(image.fileSystem().getPath(BootScript.BOOTSYNC)));
        Path out = SampleImages.edited(gone, dir.resolve("out.gz"), image -> BootScript.bootSync(image).append("/opt/bootlocal.sh &"));
        SampleImages.Item sync = SampleImages.tree(out).get(BootScript.BOOTSYNC);
        assertEquals("REGULAR 0775 0:50", sync.summary());
        assertEquals("#!/bin/sh\n# put other system startup commands here, the boot process will wait until they complete.\n"
                + "/opt/bootlocal.sh &\n", sync.text());
    }

    @Test
    void removingWhatIsNotThereChangesNothing() throws IOException {
        try (EditableImage image = EditableImage.open(SampleImages.copy(dir))) {
            assertFalse(BootScript.bootLocal(image).remove("nothing"));
            assertFalse(BootScript.bootLocal(image).removeCommand("nothing"));
            assertFalse(image.isModified());
        }
    }

    @Test
    void commandsAreOneLineAndIdsAreWords() throws IOException {
        try (EditableImage image = EditableImage.open(SampleImages.copy(dir))) {
            BootScript local = BootScript.bootLocal(image);
            assertThrows(IllegalArgumentException.class, () -> local.append("a\nb"));
            assertThrows(IllegalArgumentException.class, () -> local.append("  "));
            assertThrows(IllegalArgumentException.class, () -> local.put("a b", "x"));
            assertFalse(image.isModified());
        }
    }

    @Test
    void nonAsciiCommandsRoundTrip() throws IOException {
        Path out = SampleImages.editedTwice(dir, image -> BootScript.bootLocal(image).append("echo 'grüße' > /tmp/motd"));
        assertTrue(SampleImages.tree(out).get(BootScript.BOOTLOCAL).text().endsWith("echo 'grüße' > /tmp/motd\n"));
        try (EditableImage image = EditableImage.open(out)) {
            assertEquals("echo 'grüße' > /tmp/motd", BootScript.bootLocal(image).lines().get(2));
        }
    }
}
