package dev.remaster.cpio;

import dev.remaster.testing.Peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both ways with the peer tools: what we write, GNU cpio and bsdcpio extract to the tree we
 * described; what GNU cpio, bsdcpio and busybox write from a tree, we read as that tree.
 * Extraction and device nodes need root; each tool's absence skips only its own cases.
 */
class InteropTest {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final long T0 = 1_700_000_000L;

    /** A peer tool: how to extract, and how to archive in a format. */
    enum Tool {
        GNU_CPIO("cpio"),
        BSDCPIO("bsdcpio"),
        BUSYBOX("busybox");

        final String command;

        Tool(String command) {
            this.command = command;
        }

        boolean present() {
            return Peers.onPath(command);
        }

        void assume() {
            Peers.assumePeer(command);
        }

        /**
         * Whether {@code -m} gives an extracted node of this type its archived mtime. GNU cpio and
         * busybox set a directory's mtime when they make it, and the files made in it later change
         * it (only an archive that lists directories after their content, find -depth, keeps
         * them); neither sets a symlink's.
         */
        boolean restoresMtime(EntryType type) {
            return this == BSDCPIO || (type != EntryType.DIRECTORY && type != EntryType.SYMLINK);
        }

        String extractCommand() {
            switch (this) {
                case GNU_CPIO: return "cpio -idmu --no-absolute-filenames --quiet";
                case BSDCPIO: return "bsdcpio -idmu --quiet";
                default: return "busybox cpio -idmu";
            }
        }

        String archiveCommand(CpioFormat format) {
            String h = format.name().toLowerCase();
            switch (this) {
                // odc has 18 bits for an inode; ext4's do not fit.
                case GNU_CPIO: return "cpio -o -H " + h + " --quiet" + (format == CpioFormat.ODC ? " --renumber-inodes" : "");
                case BSDCPIO: return "bsdcpio -o --format " + h + " --quiet";
                default: return "busybox cpio -o -H " + h;
            }
        }
    }

    /** One node of the tree we describe: its header as written, and a regular file's data. */
    record Node(CpioEntry entry, byte[] data) {
        String name() {
            return entry.name();
        }
    }

    private static final List<String> LINKS = List.of("links/a", "links/b", "links/c");

    /** The tree: every type, special permission bits, owners, hard links, distinct mtimes. */
    static List<Node> tree(boolean bigDeviceNumbers) {
        List<Node> nodes = new ArrayList<>();
        long[] t = {T0};
        java.util.function.BiConsumer<CpioEntry, byte[]> add = (e, data) ->
                nodes.add(new Node(e.toBuilder().mtime(t[0]++).build(), data));
        byte[] none = new byte[0];
        add.accept(CpioEntry.directory("bin", 0755), none);
        add.accept(CpioEntry.directory("data", 0755), none);
        add.accept(CpioEntry.directory("dev", 0755), none);
        add.accept(CpioEntry.directory("etc", 0750).toBuilder().gid(50).build(), none);
        add.accept(CpioEntry.directory("home", 0755), none);
        add.accept(CpioEntry.directory("home/user", 0700).toBuilder().uid(1000).gid(50).build(), none);
        add.accept(CpioEntry.directory("links", 0755), none);
        add.accept(CpioEntry.directory("srv", 0755), none);
        add.accept(CpioEntry.directory("srv/shared", 02775).toBuilder().uid(65534).gid(65534).build(), none);
        add.accept(CpioEntry.directory("tmp", 01777), none);
        byte[] su = "#!/bin/sh\necho setuid\n".getBytes(StandardCharsets.US_ASCII);
        add.accept(CpioEntry.file("bin/su", 04755, su.length), su);
        byte[] sg = "setgid\n".getBytes(StandardCharsets.US_ASCII);
        add.accept(CpioEntry.file("bin/sg", 02711, sg.length).toBuilder().gid(50).build(), sg);
        add.accept(CpioEntry.symlink("bin/sh", "busybox"), none);
        byte[] big = SourceTree.bigBin();
        add.accept(CpioEntry.file("data/big.bin", 0644, big.length), big);
        add.accept(CpioEntry.file("data/empty", 0600, 0), none);
        add.accept(CpioEntry.charDevice("dev/null", 0666, 1, 3), none);
        add.accept(CpioEntry.blockDevice("dev/sda", 0660, 8, 0).toBuilder().gid(6).build(), none);
        if (bigDeviceNumbers) {
            add.accept(CpioEntry.charDevice("dev/wide", 0600, 300, 70000), none);
        }
        add.accept(CpioEntry.fifo("dev/fifo", 0620), none);
        byte[] hostname = "remaster\n".getBytes(StandardCharsets.US_ASCII);
        add.accept(CpioEntry.file("etc/hostname", 0644, hostname.length), hostname);
        add.accept(CpioEntry.symlink("etc/abs", "/etc/hostname"), none);
        byte[] notes = "owned by 1000:50\n".getBytes(StandardCharsets.US_ASCII);
        add.accept(CpioEntry.file("home/user/notes", 0600, notes.length).toBuilder().uid(1000).gid(50).build(), notes);
        byte[] linked = "one inode, three names\n".getBytes(StandardCharsets.US_ASCII);
        for (String name : LINKS) {
            // One inode: one mtime.
            nodes.add(new Node(CpioEntry.file(name, 0640, linked.length).toBuilder().nlink(3).inode(9000).uid(1000)
                    .mtime(T0 + 100).build(), linked));
        }
        byte[] utf8 = "utf-8\n".getBytes(StandardCharsets.US_ASCII);
        add.accept(CpioEntry.file(SourceTree.UTF8_NAME, 0644, utf8.length).toBuilder().uid(65534).gid(65534).build(),
                utf8);
        return nodes;
    }

