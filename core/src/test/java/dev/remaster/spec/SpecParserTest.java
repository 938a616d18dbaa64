package dev.remaster.spec;

import dev.remaster.io.FormatException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.remaster.cpio.EntryType;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecParserTest {
    private static final Path BASE = Path.of("/base");
    private final SpecParser parser = SpecParser.withEnvironment(Map.of("SRC", "/src", "EMPTY", "", "LOOP", "${SRC}"));

    private List<SpecLine> parse(String text) throws SpecFormatException {
        return parser.parse(text, "test.list", BASE).lines();
    }

    @Test
    void readsEveryKindOfLineWithItsLineNumber() throws IOException {
        String text = String.join("\n",
                "# A simple initramfs",
                "",
                "dir /dev 0755 0 0",
                "nod /dev/console 0600 0 5 c 5 1",
                "nod /dev/sda 0660 0 6 b 8 0",
                "   ",
                "file /sbin/kinit kinit 04755 1000 100",
                "slink /init sbin/kinit 0777 0 0",
                "pipe /run/fifo 0620 2 3",
                "sock /run/sock 0700 4294967295 0",
                "\t# an indented comment",
                "dir\t/tabs\t  0700 7\t8");
        List<SpecLine> lines = parser.parse(new StringReader(text), "test.list", BASE).lines();
        assertEquals(List.of(
                new SpecLine.Directory(3, "/dev", 0755, 0, 0),
                new SpecLine.DeviceNode(4, "/dev/console", 0600, 0, 5, EntryType.CHAR_DEVICE, 5, 1),
                new SpecLine.DeviceNode(5, "/dev/sda", 0660, 0, 6, EntryType.BLOCK_DEVICE, 8, 0),
                new SpecLine.RegularFile(7, "/sbin/kinit", "kinit", 04755, 1000, 100),
                new SpecLine.Symlink(8, "/init", "sbin/kinit", 0777, 0, 0),
                new SpecLine.Pipe(9, "/run/fifo", 0620, 2, 3),
                new SpecLine.Socket(10, "/run/sock", 0700, 4294967295L, 0),
                new SpecLine.Directory(12, "/tabs", 0700, 7, 8)), lines);
    }

    @Test
    void readsHardLinksAsFurtherNamesOfAFile() throws IOException {
        SpecLine.RegularFile line = (SpecLine.RegularFile) parse("file /bin/busybox bb 0755 0 0 /bin/sh /sbin/init").get(0);
        assertEquals(List.of("/bin/sh", "/sbin/init"), line.links());
        assertEquals(List.of("/bin/busybox", "/bin/sh", "/sbin/init"), line.names());
    }

    @Test
    void acceptsCarriageReturnsAndAMissingFinalNewline() throws IOException {
        List<SpecLine> lines = parse("dir /a 0755 0 0\r\ndir /b 0700 1 1\r\n");
        assertEquals(List.of(new SpecLine.Directory(1, "/a", 0755, 0, 0), new SpecLine.Directory(2, "/b", 0700, 1, 1)),
                lines);
        assertEquals(1, parse("dir /a 0755 0 0").size());
    }

    @Test
    void acceptsTypeBitsInAModeWhenTheyAreTheLinesOwn() throws IOException {
        assertEquals(0644, parse("file /a a 0100644 0 0").get(0).permissions());
        assertEquals(0600, parse("nod /c 020600 0 0 c 1 3").get(0).permissions());
    }

    @Test
    void expandsVariablesInLocationsOnly() throws IOException {
        assertEquals("/src/kinit", location("file /a ${SRC}/kinit 0644 0 0"));
        assertEquals("/kinit", location("file /a ${UNSET}/kinit 0644 0 0"));
        assertEquals("x/kinit", location("file /a x${EMPTY}/kinit 0644 0 0"));
        assertEquals("$SRC/kinit", location("file /a $SRC/kinit 0644 0 0"));
        assertEquals("${SRC/kinit", location("file /a ${SRC/kinit 0644 0 0"));
        assertEquals("/src/src/src", location("file /a ${SRC}${SRC}/${UNSET}src 0644 0 0"));
        // Values are inserted as they are (gen_init_cpio would expand this one again).
        assertEquals("${SRC}/a", location("file /a ${LOOP}/a 0644 0 0"));
        assertEquals("/${SRC}", parse("slink /${SRC} /${SRC} 0777 0 0").get(0).name());
        assertEquals("/${SRC}", ((SpecLine.Symlink) parse("slink /a /${SRC} 0777 0 0").get(0)).target());
    }

    private String location(String line) throws SpecFormatException {
        return ((SpecLine.RegularFile) parse(line).get(0)).location();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        frobnicate /a 0755 0 0           | test.list:2:1: unknown keyword 'frobnicate' (expected file, dir, nod, slink, pipe, sock or a # comment)
        dir                              | test.list:2:4: dir: <name>: missing; expected 'dir <name> <mode> <uid> <gid>'
        dir /a 0755 0                    | test.list:2:14: dir: <gid>: missing; expected 'dir <name> <mode> <uid> <gid>'
        dir /a 0755 0 0 extra            | test.list:2:17: dir: unexpected field 'extra' after <gid>; expected 'dir <name> <mode> <uid> <gid>'
        dir /a 0758 0 0                  | test.list:2:8: dir: <mode>: '0758' is not an octal number
        dir /a -755 0 0                  | test.list:2:8: dir: <mode>: '-755' is not an octal number
        dir /a 0100755 0 0               | test.list:2:8: dir: <mode>: '0100755' has type bits that are not those of a 'dir' line
        dir /a 1234567 0 0               | test.list:2:8: dir: <mode>: '1234567' is larger than 0177777
        dir /a 0755 root 0               | test.list:2:13: dir: <uid>: 'root' is not a decimal number
        dir /a 0755 0 -1                 | test.list:2:15: dir: <gid>: '-1' is not a decimal number
        dir /a 0755 4294967296 0         | test.list:2:13: dir: <uid>: '4294967296' is larger than 4294967295
        dir / 0755 0 0                   | test.list:2:5: dir: <name>: '/' would become an empty name once its leading '/' is removed; write '.' for the root directory
        nod /dev/x 0600 0 0 x 1 3        | test.list:2:21: nod: <dev type>: 'x' is neither b (block) nor c (character)
        nod /dev/x 0600 0 0 bc 1 3       | test.list:2:21: nod: <dev type>: 'bc' is neither b (block) nor c (character)
        nod /dev/x 0600 0 0 c x 3        | test.list:2:23: nod: <maj>: 'x' is not a decimal number
        nod /dev/x 0600 0 0 c 1 3x       | test.list:2:25: nod: <min>: '3x' is not a decimal number
        nod /dev/x 0600 0 0 c 1          | test.list:2:24: nod: <min>: missing; expected 'nod <name> <mode> <uid> <gid> <dev type> <maj> <min>'
        nod /dev/x 060600 0 0 c 1 3      | test.list:2:12: nod: <mode>: '060600' has type bits that are not those of a character device
        file /a                          | test.list:2:8: file: <location>: missing; expected 'file <name> <location> <mode> <uid> <gid> [<hard links>...]'
        file /a a 0644 0                 | test.list:2:17: file: <gid>: missing; expected 'file <name> <location> <mode> <uid> <gid> [<hard links>...]'
        file /a ${EMPTY} 0644 0 0        | test.list:2:9: file: <location>: '${EMPTY}' expands to an empty path
        file /a a 0644 0 0 /b /          | test.list:2:23: file: <hard links>: '/' would become an empty name once its leading '/' is removed; write '.' for the root directory
        slink /a 0777 0 0                | test.list:2:18: slink: <gid>: missing; expected 'slink <name> <target> <mode> <uid> <gid>'
        pipe /a 0644 0 0 0               | test.list:2:18: pipe: unexpected field '0' after <gid>; expected 'pipe <name> <mode> <uid> <gid>'
        sock /a 0o644 0 0                | test.list:2:9: sock: <mode>: '0o644' is not an octal number
        """)
    void reportsTheLineColumnAndFieldOfEveryMistake(String line, String message) {
        SpecFormatException e = assertThrows(SpecFormatException.class,
                () -> parse("dir /ok 0755 0 0\n" + line.strip() + "\ndir /never 0755 0 0"));
        assertEquals(message, e.getMessage());
        assertEquals(2, e.line());
        assertEquals("test.list", e.source());
    }

    @Test
    void errorsCarryTheirPartsAndAreFormatExceptions() {
        SpecFormatException e = assertThrows(SpecFormatException.class, () -> parse("\n\nnod /dev/x 0600 0 0 c x 3"));
        assertEquals(3, e.line());
        assertEquals(23, e.column());
        assertEquals("nod", e.keyword());
        assertEquals("<maj>", e.field());
        assertEquals("/dev/x", e.entryName());
        assertEquals("'x' is not a decimal number", e.detail());
        assertEquals(-1, e.offset());
        assertEquals(FormatException.class, e.getClass().getSuperclass());
    }

    @Test
    void parsesAFileAgainstItsDirectory(@TempDir Path dir) throws IOException {
        Path list = dir.resolve("initramfs.list");
        Files.writeString(list, "file /a data/a 0644 0 0\n");
        InitramfsSpec spec = parser.parse(list);
        assertEquals(dir.toAbsolutePath(), spec.baseDirectory());
        assertEquals(list.toString(), spec.sourceName());
        assertEquals(dir.toAbsolutePath().resolve("data/a"), spec.resolve((SpecLine.RegularFile) spec.lines().get(0)));
        InitramfsSpec elsewhere = parser.parse(list, Path.of("/elsewhere"));
        assertEquals(Path.of("/elsewhere/data/a"), elsewhere.resolve((SpecLine.RegularFile) elsewhere.lines().get(0)));
    }

    @Test
    void reportsBytesThatAreNotUtf8WithTheirLine(@TempDir Path dir) throws IOException {
        Path list = dir.resolve("bad.list");
        byte[] good = "dir /a 0755 0 0\ndir /".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[good.length + 1];
        System.arraycopy(good, 0, bytes, 0, good.length);
        bytes[good.length] = (byte) 0xFF;
        Files.write(list, bytes);
        SpecFormatException e = assertThrows(SpecFormatException.class, () -> parser.parse(list));
        assertEquals(list + ":2:6: byte 0xFF is not valid UTF-8", e.getMessage());
    }

    @Test
    void readsNonAsciiNames() throws IOException {
        assertEquals("/usr/share/café", parse("dir /usr/share/café 0755 0 0").get(0).name());
    }
}
