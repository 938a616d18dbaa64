package dev.remaster.spec;

import dev.remaster.io.FormatException;
import dev.remaster.testing.Peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioReader;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.EntryType;
import dev.remaster.cpio.WriteOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecWriterTest {
    private static final byte[] BUSYBOX = "#!/bin/sh\necho busybox\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path temp;

    /** An archive with every kind of entry, a hard link group spread over directories, and a name given twice. */
    private static byte[] sample() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out)) {
            w.write(CpioEntry.directory(".", 0755));
            w.write(CpioEntry.directory("bin", 0755));
            CpioEntry busybox = CpioEntry.file("bin/busybox", 0755, 0).toBuilder().inode(100).nlink(3).mtime(1500000000).build();
            w.write(busybox);
            w.write(busybox.toBuilder().name("bin/sh").build());
            w.write(CpioEntry.directory("dev", 0755));
            w.write(CpioEntry.charDevice("dev/console", 0600, 5, 1).toBuilder().gid(5).build());
            w.write(CpioEntry.blockDevice("dev/sda", 0660, 8, 0).toBuilder().gid(6).build());
            w.write(CpioEntry.directory("etc", 0755));
            file(w, CpioEntry.file("etc/motd", 0644, 0).toBuilder().uid(1000).gid(100).mtime(1600000000).build(), "old motd\n");
            file(w, CpioEntry.file("etc/empty", 0600, 0), "");
            file(w, CpioEntry.file("etc/suid", 04755, 0).toBuilder().mtime(1).build(), "setuid\n");
            w.write(CpioEntry.symlink("lib64", "lib"));
            // gen_init_cpio's style: the target's NUL stored with it
            w.write(CpioEntry.symlink("linuxrc", "x").toBuilder().linkTarget("bin/busybox\0").build());
            w.write(CpioEntry.fifo("run/fifo", 0620).toBuilder().uid(1).gid(2).build());
            w.write(CpioEntry.socket("run/sock", 0755));
            w.write(CpioEntry.directory("sbin", 0700));
            w.write(busybox.toBuilder().name("sbin/init").size(BUSYBOX.length).build(), BUSYBOX);
            file(w, CpioEntry.file("etc/motd", 0640, 0).toBuilder().mtime(1700000000).build(), "new motd\n");
            w.write(CpioEntry.directory("/abs", 0755));
        }
        return out.toByteArray();
    }

    private static void file(CpioWriter w, CpioEntry e, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        w.write(e.toBuilder().size(data.length).build(), data);
    }

    private String writeSpec(byte[] archive, SpecWriter writer) throws IOException {
        StringWriter text = new StringWriter();
        try (CpioReader reader = CpioReader.of(new ByteArrayInputStream(archive))) {
            writer.write(reader, text);
        }
        return text.toString();
    }

    private byte[] rebuild(String spec, Path base) throws IOException {
        InitramfsSpec parsed = SpecParser.withEnvironment(Map.of()).parse(spec, "round-trip.list", base);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out, WriteOptions.defaults())) {
            SpecArchiver.of(SpecArchiveOptions.defaults()).write(parsed, w);
        }
        return out.toByteArray();
    }

    @Test
    void listsAnArchiveSoThatItCanBeBuiltAgain() throws IOException {
        byte[] original = sample();
        Path files = temp.resolve("files");
        String spec = writeSpec(original, SpecWriter.into(files).withLocationsRelativeTo(temp));
        assertEquals(String.join("\n",
                "# gen_init_cpio file list written by remaster",
                "dir /. 0755 0 0",
                "dir /bin 0755 0 0",
                "dir /dev 0755 0 0",
                "nod /dev/console 0600 0 5 c 5 1",
                "nod /dev/sda 0660 0 6 b 8 0",
                "dir /etc 0755 0 0",
                "file /etc/motd files/etc/motd.~1~ 0644 1000 100",
                "file /etc/empty files/etc/empty 0600 0 0",
                "file /etc/suid files/etc/suid 4755 0 0",
                "slink /lib64 lib 0777 0 0",
                "slink /linuxrc bin/busybox 0777 0 0",
                "pipe /run/fifo 0620 1 2",
                "sock /run/sock 0755 0 0",
                "dir /sbin 0700 0 0",
                "file /bin/busybox files/bin/busybox 0755 0 0 /bin/sh /sbin/init",
                "file /etc/motd files/etc/motd 0640 0 0",
                "dir //abs 0755 0 0",
                ""), spec);
        assertEquals("new motd\n", Files.readString(files.resolve("etc/motd")));
        assertEquals("old motd\n", Files.readString(files.resolve("etc/motd.~1~")));
        assertArrayEquals(BUSYBOX, Files.readAllBytes(files.resolve("bin/busybox")));
        assertEquals(1600000000_000L, Files.getLastModifiedTime(files.resolve("etc/motd.~1~")).toMillis());

        assertSameEntries(ArchiveItems.read(original), ArchiveItems.read(rebuild(spec, temp)));
    }

    @Test
    void listsAbsoluteLocationsByDefault() throws IOException {
        byte[] original = sample();
        Path files = temp.resolve("files");
        String spec = writeSpec(original, SpecWriter.into(files));
        assertTrue(spec.contains("file /etc/empty " + files.toAbsolutePath().resolve("etc/empty") + " 0600 0 0\n"), spec);
        assertSameEntries(ArchiveItems.read(original), ArchiveItems.read(rebuild(spec, Path.of("/nowhere"))));
    }

    @Test
    void keepsHardLinkKeysApartAcrossArchives() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CpioEntry linked = CpioEntry.file("a", 0644, 2).toBuilder().inode(7).nlink(2).build();
        try (CpioWriter w = CpioWriter.of(out, WriteOptions.defaults().withBlockSize(0))) {
            w.write(linked, "a\n".getBytes(StandardCharsets.US_ASCII));
            w.write(CpioEntry.trailer());
            w.write(linked.toBuilder().name("b").build(), "b\n".getBytes(StandardCharsets.US_ASCII));
        }
        String spec = writeSpec(out.toByteArray(), SpecWriter.into(temp.resolve("f")).withLocationsRelativeTo(temp));
        assertEquals("# gen_init_cpio file list written by remaster\n"
                + "file /a f/a 0644 0 0\nfile /b f/b 0644 0 0\n", spec);
    }

    @Test
    void groupsOnlyWhatTheKernelLinks() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out, WriteOptions.defaults().withBlockSize(0))) {
            w.write(CpioEntry.file("a", 0644, 2).toBuilder().inode(7).nlink(2).build(), "a\n".getBytes(StandardCharsets.US_ASCII));
            w.write(CpioEntry.symlink("s", "a").toBuilder().inode(7).nlink(2).build());
        }
        String spec = writeSpec(out.toByteArray(), SpecWriter.into(temp.resolve("g")).withLocationsRelativeTo(temp));
        assertEquals("# gen_init_cpio file list written by remaster\n"
                + "file /a g/a 0644 0 0\nslink /s a 0777 0 0\n", spec);
    }

    /** GNU cpio's own archive of a tree, with a hard link pair: listed, built again, the same entries. */
    @Test
    void listsAnArchiveMadeByGnuCpio() throws IOException, InterruptedException {
        Peers.assumePeer("cpio");
        Path tree = Files.createDirectories(temp.resolve("tree"));
        Files.createDirectories(tree.resolve("etc"));
        Files.createDirectories(tree.resolve("usr/bin"));
        Files.write(tree.resolve("usr/bin/tool"), BUSYBOX);
        Files.createLink(tree.resolve("etc/tool-link"), tree.resolve("usr/bin/tool"));
        Files.writeString(tree.resolve("etc/hostname"), "box\n");
        Files.createSymbolicLink(tree.resolve("bin"), Path.of("usr/bin"));
        Path archive = temp.resolve("gnu.cpio");
        Process p = new ProcessBuilder("sh", "-c", "find . | LC_ALL=C sort | cpio -o -H newc --quiet > " + archive)
                .directory(tree.toFile()).redirectErrorStream(true).start();
        String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), messages);

        byte[] original = Files.readAllBytes(archive);
        String spec = writeSpec(original, SpecWriter.into(temp.resolve("files")).withLocationsRelativeTo(temp));
        assertTrue(spec.contains("file /etc/tool-link files/etc/tool-link 0644 0 0 /usr/bin/tool\n"), spec);
        assertSameEntries(ArchiveItems.read(original), ArchiveItems.read(rebuild(spec, temp)));
    }

    @Test
    void refusesWhatAListCannotSayNamingTheEntry() throws IOException {
        assertUnwritable(CpioEntry.directory("my dir", 0755),
                "entry 'my dir': cannot be written in a gen_init_cpio list: its name contains a space,"
                        + " which gen_init_cpio reads as a field separator");
        assertUnwritable(CpioEntry.symlink("link", "two\nlines"),
                "entry 'link': cannot be written in a gen_init_cpio list: link target 'two\\nlines' contains a newline,"
                        + " which gen_init_cpio reads as a field separator");
        assertUnwritable(CpioEntry.symlink("link", ""),
                "entry 'link': cannot be written in a gen_init_cpio list: link target '' is empty");
        assertUnwritable(CpioEntry.file("../evil", 0644, 4),
                "entry '../evil': cannot be written in a gen_init_cpio list: its content cannot be written"
                        + " under the directory: its name has a '..' component");
        assertUnwritable(CpioEntry.file("/etc/shadow", 0644, 4),
                "entry '/etc/shadow': cannot be written in a gen_init_cpio list: its content cannot be written"
                        + " under the directory: its name is absolute");
        assertUnwritable(CpioEntry.builder(new byte[] {'a', (byte) 0xff}).mode(EntryType.DIRECTORY.bits() | 0755).build(),
                "cannot be written in a gen_init_cpio list: its name is not valid UTF-8");
        assertUnwritable(CpioEntry.builder("odd").mode(0170000 | 0644).nlink(1).build(),
                "entry 'odd': cannot be written in a gen_init_cpio list: its mode 0170644 names no file type");
        assertFalse(Files.exists(temp.resolve("evil")));
    }

    @Test
    void refusesALocationWithAVariable() throws IOException {
        assertUnwritable(CpioEntry.file("${HOME}", 0644, 4),
                "entry '${HOME}': cannot be written in a gen_init_cpio list: location 'files/${HOME}' of '/${HOME}'"
                        + " holds ${...}, which gen_init_cpio would replace by a variable's value");
    }

    private void assertUnwritable(CpioEntry entry, String message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out)) {
            w.write(CpioEntry.directory("before", 0755));
            if (entry.type() == EntryType.REGULAR) {
                w.write(entry, new byte[(int) entry.size()]);
            } else {
                w.write(entry);
            }
        }
        Path files = Files.createTempDirectory(temp, "files");
        FormatException e = assertThrows(FormatException.class,
                () -> writeSpec(out.toByteArray(), SpecWriter.into(files).withLocationsRelativeTo(files.getParent())));
        String expected = message.replace("files/", files.getFileName() + "/");
        assertTrue(e.getMessage().endsWith(expected), e.getMessage() + "\n does not end with\n" + expected);
        assertTrue(e.getMessage().startsWith("at offset 120 (0x78)"), e.getMessage());
    }

    /**
     * The same entries, compared by value: name, type, permissions, owner, device numbers, link
     * target, content (a hard link's being its group's), and the hard link groups. File mtimes are
     * kept through the mirrored files. The order may differ only where a group's names gather.
     */
    private static void assertSameEntries(List<ArchiveItems> expected, List<ArchiveItems> actual) {
        assertEquals(describe(expected), describe(actual));
        assertEquals(groups(expected), groups(actual));
        // Names given twice keep their order: the later one still wins.
        assertEquals(duplicates(expected), duplicates(actual));
    }

    private static List<String> duplicates(List<ArchiveItems> items) {
        List<String> names = ArchiveItems.names(items);
        List<String> result = new ArrayList<>();
        for (ArchiveItems item : items) {
            String n = item.entry().name();
            if (names.indexOf(n) != names.lastIndexOf(n)) {
                result.add(n + " " + new String(item.data(), StandardCharsets.ISO_8859_1));
            }
        }
        return result;
    }

    private static List<String> describe(List<ArchiveItems> items) {
        Map<String, byte[]> groupData = new HashMap<>();
        for (ArchiveItems item : items) {
            if (item.entry().isHardLinked() && item.data().length > 0) {
                groupData.put(key(item.entry()), item.data());
            }
        }
        List<String> lines = new ArrayList<>();
        for (ArchiveItems item : items) {
            CpioEntry e = item.entry();
            byte[] data = e.isHardLinked() ? groupData.getOrDefault(key(e), new byte[0]) : item.data();
            lines.add(e.name() + " " + e.type() + " 0" + Integer.toOctalString(e.permissions()) + " " + e.uid() + ":" + e.gid()
                    + (e.type().isDevice() ? " rdev " + e.rdevMajor() + ":" + e.rdevMinor() : "")
                    + (e.type() == EntryType.SYMLINK ? " -> " + e.linkTarget().orElseThrow() : "")
                    + (e.type() == EntryType.REGULAR ? " mtime " + e.mtime() + " data "
                            + new String(data, StandardCharsets.ISO_8859_1) : ""));
        }
        lines.sort(null);
        return lines;
    }

    private static Set<Set<String>> groups(List<ArchiveItems> items) {
        Map<String, Set<String>> groups = new HashMap<>();
        for (ArchiveItems item : items) {
            if (item.entry().isHardLinked()) {
                groups.computeIfAbsent(key(item.entry()), k -> new TreeSet<>()).add(item.entry().name());
            }
        }
        // gen_init_cpio (and so SpecArchiver) gives pipes and sockets a link count of 2: groups of one.
        return Set.copyOf(groups.values().stream().filter(g -> g.size() > 1).toList());
    }

    private static String key(CpioEntry e) {
        return e.linkKey().toString();
    }
}