    // ---- what we write, they extract ---------------------------------------------------------

    static Stream<Arguments> writtenFormatsAndExtractors() {
        List<Arguments> args = new ArrayList<>();
        for (CpioFormat format : List.of(CpioFormat.NEWC, CpioFormat.CRC, CpioFormat.ODC)) {
            for (Tool tool : List.of(Tool.GNU_CPIO, Tool.BSDCPIO)) {
                args.add(Arguments.of(format, tool));
            }
        }
        args.add(Arguments.of(CpioFormat.NEWC, Tool.BUSYBOX));
        return args.stream();
    }

    @ParameterizedTest(name = "{0} extracted by {1}")
    @MethodSource("writtenFormatsAndExtractors")
    void whatWeWriteTheyExtract(CpioFormat format, Tool tool, @TempDir Path dir) throws Exception {
        tool.assume();
        assumeRoot();
        List<Node> tree = tree(format.isSvr4());
        Path archive = dir.resolve("ours.cpio");
        try (CpioWriter w = CpioWriter.of(Files.newOutputStream(archive),
                WriteOptions.defaults().withFormat(format).withInodes(WriteOptions.InodePolicy.RENUMBER))) {
            for (Node n : tree) {
                CpioEntry e = n.entry();
                boolean dataElsewhere = format.isSvr4() && LINKS.contains(n.name()) && !n.name().equals("links/c");
                if (dataElsewhere) {
                    w.write(e.toBuilder().size(0).build());
                } else if (e.type() == EntryType.SYMLINK || e.size() == 0) {
                    w.write(e);
                } else {
                    w.write(e, n.data());
                }
            }
        }
        Path out = Files.createDirectory(dir.resolve("out"));
        run(out, tool.extractCommand() + " < " + archive);

        for (Node n : tree) {
            boolean mtimeKept = tool.restoresMtime(n.entry().type());
            assertFileIs(out.resolve(n.name()), n.entry(), n.data(), mtimeKept, tool + " " + format + " " + n.name());
        }
        assertEquals(tree.stream().map(Node::name).collect(Collectors.toCollection(TreeSet::new)), listTree(out),
                "nothing more, nothing less");
        Set<Object> inodes = new HashSet<>();
        for (String link : LINKS) {
            inodes.add(Files.getAttribute(out.resolve(link), "unix:ino", NOFOLLOW));
        }
        assertEquals(1, inodes.size(), "the three links are one file");
    }

    // ---- what they write, we read ------------------------------------------------------------

