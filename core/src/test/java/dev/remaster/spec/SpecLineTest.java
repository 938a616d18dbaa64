package dev.remaster.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.remaster.cpio.EntryType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecLineTest {
    private static final List<SpecLine> LINES = List.of(
            new SpecLine.RegularFile(0, "/bin/busybox", "files/bin/busybox", 04755, 0, 0, List.of("/bin/sh", "/init")),
            new SpecLine.RegularFile(0, "/etc/motd", "/abs/motd", 0644, 1000, 100),
            new SpecLine.Directory(0, "/dev", 01777, 0, 0),
            new SpecLine.DeviceNode(0, "/dev/console", 0600, 0, 5, EntryType.CHAR_DEVICE, 5, 1),
            new SpecLine.DeviceNode(0, "/dev/sda", 0660, 0, 6, EntryType.BLOCK_DEVICE, 8, 4294967295L),
            new SpecLine.Symlink(0, "/lib64", "lib", 0777, 0, 0),
            new SpecLine.Pipe(0, "/run/p", 0620, 1, 2),
            new SpecLine.Socket(0, "/run/s", 0755, 3, 4));

    @Test
    void writesLinesAsGenInitCpioReadsThem() {
        assertEquals(List.of(
                "file /bin/busybox files/bin/busybox 4755 0 0 /bin/sh /init",
                "file /etc/motd /abs/motd 0644 1000 100",
                "dir /dev 1777 0 0",
                "nod /dev/console 0600 0 5 c 5 1",
                "nod /dev/sda 0660 0 6 b 8 4294967295",
                "slink /lib64 lib 0777 0 0",
                "pipe /run/p 0620 1 2",
                "sock /run/s 0755 3 4"), LINES.stream().map(SpecLine::toText).toList());
    }

    @Test
    void parsesBackToTheSameValues() throws SpecFormatException {
        StringBuilder text = new StringBuilder();
        for (SpecLine line : LINES) {
            text.append(line.toText()).append('\n');
        }
        List<SpecLine> parsed = SpecParser.withEnvironment(Map.of()).parse(text.toString(), null, Path.of("/")).lines();
        for (int i = 0; i < LINES.size(); i++) {
            assertEquals(LINES.get(i).toText(), parsed.get(i).toText());
            assertEquals(i + 1, parsed.get(i).lineNumber());
        }
    }

    @Test
    void refusesValuesNoLineCanHold() {
        assertEquals("name '/a b' contains a space, which gen_init_cpio reads as a field separator",
                assertThrows(IllegalArgumentException.class, () -> new SpecLine.Directory(0, "/a b", 0755, 0, 0)).getMessage());
        assertEquals("link target 'x\\ty' contains a tab, which gen_init_cpio reads as a field separator",
                assertThrows(IllegalArgumentException.class, () -> new SpecLine.Symlink(0, "/a", "x\ty", 0777, 0, 0)).getMessage());
        assertEquals("name '' is empty",
                assertThrows(IllegalArgumentException.class, () -> new SpecLine.Pipe(0, "", 0644, 0, 0)).getMessage());
        assertEquals("permissions (010755) may hold only the bits of 07777",
                assertThrows(IllegalArgumentException.class, () -> new SpecLine.Socket(0, "/s", 010755, 0, 0)).getMessage());
        assertEquals("uid (-1) must be in 0..4294967295",
                assertThrows(IllegalArgumentException.class, () -> new SpecLine.Directory(0, "/d", 0755, -1, 0)).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SpecLine.DeviceNode(0, "/d", 0600, 0, 0, EntryType.FIFO, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new SpecLine.RegularFile(0, "/f", "x", 0644, 0, 0, List.of("/g h")));
    }

    @Test
    void refusesToWriteALocationThatWouldNotReadBack() {
        assertEquals("location 'my files/a' of '/a' contains a space, which gen_init_cpio reads as a field separator",
                assertThrows(IllegalStateException.class,
                        () -> new SpecLine.RegularFile(0, "/a", "my files/a", 0644, 0, 0).toText()).getMessage());
        assertEquals("location '${HOME}/a' of '/a' holds ${...}, which gen_init_cpio would replace by a variable's value",
                assertThrows(IllegalStateException.class,
                        () -> new SpecLine.RegularFile(0, "/a", "${HOME}/a", 0644, 0, 0).toText()).getMessage());
        assertEquals("file /a ${HOME/a 0644 0 0", new SpecLine.RegularFile(0, "/a", "${HOME/a", 0644, 0, 0).toText());
    }
}
