package dev.remaster.spec;

import dev.remaster.cpio.Owner;
import dev.remaster.testing.Peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioFormat;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.EntryType;
import dev.remaster.cpio.WriteOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeArchiverTest {
    @TempDir
    Path temp;

    /** The files of the test tree, each made by one step, so that they can be made in any order. */
    private static List<TreeStep> steps() {
        List<TreeStep> steps = new ArrayList<>();
        steps.add(root -> file(root, "bin/busybox", "#!/bin/sh\necho busybox\n", "rwxr-xr-x"));
        steps.add(root -> Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("busybox")));
        steps.add(root -> file(root, "etc/motd", "Welcome\n", "rw-r--r--"));
        steps.add(root -> file(root, "etc/empty", "", "rw-------"));
        steps.add(root -> file(root, "etc/hard1", "two names, one file\n", "rw-r-----"));
        steps.add(root -> Files.createLink(dirs(root, "lib/hard2"), root.resolve("etc/hard1")));
        steps.add(root -> run("mkfifo", "-m", "0620", dirs(root, "run/fifo").toString()));
        steps.add(root -> socket(dirs(root, "run/sock")));
        steps.add(root -> Files.createSymbolicLink(root.resolve("dangling"), Path.of("/nonexistent/target")));
        steps.add(root -> Files.createSymbolicLink(root.resolve("dirlink"), Path.of("bin")));
        steps.add(root -> {
            file(root, "setuid", "suid\n", "rwxr-xr-x");
            run("chmod", "4755", root.resolve("setuid").toString());
        });
        steps.add(root -> file(root, "deep/a/b/c/leaf", "deep\n", "rw-r--r--"));
        steps.add(root -> Files.createDirectories(root.resolve("empty-dir")));
        return steps;
    }

    private static final List<String> ORDER = List.of(".", "bin", "bin/busybox", "bin/sh", "dangling", "deep",
            "deep/a", "deep/a/b", "deep/a/b/c", "deep/a/b/c/leaf", "dirlink", "empty-dir", "etc", "etc/empty",
            "etc/hard1", "etc/motd", "lib", "lib/hard2", "run", "run/fifo", "run/sock", "setuid");

    interface TreeStep {
        void make(Path root) throws IOException;
    }

    private Path tree(String name, boolean reversed) throws IOException {
        Path root = Files.createDirectories(temp.resolve(name));
        List<TreeStep> steps = steps();
        if (reversed) {
            // Make the parents first, then the files in the reverse order: other inodes, other readdir order.
            for (String dir : List.of("run", "lib", "etc", "deep/a/b/c", "bin")) {
                Files.createDirectories(root.resolve(dir));
            }
            TreeStep link = steps.get(5); // lib/hard2 needs etc/hard1
            Collections.reverse(steps);
            steps.remove(link);
            steps.add(link);
        }
        for (TreeStep step : steps) {
            step.make(root);
        }
        chmodDirectories(root);
        return root;
    }

    private byte[] archive(Path root, TreeOptions options, WriteOptions writeOptions) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter writer = CpioWriter.of(out, writeOptions)) {
            TreeArchiver.of(options).write(root, writer);
        }
        return out.toByteArray();
    }

    @Test
    void writesEveryFileWithItsMetadataFromTheDisk() throws IOException {
        Path root = tree("t", false);
        Files.setLastModifiedTime(root.resolve("etc/motd"), FileTime.from(1_000_000_000, TimeUnit.SECONDS));
        List<ArchiveItems> items = ArchiveItems.read(archive(root, TreeOptions.defaults(), WriteOptions.defaults()));
        assertEquals(ORDER, ArchiveItems.names(items));

        for (ArchiveItems item : items) {
            CpioEntry e = item.entry();
            Path p = root.resolve(e.name());
            Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
            String n = e.name();
            assertEquals((int) (Integer) a.get("mode"), e.mode(), n);
            assertEquals(Integer.toUnsignedLong((Integer) a.get("uid")), e.uid(), n);
            assertEquals(Integer.toUnsignedLong((Integer) a.get("gid")), e.gid(), n);
            assertEquals(((FileTime) a.get("lastModifiedTime")).to(TimeUnit.SECONDS), e.mtime(), n);
            assertEquals((long) (Long) a.get("ino"), e.inode(), n);
            long dev = (Long) a.get("dev");
            assertEquals(DeviceNumbers.major(dev), e.devMajor(), n);
            assertEquals(DeviceNumbers.minor(dev), e.devMinor(), n);
            switch (e.type()) {
                case DIRECTORY -> assertEquals(Integer.toUnsignedLong((Integer) a.get("nlink")), e.nlink(), n);
                case SYMLINK -> assertEquals(Files.readSymbolicLink(p).toString(), e.linkTarget().orElseThrow(), n);
                case REGULAR -> {
                    boolean linked = n.equals("etc/hard1") || n.equals("lib/hard2");
                    assertEquals(linked ? 2 : 1, e.nlink(), n);
                    if (!n.equals("etc/hard1")) {
                        assertArrayEquals(Files.readAllBytes(p), item.data(), n);
                    }
                }
                default -> assertEquals(1, e.nlink(), n);
            }
        }
        assertEquals(1_000_000_000, ArchiveItems.named(items, "etc/motd").entry().mtime());
        assertEquals(EntryType.FIFO, ArchiveItems.named(items, "run/fifo").entry().type());
        assertEquals(EntryType.SOCKET, ArchiveItems.named(items, "run/sock").entry().type());
        assertEquals(EntryType.SYMLINK, ArchiveItems.named(items, "dirlink").entry().type());
        assertEquals(04755, ArchiveItems.named(items, "setuid").entry().permissions());
        assertEquals("/nonexistent/target", ArchiveItems.named(items, "dangling").entry().linkTarget().orElseThrow());

        // The hard link pair: one inode, nlink 2, the data on the last name written only.
        CpioEntry first = ArchiveItems.named(items, "etc/hard1").entry();
        CpioEntry last = ArchiveItems.named(items, "lib/hard2").entry();
        assertEquals(first.inode(), last.inode());
        assertEquals(2, first.nlink());
        assertEquals(2, last.nlink());
        assertEquals(0, first.size());
        assertArrayEquals("two names, one file\n".getBytes(StandardCharsets.US_ASCII),
                ArchiveItems.named(items, "lib/hard2").data());
    }

    @Test
    void leavesOutTheRootWhenAsked() throws IOException {
        Path root = tree("t", false);
        List<ArchiveItems> items = ArchiveItems.read(archive(root, TreeOptions.defaults().withIncludeRoot(false),
                WriteOptions.defaults()));
        assertEquals(ORDER.subList(1, ORDER.size()), ArchiveItems.names(items));
    }

    @Test
    void forcesTheOwnerClampsMtimesAndRenumbersInodes() throws IOException {
        Path root = tree("t", false);
        Files.setLastModifiedTime(root.resolve("etc/motd"), FileTime.from(1000, TimeUnit.SECONDS));
        List<ArchiveItems> items = ArchiveItems.read(archive(root, TreeOptions.defaults()
                .withOwner(Owner.parse("0:50")).withMtimeClamp(946684800L).withRenumberInodes(true),
                WriteOptions.defaults()));
        List<Long> inodes = new ArrayList<>();
        for (ArchiveItems item : items) {
            CpioEntry e = item.entry();
            assertEquals(0, e.uid());
            assertEquals(50, e.gid());
            assertEquals(e.name().equals("etc/motd") ? 1000 : 946684800L, e.mtime(), e.name());
            assertEquals(0, e.devMajor());
            assertEquals(0, e.devMinor());
            inodes.add(e.inode());
        }
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= ORDER.size() - 1; i++) {
            expected.add(i);
        }
        expected.add(ORDER.indexOf("lib/hard2"), (long) ORDER.indexOf("etc/hard1") + 1); // the link shares its inode
        assertEquals(expected, inodes);
    }

    @Test
    void givesEveryLinkTheDataInOdc() throws IOException {
        Path root = tree("t", false);
        List<ArchiveItems> items = ArchiveItems.read(archive(root, TreeOptions.defaults().withRenumberInodes(true),
                WriteOptions.defaults().withFormat(CpioFormat.ODC)));
        byte[] content = "two names, one file\n".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(content, ArchiveItems.named(items, "etc/hard1").data());
        assertArrayEquals(content, ArchiveItems.named(items, "lib/hard2").data());
    }

    @Test
    void writesTheSameBytesForTheSameTreeMadeInAnotherOrder() throws IOException {
        Path a = tree("a", false);
        Path b = tree("b", true);
        assertNotEquals(Files.readAttributes(a.resolve("etc/motd"), "unix:ino", LinkOption.NOFOLLOW_LINKS),
                Files.readAttributes(b.resolve("etc/motd"), "unix:ino", LinkOption.NOFOLLOW_LINKS));
        TreeOptions reproducible = TreeOptions.defaults().withOwner(new Owner(0, 0))
                .withMtimeClamp(946684800L).withRenumberInodes(true);
        byte[] first = archive(a, reproducible, WriteOptions.defaults());
        byte[] second = archive(b, reproducible, WriteOptions.defaults());
        assertArrayEquals(first, second);
        // Without renumbering, the inodes of the two trees tell them apart.
        assertFalse(java.util.Arrays.equals(archive(a, reproducible.withRenumberInodes(false), WriteOptions.defaults()),
                archive(b, reproducible.withRenumberInodes(false), WriteOptions.defaults())));
    }

    @Test
    void gnuCpioListsAndExtractsTheSameTree() throws IOException, InterruptedException {
        Peers.assumePeer("cpio");
        Path root = tree("t", false);
        Path archive = temp.resolve("t.cpio");
        Files.write(archive, archive(root, TreeOptions.defaults(), WriteOptions.defaults()));

        Process list = new ProcessBuilder("cpio", "-t", "--quiet").redirectInput(archive.toFile()).start();
        String listing = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(list.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, list.waitFor(), errors);
        assertEquals(ORDER, List.of(listing.split("\n")));

        Path out = Files.createDirectories(temp.resolve("out"));
        Process extract = new ProcessBuilder("cpio", "-idm", "--quiet", "--no-absolute-filenames")
                .directory(out.toFile()).redirectInput(archive.toFile()).redirectErrorStream(true).start();
        String messages = new String(extract.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, extract.waitFor(), messages);

        // Archive what cpio extracted and compare entry by entry (inode and device numbers aside).
        List<ArchiveItems> ours = ArchiveItems.read(archive(root, TreeOptions.defaults(), WriteOptions.defaults()));
        List<ArchiveItems> theirs = ArchiveItems.read(archive(out, TreeOptions.defaults(), WriteOptions.defaults()));
        assertEquals(ArchiveItems.names(ours), ArchiveItems.names(theirs));
        boolean root0 = "0".equals(run("id", "-u").strip());
        for (int i = 0; i < ours.size(); i++) {
            CpioEntry e = ours.get(i).entry();
            CpioEntry x = theirs.get(i).entry();
            String n = e.name();
            assertEquals(e.mode(), x.mode(), n);
            assertEquals(e.nlink(), x.nlink(), n);
            assertEquals(e.size(), x.size(), n);
            assertArrayEquals(ours.get(i).data(), theirs.get(i).data(), n);
            assertEquals(e.linkTarget(), x.linkTarget(), n);
            if (root0) {
                assertEquals(e.uid(), x.uid(), n);
                assertEquals(e.gid(), x.gid(), n);
            }
            if (e.type() == EntryType.REGULAR) {
                assertEquals(e.mtime(), x.mtime(), n);
            }
        }
        assertEquals(Files.getAttribute(out.resolve("etc/hard1"), "unix:ino"),
                Files.getAttribute(out.resolve("lib/hard2"), "unix:ino"), "cpio made the hard link");
    }

    @Test
    void writesDeviceNodesWithTheirNumbers() throws IOException {
        Path root = Files.createDirectories(temp.resolve("dev"));
        Path node = root.resolve("null");
        boolean made;
        try {
            run("mknod", "-m", "0666", node.toString(), "c", "1", "3");
            made = true;
        } catch (IOException e) {
            made = false;
        }
        assumeTrue(made, "mknod is not permitted here (it needs CAP_MKNOD)");
        run("mknod", "-m", "0660", root.resolve("loop300").toString(), "b", "7", "300");
        List<ArchiveItems> items = ArchiveItems.read(archive(root, TreeOptions.defaults(), WriteOptions.defaults()));
        CpioEntry nul = ArchiveItems.named(items, "null").entry();
        assertEquals(EntryType.CHAR_DEVICE.bits() | 0666, nul.mode());
        assertEquals(1, nul.rdevMajor());
        assertEquals(3, nul.rdevMinor());
        CpioEntry loop = ArchiveItems.named(items, "loop300").entry();
        assertEquals(EntryType.BLOCK_DEVICE, loop.type());
        assertEquals(7, loop.rdevMajor());
        assertEquals(300, loop.rdevMinor());
    }

    @Test
    void followsTheRootWhenItIsALinkButNothingBelowIt() throws IOException {
        Path root = tree("t", false);
        Path link = Files.createSymbolicLink(temp.resolve("link-to-t"), root);
        List<ArchiveItems> items = ArchiveItems.read(archive(link, TreeOptions.defaults(), WriteOptions.defaults()));
        assertEquals(ORDER, ArchiveItems.names(items));
        assertEquals(EntryType.DIRECTORY, items.get(0).entry().type());
    }

    @Test
    void leavesFilesOf4GiBToTheWriterWhichNamesThem() throws IOException {
        Path root = Files.createDirectories(temp.resolve("big"));
        Path big = root.resolve("sparse");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(4L << 30); // sparse: no data is written or read
        }
        IOException e = assertThrows(IOException.class, () -> archive(root, TreeOptions.defaults(), WriteOptions.defaults()));
        assertTrue(e.getMessage().startsWith(big + ": at offset 112 (0x70), entry 'sparse': ")
                && e.getMessage().contains("files of 4 GiB or more cannot be stored"), e.getMessage());
    }

    @Test
    void namesThePathOfWhatCannotBeArchived() throws IOException {
        Path file = Files.writeString(temp.resolve("plain"), "x");
        IOException e = assertThrows(IOException.class,
                () -> archive(file, TreeOptions.defaults(), WriteOptions.defaults()));
        assertEquals(file + ": not a directory", e.getMessage());
        Path missing = temp.resolve("missing");
        e = assertThrows(IOException.class, () -> archive(missing, TreeOptions.defaults(), WriteOptions.defaults()));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void reportsAFileGrownSinceItWasListedWithItsPath() throws IOException {
        Path root = Files.createDirectories(temp.resolve("g"));
        Files.write(root.resolve("a-big"), new byte[200_000]);
        Path grows = Files.writeString(root.resolve("grows"), "short");
        // The writer's first flush (inside a-big's data) appends to 'grows', which was listed already.
        java.io.OutputStream growing = new java.io.OutputStream() {
            private boolean grown;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (!grown) {
                    grown = true;
                    Files.writeString(grows, " and longer", java.nio.file.StandardOpenOption.APPEND);
                }
            }
        };
        CpioWriter writer = CpioWriter.of(growing);
        IOException e = assertThrows(IOException.class, () -> TreeArchiver.of(TreeOptions.defaults()).write(root, writer));
        assertEquals(grows + ", entry 'grows': c_filesize: declared size is 5 bytes but the data is longer",
                e.getMessage().replaceFirst(": at offset [0-9]+ \\(0x[0-9A-F]+\\)", ""));
    }

    static String run(String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static Path dirs(Path root, String name) throws IOException {
        Path p = root.resolve(name);
        Files.createDirectories(p.getParent());
        return p;
    }

    private static void file(Path root, String name, String content, String perms) throws IOException {
        Path p = dirs(root, name);
        Files.writeString(p, content);
        Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(perms));
    }

    private static void socket(Path path) throws IOException {
        try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.bind(UnixDomainSocketAddress.of(path));
        }
        Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
    }

    private static void chmodDirectories(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }
}