    static Stream<Arguments> archivers() {
        return Stream.of(
                Arguments.of(Tool.GNU_CPIO, CpioFormat.NEWC),
                Arguments.of(Tool.GNU_CPIO, CpioFormat.CRC),
                Arguments.of(Tool.GNU_CPIO, CpioFormat.ODC),
                Arguments.of(Tool.BSDCPIO, CpioFormat.NEWC),
                Arguments.of(Tool.BSDCPIO, CpioFormat.ODC),
                Arguments.of(Tool.BUSYBOX, CpioFormat.NEWC));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("archivers")
    void whatTheyWriteWeRead(Tool tool, CpioFormat format, @TempDir Path dir) throws Exception {
        tool.assume();
        assumeRoot();
        Path src = Files.createDirectory(dir.resolve("src"));
        List<Node> tree = tree(format.isSvr4());
        materialize(src, tree);
        Path archive = dir.resolve("theirs.cpio");
        run(src, "find . | LC_ALL=C sort | " + tool.archiveCommand(format) + " > " + archive);

        byte[] bytes = Files.readAllBytes(archive);
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(bytes));
        Map<Object, Set<LinkKey>> keysByInode = new HashMap<>();
        Map<LinkKey, Set<Object>> inodesByKey = new HashMap<>();
        Set<String> names = new TreeSet<>();
        for (ArchiveContents.Item item : read.items()) {
            CpioEntry e = item.entry();
            assertEquals(format, e.format());
            if (e.isTrailer()) {
                continue;
            }
            String name = e.name().startsWith("./") ? e.name().substring(2) : e.name();
            names.add(name);
            Path file = src.resolve(name);
            Map<String, Object> a = Files.readAttributes(file, "unix:*", NOFOLLOW);
            String what = tool + " " + format + " " + name;
            assertEquals(a.get("mode"), e.mode(), what + " mode");
            assertEquals(((Number) a.get("uid")).longValue(), e.uid(), what + " uid");
            assertEquals(((Number) a.get("gid")).longValue(), e.gid(), what + " gid");
            assertEquals(((Number) a.get("nlink")).longValue(), e.nlink(), what + " nlink");
            assertEquals(((FileTime) a.get("lastModifiedTime")).to(TimeUnit.SECONDS), e.mtime(), what + " mtime");
            long dev = ((Number) a.get("dev")).longValue();
            assertEquals(major(dev), e.devMajor(), what + " dev major");
            assertEquals(minor(dev), e.devMinor(), what + " dev minor");
            if (format.isSvr4()) {
                assertEquals(((Number) a.get("ino")).longValue(), e.inode(), what + " ino");
            }
            if (e.type().isDevice()) {
                long rdev = ((Number) a.get("rdev")).longValue();
                assertEquals(major(rdev), e.rdevMajor(), what + " rdev major");
                assertEquals(minor(rdev), e.rdevMinor(), what + " rdev minor");
            }
            switch (e.type()) {
                case SYMLINK:
                    assertEquals(Files.readSymbolicLink(file).toString(), e.linkTarget().orElseThrow(), what);
                    break;
                case REGULAR:
                    byte[] content = Files.readAllBytes(file);
                    if (e.size() > 0 || !e.isHardLinked()) {
                        assertArrayEquals(content, item.data(), what + " data");
                    }
                    break;
                default:
                    assertEquals(0, e.size(), what);
            }
            if (e.type() != EntryType.DIRECTORY) {
                keysByInode.computeIfAbsent(a.get("ino"), k -> new HashSet<>()).add(e.linkKey());
                inodesByKey.computeIfAbsent(e.linkKey(), k -> new HashSet<>()).add(a.get("ino"));
            }
        }
        Set<String> expected = tree.stream().map(Node::name).collect(Collectors.toCollection(TreeSet::new));
        expected.add(".");
        assertEquals(expected, names);
        keysByInode.forEach((ino, keys) -> assertEquals(1, keys.size(), "one key per file: " + keys));
        inodesByKey.forEach((key, inodes) -> assertEquals(1, inodes.size(), "one file per key: " + key));
        LinkGroups groups = LinkGroups.of(read.entries());
        assertEquals(1, groups.groups().size());
        assertEquals(3, groups.groups().get(0).links().size());
        assertArrayEquals("one inode, three names\n".getBytes(StandardCharsets.US_ASCII),
                read.items().stream().filter(i -> i.entry().equals(groups.groups().get(0).dataCarrier()))
                        .findFirst().orElseThrow().data());
        assertEquals(bytes.length, read.endPosition());
    }

    // ---- the file system side ----------------------------------------------------------------

    private static void assumeRoot() throws Exception {
        Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        p.waitFor();
        assumeTrue(uid.equals("0"), "device nodes and owners need root");
    }

    /** Runs {@code command} with sh in {@code dir}; fails with its output unless it succeeds quietly. */
    private static void run(Path dir, String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        // busybox cpio reports its block count however quiet it is asked to be.
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .replaceAll("(?m)^[0-9]+ blocks\n", "");
        int code = p.waitFor();
        assertEquals(0, code, command + " failed: " + output);
        assertEquals("", output, command + " complained");
    }

