package dev.remaster.extract;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioFormat;
import dev.remaster.cpio.CpioReader;
import dev.remaster.cpio.EntryType;
import dev.remaster.cpio.WriteOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What an extraction makes of ordinary archives: duplicates, hard links, metadata, privileges, filters. */
class ExtractorTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    /** As an ordinary user would extract, whoever runs the test. */
    private static final ExtractOptions USER = ExtractOptions.defaults(false);

    @TempDir
    Path tempDir;
    Sandbox box;

    @BeforeEach
    void setUp() throws IOException {
        box = new Sandbox(tempDir);
    }

    @Test
    void duplicatePathsFollowTheKernelsLaterWinsRule() throws IOException {
        TestArchive archive = new TestArchive()
                .file("f", "one\n").file("f", "two\n")
                .dir("g").file("g", "file over an empty directory\n")
                .file("h", "gone\n").dir("h", 0750, 0)
                .symlink("i", "somewhere").file("i", "file over a link\n")
                .file("j", "file\n").symlink("j", "link over a file")
                .dir("k", 0700, 0).dir("k", 0751, 0);

        ExtractReport report = box.extract(archive, USER);

        box.assertOutsideUntouched();
        assertEquals("two\n", Files.readString(box.inTarget("f")));
        assertEquals("file over an empty directory\n", Files.readString(box.inTarget("g")));
        assertTrue(Files.isDirectory(box.inTarget("h"), NOFOLLOW));
        assertEquals(0750, mode(box.inTarget("h")));
        assertEquals("file over a link\n", Files.readString(box.inTarget("i")));
        assertEquals("link over a file", Files.readSymbolicLink(box.inTarget("j")).toString());
        assertEquals(0751, mode(box.inTarget("k")), "the later directory entry's mode wins");
        assertEquals(0, report.skippedCount());
    }

    @Test
    void keepExistingSkipsWhatIsThere() throws IOException {
        Files.writeString(box.inTarget("f"), "mine\n");
        TestArchive archive = new TestArchive().file("f", "theirs\n").file("g", "new\n").file("g", "later\n");

        ExtractReport report = box.extract(archive, USER.toBuilder().overwrite(ExtractOptions.Overwrite.KEEP_EXISTING).build());

        assertEquals("mine\n", Files.readString(box.inTarget("f")));
        assertEquals("new\n", Files.readString(box.inTarget("g")));
        assertEquals(2, report.skippedCount());
    }

    @Test
    void newcHardLinkGroupSharesTheDataOfItsLastLink() throws IOException {
        TestArchive archive = new TestArchive()
                .dir("sub")
                .entry(link("a", 9, 3, 0).toBuilder().mtime(1_500_000_000L).permissions(0640).build(), new byte[0])
                .entry(link("sub/b", 9, 3, 0).toBuilder().mtime(1_500_000_000L).permissions(0640).build(), new byte[0])
                .entry(link("c", 9, 3, 6).toBuilder().mtime(1_500_000_000L).permissions(0640).build(),
                        "shared".getBytes());

        ExtractReport report = box.extract(archive, USER);

        Path a = box.inTarget("a");
        for (String name : List.of("a", "sub/b", "c")) {
            Path p = box.inTarget(name);
            assertEquals("shared", Files.readString(p), name);
            assertEquals(key(a), key(p), name + " is the same inode");
            assertEquals(0640, mode(p));
            assertEquals(1_500_000_000_000L, Files.getLastModifiedTime(p, NOFOLLOW).toMillis(),
                    "mtime applied after the data arrived");
        }
        assertEquals(3, Files.getAttribute(a, "unix:nlink"));
        assertEquals(1, report.files());
        assertEquals(2, report.hardLinks());
        assertEquals(6, report.bytesWritten());
    }

    @Test
    void odcHardLinksEachCarryTheirData() throws IOException {
        TestArchive archive = new TestArchive(WriteOptions.defaults().withFormat(CpioFormat.ODC))
                .link("x", 4, 2, "both\n")
                .link("y", 4, 2, "both\n");

        ExtractReport report = box.extract(archive, USER);

        assertEquals("both\n", Files.readString(box.inTarget("x")));
        assertEquals(key(box.inTarget("x")), key(box.inTarget("y")));
        assertEquals(1, report.hardLinks());
    }

    @Test
    void hardLinkGroupsAreForgottenAtEachTrailer() throws IOException {
        byte[] first = new TestArchive().link("x", 5, 2, "").bytes();
        byte[] second = new TestArchive().link("y", 5, 2, "data\n").bytes();
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(first);
        both.write(second);

        ExtractReport report;
        try (CpioReader reader = CpioReader.of(new ByteArrayInputStream(both.toByteArray()))) {
            report = Extractor.to(box.target, USER).extract(reader);
        }

        assertEquals("", Files.readString(box.inTarget("x")));
        assertEquals("data\n", Files.readString(box.inTarget("y")));
        assertNotEquals(key(box.inTarget("x")), key(box.inTarget("y")));
        assertEquals(2, report.files());
    }

    @Test
    void devicesFifosAndSocketsAreSkippedWhenNotRoot() throws IOException {
        TestArchive archive = new TestArchive()
                .dir("dev")
                .entry(CpioEntry.charDevice("dev/null", 0666, 1, 3))
                .entry(CpioEntry.blockDevice("dev/sda", 0660, 8, 0))
                .entry(CpioEntry.fifo("dev/initctl", 0600))
                .entry(CpioEntry.socket("dev/log", 0666))
                .file("etc", "x\n");

        ExtractReport report = box.extract(archive, ExtractOptions.defaults(false));

        box.assertOutsideUntouched();
        assertEquals(List.of(), list(box.inTarget("dev")), "nothing was created for them");
        assertEquals(0, report.devices() + report.fifos() + report.sockets());
        assertEquals(0, report.skippedCount(), "counted in the summary, not listed one by one");
        assertEquals(List.of("skipped 2 device nodes, 1 FIFO, 1 socket and owners of 2 entries: not running as root"),
                report.summary().stream().filter(s -> s.contains("root")).collect(Collectors.toList()));
    }

    @Test
    void theArchivesOwnDotLeavesTheTargetDirectoryAloneByDefault() throws IOException {
        Files.setPosixFilePermissions(box.target, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        TestArchive archive = new TestArchive().dir(".", 0777, 1_000_000_000L).file("f", "x");
        box.extract(archive, ExtractOptions.defaults());
        assertEquals(0750, mode(box.target));
        box.extract(archive, ExtractOptions.rootFileSystem());
        assertEquals(0777, mode(box.target));
    }

    @Test
    void asRootTheDefaultsRestoreNothingThatCarriesPrivilege() throws IOException {
        assumeTrue(ExtractOptions.defaults().privileged(), "needs root: the point is that root gets no privilege by default");
        TestArchive archive = new TestArchive()
                .dir("dev")
                .entry(CpioEntry.charDevice("dev/mem", 0666, 1, 1))
                .entry(CpioEntry.fifo("dev/initctl", 0600))
                .dir("bin").dir("home")
                .entry(CpioEntry.file("bin/su", 04755, 2).toBuilder().uid(0).gid(0).build(), new byte[] {'#', '!'})
                .entry(CpioEntry.file("home/f", 0644, 1).toBuilder().uid(1001).gid(50).build(), new byte[] {'x'});

        ExtractReport report = box.extract(archive, ExtractOptions.defaults());

        box.assertOutsideUntouched();
        assertFalse(Files.exists(box.inTarget("dev/mem"), NOFOLLOW), "no device node from a downloaded image");
        assertFalse(Files.exists(box.inTarget("dev/initctl"), NOFOLLOW));
        assertEquals(0755, mode(box.inTarget("bin/su")), "no setuid bit");
        assertEquals(0, Files.getAttribute(box.inTarget("home/f"), "unix:uid", NOFOLLOW), "owned by the user extracting");
        assertTrue(String.join("\n", report.summary()).contains("ExtractOptions.rootFileSystem"), report.summary().toString());
    }

    @Test
    void devicesFifosAndSocketsAreCreatedAsRoot() throws IOException {
        assumeTrue(ExtractOptions.defaults().privileged(), "needs root to create device nodes");
        TestArchive archive = new TestArchive()
                .dir("dev")
                .entry(CpioEntry.charDevice("dev/null", 0666, 1, 3).toBuilder().mtime(1_234_567_890L).build())
                .entry(CpioEntry.blockDevice("dev/-sda", 0640, 8, 1))   // a name that looks like an option
                .entry(CpioEntry.fifo("dev/initctl", 0600).toBuilder().mtime(1_234_567_890L).uid(7).gid(8).build())
                .entry(CpioEntry.socket("dev/log", 0606));

        ExtractReport report = box.extract(archive, ExtractOptions.rootFileSystem(true));

        box.assertOutsideUntouched();
        assertEquals(2, report.devices());
        assertEquals(1, report.fifos());
        assertEquals(1, report.sockets());
        Path nul = box.inTarget("dev/null");
        assertEquals(EntryType.CHAR_DEVICE, EntryType.of(rawMode(nul)));
        assertEquals(0666, mode(nul));
        assertEquals((1L << 8) | 3, ((Number) Files.getAttribute(nul, "unix:rdev", NOFOLLOW)).longValue());
        assertEquals(1_234_567_890_000L, Files.getLastModifiedTime(nul, NOFOLLOW).toMillis());
        assertEquals(EntryType.BLOCK_DEVICE, EntryType.of(rawMode(box.inTarget("dev/-sda"))));
        Path fifo = box.inTarget("dev/initctl");
        assertEquals(EntryType.FIFO, EntryType.of(rawMode(fifo)));
        assertEquals(0600, mode(fifo));
        assertEquals(7, Files.getAttribute(fifo, "unix:uid", NOFOLLOW));
        assertEquals(8, Files.getAttribute(fifo, "unix:gid", NOFOLLOW));
        assertEquals(1_234_567_890_000L, Files.getLastModifiedTime(fifo, NOFOLLOW).toMillis());
        assertEquals(EntryType.SOCKET, EntryType.of(rawMode(box.inTarget("dev/log"))));
        assertEquals(0606, mode(box.inTarget("dev/log")));
    }

    @Test
    void nodesLinkByTheKernelsRuleAndSymlinksNever() throws IOException {
        assumeTrue(ExtractOptions.defaults().privileged(), "needs root to create device nodes");
        CpioEntry fifo = CpioEntry.fifo("p1", 0600).toBuilder().dev(8, 1).inode(20).nlink(2).build();
        CpioEntry dev = CpioEntry.charDevice("c1", 0600, 1, 3).toBuilder().dev(8, 1).inode(21).nlink(2).build();
        CpioEntry file = link("f", 21, 2, 0).toBuilder().dev(8, 1).build();
        CpioEntry sym = CpioEntry.symlink("s1", "t").toBuilder().dev(8, 1).inode(22).nlink(2).build();
        TestArchive archive = new TestArchive()
                .entry(fifo).entry(fifo.toBuilder().name("p2").build())
                .entry(dev).entry(dev.toBuilder().name("c2").build()).entry(file)
                .entry(sym).entry(sym.toBuilder().name("s2").linkTarget("u").build());

        ExtractReport report = box.extract(archive, ExtractOptions.rootFileSystem(true));

        box.assertOutsideUntouched();
        assertEquals(key(box.inTarget("p1")), key(box.inTarget("p2")), "FIFOs with one key are linked");
        assertEquals(key(box.inTarget("c1")), key(box.inTarget("c2")), "devices with one key are linked");
        assertNotEquals(key(box.inTarget("c1")), key(box.inTarget("f")), "a file and a device are two files");
        assertTrue(Files.isRegularFile(box.inTarget("f"), NOFOLLOW));
        assertNotEquals(key(box.inTarget("s1")), key(box.inTarget("s2")), "symbolic links are never linked");
        assertEquals("u", Files.readSymbolicLink(box.inTarget("s2")).toString());
        assertEquals(2, report.hardLinks());
    }

    @Test
    void modesAndMtimesAreAppliedWithReadOnlyDirectoriesFilledFirst() throws IOException {
        TestArchive archive = new TestArchive()
                .dir("ro", 0555, 2_000_000_000L)
                .dir("ro/inner", 0500, 1_900_000_000L)
                .file("ro/inner/file", 0400, 1_800_000_000L, "read only\n")
                .file("ro/f", 0751, 1_700_000_000L, "x\n")
                .dir("none", 0, 1_600_000_000L)
                .symlink("ro/link", "f");

        ExtractReport report = box.extract(archive, USER);

        assertEquals(0555, mode(box.inTarget("ro")));
        assertEquals(0500, mode(box.inTarget("ro/inner")));
        assertEquals(0400, mode(box.inTarget("ro/inner/file")));
        assertEquals(0751, mode(box.inTarget("ro/f")));
        assertEquals(0, mode(box.inTarget("none")));
        assertEquals(2_000_000_000_000L, Files.getLastModifiedTime(box.inTarget("ro"), NOFOLLOW).toMillis(),
                "applied after the directory was filled");
        assertEquals(1_900_000_000_000L, Files.getLastModifiedTime(box.inTarget("ro/inner"), NOFOLLOW).toMillis());
        assertEquals(1_800_000_000_000L,
                Files.getLastModifiedTime(box.inTarget("ro/inner/file"), NOFOLLOW).toMillis());
        assertEquals(0, Files.getLastModifiedTime(box.inTarget("ro/link"), NOFOLLOW).toMillis(), "lutimes");
        assertEquals("read only\n", Files.readString(box.inTarget("ro/inner/file")));
        assertEquals(List.of(3L, 2L, 1L), List.of(report.directories(), report.files(), report.symlinks()));
    }

    @Test
    void mtimesAreLeftAloneWhenNotKept() throws IOException {
        box.extract(new TestArchive().file("f", 0644, 1_000, "x"), USER.toBuilder().keepMtimes(false).build());
        assertTrue(Files.getLastModifiedTime(box.inTarget("f")).toMillis() > 1_000_000);
    }

    @Test
    void specialBitsNeedToBeAskedForAndPrivileged() throws IOException {
        TestArchive archive = new TestArchive().file("su", 04755, 0, "x").dir("tmp", 01777, 0).dir("g", 02775, 0);

        ExtractReport report = box.extract(archive, USER.toBuilder().restoreSpecialBits(true).build());

        assertEquals(0755, mode(box.inTarget("su")));
        assertEquals(0777, mode(box.inTarget("tmp")));
        assertEquals(0775, mode(box.inTarget("g")));
        assertTrue(report.summary().contains(
                "skipped owners of 3 entries and setuid/setgid/sticky bits of 3 entries: not running as root"),
                report.summary().toString());
    }

    @Test
    void specialBitsAreRestoredWhenAskedAsRoot() throws IOException {
        assumeTrue(ExtractOptions.defaults().privileged(), "needs root to restore setuid files");
        TestArchive archive = new TestArchive()
                .entry(CpioEntry.file("su", 04755, 1).toBuilder().uid(0).gid(0).build(), new byte[] {1})
                .dir("tmp", 01777, 0);

        ExtractReport asked = box.extract(archive, ExtractOptions.rootFileSystem(true).toBuilder().restoreSpecialBits(true).build());
        assertEquals(04755, mode(box.inTarget("su")));
        assertEquals(01777, mode(box.inTarget("tmp")));
        assertEquals(1, asked.summary().size(), asked.summary().toString());

        ExtractReport withoutOwners = box.extract(archive,
                ExtractOptions.rootFileSystem(true).toBuilder().restoreSpecialBits(true).restoreOwners(false).build());
        assertEquals(0755, mode(box.inTarget("su")), "no setuid file owned by whoever extracts");
        assertTrue(withoutOwners.summary().contains("skipped setuid/setgid/sticky bits of 2 entries: owners not"
                + " restored (ExtractOptions.restoreOwners)"), withoutOwners.summary().toString());
    }

    @Test
    void ownersAreRestoredOnlyAsRoot() throws IOException {
        assumeTrue(ExtractOptions.defaults().privileged(), "needs root to give files away");
        TestArchive archive = new TestArchive()
                .entry(CpioEntry.file("f", 0644, 1).toBuilder().uid(1234).gid(5678).build(), new byte[] {1})
                .entry(CpioEntry.directory("d", 0755).toBuilder().uid(42).gid(43).build())
                .entry(CpioEntry.symlink("l", "f").toBuilder().uid(44).gid(45).build());

        box.extract(archive, ExtractOptions.rootFileSystem(true));
        assertEquals(List.of(1234, 5678), owner(box.inTarget("f")));
        assertEquals(List.of(42, 43), owner(box.inTarget("d")));
        assertEquals(List.of(44, 45), owner(box.inTarget("l")), "lchown on the link itself");
        assertEquals(List.of(1234, 5678), owner(box.inTarget("f")), "not through the link");

        ExtractReport asUser = box.extract(archive, ExtractOptions.defaults(false));
        assertEquals(List.of(0, 0), owner(box.inTarget("f")));
        assertTrue(asUser.summary().contains("skipped owners of 3 entries: not running as root"));
    }

    @Test
    void aFilterSelectsPathsAndEverythingUnderThem() throws IOException {
        TestArchive archive = new TestArchive()
                .dir("etc", 0700, 0).file("etc/passwd", "root\n").dir("etc/init.d").file("etc/init.d/rc", "rc\n")
                .file("etcetera", "no\n").dir("usr").dir("usr/bin").file("usr/bin/x", "x\n").file("usr/bin/y", "y\n")
                .file("/abs", "no\n");

        ExtractReport report;
        try (CpioReader reader = archive.reader()) {
            report = Extractor.to(box.target, USER).selecting(PathFilter.of("/etc/", "./usr/bin/x")).extract(reader);
        }

        assertEquals(List.of("etc", "etc/init.d", "etc/init.d/rc", "etc/passwd", "usr", "usr/bin", "usr/bin/x"),
                tree(box.target));
        assertEquals(0700, mode(box.inTarget("etc")));
        assertEquals(5, report.notSelected());
        assertEquals(0, report.notesCount(), "the absolute name was not selected");
    }

    @Test
    void dataOfAnUnselectedLinkStillReachesTheSelectedOne() throws IOException {
        TestArchive archive = new TestArchive().link("keep", 3, 2, "").link("other", 3, 2, "payload\n");

        ExtractReport report;
        try (CpioReader reader = archive.reader()) {
            report = Extractor.to(box.target, USER).selecting(PathFilter.of("keep")).extract(reader);
        }

        assertEquals(List.of("keep"), tree(box.target));
        assertEquals("payload\n", Files.readString(box.inTarget("keep")));
        assertEquals(8, report.bytesWritten());
    }

    @Test
    void theRootEntryGivesTheTargetItsMetadataForARootFileSystem() throws IOException {
        box.extract(new TestArchive().dir(".", 0750, 1_600_000_000L).file("./f", "x"), ExtractOptions.rootFileSystem(false));
        assertEquals(0750, mode(box.target));
        assertEquals(1_600_000_000_000L, Files.getLastModifiedTime(box.target).toMillis());
    }

    @Test
    void missingParentsAreCreatedOneByOne() throws IOException {
        ExtractReport report = box.extract(new TestArchive().file("a/b/c/file", "deep\n"), USER.toBuilder().fsync(true).build());
        assertEquals("deep\n", Files.readString(box.inTarget("a/b/c/file")));
        assertEquals(1, report.files());
        assertEquals(0, report.directories(), "implied directories are not archive entries");
    }

    @Test
    void entriesWithDataThatTheKernelWouldSkipAreSkipped() throws IOException {
        CpioEntry dirWithData = CpioEntry.builder("d").mode(EntryType.DIRECTORY.bits() | 0755).nlink(2).size(3).build();
        CpioEntry unknown = CpioEntry.builder("u").mode(0644).nlink(1).build();
        ExtractReport report = box.extract(new TestArchive().entry(dirWithData, new byte[3]).entry(unknown), USER);
        assertEquals(2, report.skippedCount());
        assertEquals(List.of(), tree(box.target));
    }

    private static CpioEntry link(String name, long inode, int nlink, long size) {
        return CpioEntry.builder(name).mode(EntryType.REGULAR.bits() | 0644).inode(inode).nlink(nlink).size(size).build();
    }

    private static int rawMode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW);
    }

    private static int mode(Path p) throws IOException {
        return rawMode(p) & 07777;
    }

    private static List<Integer> owner(Path p) throws IOException {
        return List.of((Integer) Files.getAttribute(p, "unix:uid", NOFOLLOW),
                (Integer) Files.getAttribute(p, "unix:gid", NOFOLLOW));
    }

    private static Object key(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW).fileKey();
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted()
                    .collect(Collectors.toList());
        }
    }
}