    /**
     * Makes the tree on disk as the entries describe it. Java makes the directories, files and
     * links; a shell script makes the device nodes and fifo (Java cannot, and opening them to set
     * owners would block or fail), then sets owners, modes and, last, the mtimes.
     */
    private static void materialize(Path root, List<Node> tree) throws Exception {
        Map<Long, Path> firstLink = new HashMap<>();
        StringBuilder script = new StringBuilder("set -e\n");
        for (Node n : tree) {
            CpioEntry e = n.entry();
            Path p = root.resolve(n.name());
            String q = "'" + n.name() + "'";
            switch (e.type()) {
                case DIRECTORY:
                    Files.createDirectory(p);
                    break;
                case REGULAR:
                    if (e.isHardLinked() && firstLink.containsKey(e.inode())) {
                        Files.createLink(p, firstLink.get(e.inode()));
                        continue;
                    }
                    Files.write(p, n.data());
                    firstLink.put(e.inode(), p);
                    break;
                case SYMLINK:
                    Files.createSymbolicLink(p, Path.of(e.linkTarget().orElseThrow()));
                    continue;
                case FIFO:
                    script.append("mkfifo ").append(q).append('\n');
                    break;
                case CHAR_DEVICE:
                case BLOCK_DEVICE:
                    script.append("mknod ").append(q).append(' ').append(e.type().symbol()).append(' ')
                            .append(e.rdevMajor()).append(' ').append(e.rdevMinor()).append('\n');
                    break;
                default:
                    throw new AssertionError(e);
            }
            // Owner first: chown clears the setuid and setgid bits.
            script.append("chown ").append(e.uid()).append(':').append(e.gid()).append(' ').append(q).append('\n');
            script.append("chmod ").append(Integer.toOctalString(e.permissions())).append(' ').append(q).append('\n');
        }
        List<Node> reversed = new ArrayList<>(tree);
        java.util.Collections.reverse(reversed);
        for (Node n : reversed) {
            script.append("touch -h -d @").append(n.entry().mtime()).append(" '").append(n.name()).append("'\n");
        }
        script.append("chmod 0755 .\ntouch -d @").append(T0 - 1).append(" .\n");
        Path file = Files.writeString(root.resolveSibling("materialize.sh"), script.toString());
        run(root, "sh " + file);
    }

    /** Checks one extracted file against the entry it came from. */
    private static void assertFileIs(Path file, CpioEntry e, byte[] data, boolean mtimeKept, String what)
            throws IOException {
        assertTrue(Files.exists(file, NOFOLLOW), what + " exists");
        Map<String, Object> a = Files.readAttributes(file, "unix:*", NOFOLLOW);
        int mode = (Integer) a.get("mode");
        assertEquals(e.type(), EntryType.of(mode), what + " type");
        if (e.type() != EntryType.SYMLINK) {
            assertEquals(Integer.toOctalString(e.mode()), Integer.toOctalString(mode), what + " mode");
        }
        assertEquals(e.uid(), ((Number) a.get("uid")).longValue(), what + " uid");
        assertEquals(e.gid(), ((Number) a.get("gid")).longValue(), what + " gid");
        if (e.type() != EntryType.DIRECTORY) {
            assertEquals(e.nlink(), ((Number) a.get("nlink")).longValue(), what + " nlink");
        }
        if (mtimeKept) {
            assertEquals(e.mtime(), ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.SECONDS), what + " mtime");
        }
        switch (e.type()) {
            case REGULAR:
                assertEquals(data.length, ((Number) a.get("size")).longValue(), what + " size");
                assertEquals(Sha256.hex(data), Sha256.hex(Files.readAllBytes(file)), what + " content");
                break;
            case SYMLINK:
                assertEquals(e.linkTarget().orElseThrow(), Files.readSymbolicLink(file).toString(), what + " target");
                break;
            case CHAR_DEVICE:
            case BLOCK_DEVICE:
                long rdev = ((Number) a.get("rdev")).longValue();
                assertEquals(e.rdevMajor(), major(rdev), what + " rdev major");
                assertEquals(e.rdevMinor(), minor(rdev), what + " rdev minor");
                break;
            default:
                break;
        }
    }

    private static Set<String> listTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** glibc's gnu_dev_major. */
    static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    }

    /** glibc's gnu_dev_minor. */
    static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
    }
}
