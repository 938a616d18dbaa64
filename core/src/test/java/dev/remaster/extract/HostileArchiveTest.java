package dev.remaster.extract;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per attack class on extraction. Each runs with the options this process gets by
 * default (as root in CI, the case that matters), and checks that the canary and everything else
 * outside the target directory are exactly as they were.
 */
class HostileArchiveTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path tempDir;
    Sandbox box;
    ExtractOptions options = ExtractOptions.defaults();

    @BeforeEach
    void setUp() throws IOException {
        box = new Sandbox(tempDir);
    }

    @Test
    void absoluteNamesAreExtractedInsideTheTarget() throws IOException {
        String elsewhere = "/tmp/remaster-extract-" + UUID.randomUUID();
        TestArchive archive = new TestArchive()
                .file(box.canary.toString(), "pwned\n")               // like /etc/passwd, aimed at the canary
                .file(box.base.resolve("dropped").toString(), "pwned\n")
                .file(elsewhere, "pwned\n");

        ExtractReport report = box.extract(archive, options);

        box.assertOutsideUntouched();
        assertFalse(Files.exists(Path.of(elsewhere), NOFOLLOW), elsewhere);
        assertEquals("pwned\n", Files.readString(box.target.resolve(box.canary.toString().substring(1))));
        assertEquals("pwned\n", Files.readString(box.target.resolve(elsewhere.substring(1))));
        assertEquals(3, report.files());
        assertEquals(3, report.notesCount(), "each absolute name is reported");
        assertTrue(report.notes().get(0).reason().startsWith("absolute name: extracted inside the target as '"),
                report.notes().get(0).reason());
        assertTrue(report.skipped().isEmpty());
    }

    @Test
    void absoluteNamesCanBeRefusedOrFatal() throws IOException {
        TestArchive archive = new TestArchive().file("ok", "fine\n").file(box.canary.toString(), "pwned\n");

        ExtractReport report = box.extract(archive, options.toBuilder().absoluteNames(ExtractOptions.AbsoluteNames.SKIP).build());
        assertEquals(1, report.skippedCount());
        assertEquals(box.canary.toString(), report.skipped().get(0).name());
        assertFalse(Files.exists(box.target.resolve(box.canary.toString().substring(1))));

        ExtractException e = assertThrows(ExtractException.class,
                () -> box.extract(archive, options.toBuilder().absoluteNames(ExtractOptions.AbsoluteNames.FAIL).build()));
        assertEquals(box.canary.toString(), e.entryName());
        assertEquals(116 + 8, e.headerOffset(), "second header: 110 + 'ok\\0' padded to 116, + 'fine\\n' padded to 8");
        assertTrue(e.getMessage().contains("header at offset 124"), e.getMessage());
        box.assertOutsideUntouched();
    }

    @Test
    void dotDotTraversalIsRefused() throws IOException {
        TestArchive archive = new TestArchive()
                .file("../canary.txt", "pwned\n")
                .file("../dropped", "pwned\n")
                .file("../../dropped", "pwned\n")
                .dir("../newdir")
                .symlink("../link", "/etc")
                .file("kept", "fine\n");

        ExtractReport report = box.extract(archive, options);

        box.assertOutsideUntouched();
        assertEquals(5, report.skippedCount());
        for (ExtractReport.Note n : report.skipped()) {
            assertTrue(n.reason().contains("'..'"), n.toString());
            assertTrue(n.headerOffset() >= 0);
        }
        assertEquals("fine\n", Files.readString(box.inTarget("kept")), "the rest is still extracted");
    }

    @Test
    void dotDotInsideANameIsRefused() throws IOException {
        TestArchive archive = new TestArchive()
                .dir("a")
                .file("a/../../canary.txt", "pwned\n")
                .file("a/../../dropped", "pwned\n")
                .file("a/./../b", "harmless but refused all the same\n")
                .file("a/..", "pwned\n");

        ExtractReport report = box.extract(archive, options);

        box.assertOutsideUntouched();
        assertEquals(4, report.skippedCount());
        assertFalse(Files.exists(box.inTarget("b")));
        assertEquals(List.of("a"), list(box.target));

        ExtractException e = assertThrows(ExtractException.class,
                () -> box.extract(archive, options.toBuilder().dotDot(ExtractOptions.DotDot.FAIL).build()));
        assertEquals("a/../../canary.txt", e.entryName());
        box.assertOutsideUntouched();
    }

    @Test
    void nothingIsWrittenThroughASymlinkFromTheArchive() throws IOException {
        TestArchive archive = new TestArchive()
                .symlink("link", box.base.toString())                 // link -> /outside
                .file("link/canary.txt", "pwned\n")
                .file("link/dropped", "pwned\n")
                .dir("link/newdir")
                .symlink("link/newlink", "/etc/shadow")
                .symlink("up", "..")                                   // relative, just as bad
                .file("up/canary.txt", "pwned\n")
                .file("up/outside/secret.txt", "pwned\n")
                .entry(CpioEntry.fifo("up/fifo", 0644));

        ExtractReport report = box.extract(archive, options);

        box.assertOutsideUntouched();
        assertEquals(2, report.symlinks());
        assertTrue(Files.isSymbolicLink(box.inTarget("link")));
        assertEquals(box.base.toString(), Files.readSymbolicLink(box.inTarget("link")).toString(),
                "the link is created as given");
        long refused = report.skipped().stream()
                .filter(n -> n.reason().contains("is a symbolic link: nothing is written through a link")).count();
        assertEquals(options.specialFilesRestored() ? 7 : 6, refused, report.skipped().toString());
    }

    @Test
    void aFileReplacesASymlinkInsteadOfWritingThroughIt() throws IOException {
        TestArchive archive = new TestArchive()
                .symlink("passwd", box.canary.toString())
                .file("passwd", 0600, 1234, "pwned\n")
                .symlink("dir", box.outsideDir.toString())
                .dir("dir", 0700, 0)
                .symlink("rel", "../canary.txt")
                .symlink("rel", "../outside");

        ExtractReport report = box.extract(archive, options);

        box.assertOutsideUntouched();
        Path passwd = box.inTarget("passwd");
        assertTrue(Files.isRegularFile(passwd, NOFOLLOW));
        assertEquals("pwned\n", Files.readString(passwd));
        assertEquals(0600, mode(passwd) & 07777, "the mode went to the new file, not through the link");
        assertTrue(Files.isDirectory(box.inTarget("dir"), NOFOLLOW));
        assertEquals(0700, mode(box.inTarget("dir")) & 07777);
        assertEquals("../outside", Files.readSymbolicLink(box.inTarget("rel")).toString());
        assertEquals(0, report.skippedCount());
    }

    @Test
    void aSymlinkAlreadyOnDiskIsNeverFollowed() throws IOException {
        Files.createSymbolicLink(box.inTarget("pre"), box.base);
        Files.createSymbolicLink(box.inTarget("precanary"), box.canary);
        Files.createSymbolicLink(box.inTarget("predir"), box.outsideDir);
        box.record();
        TestArchive archive = new TestArchive()
                .file("pre/canary.txt", "pwned\n")
                .file("pre/dropped", "pwned\n")
                .dir("pre/sub")
                .symlink("pre/outside/l", "/")
                .file("predir/secret.txt", "pwned\n")
                .file("precanary", "replaced\n")                       // later wins: the link goes
                .dir("predir", 0555, 0);                               // and so does this one

        ExtractReport report = box.extract(archive, options);

        box.assertOutsideUntouched();
        assertEquals(5, report.skippedCount(), report.skipped().toString());
        assertEquals("replaced\n", Files.readString(box.inTarget("precanary")));
        assertFalse(Files.isSymbolicLink(box.inTarget("precanary")));
        assertTrue(Files.isDirectory(box.inTarget("predir"), NOFOLLOW));
        assertEquals(0555, mode(box.inTarget("predir")) & 07777);
        assertTrue(Files.isSymbolicLink(box.inTarget("pre")), "an untouched name keeps what was there");
    }

    @Test
    void aHardLinkAlreadyOnDiskIsReplacedNotWrittenThrough() throws IOException {
        Files.createLink(box.inTarget("hard"), box.canary);            // e.g. left by an earlier attack
        box.record();

        ExtractReport report = box.extract(new TestArchive().file("hard", 0644, 0, "pwned\n"), options);

        box.assertOutsideUntouched();
        assertEquals("pwned\n", Files.readString(box.inTarget("hard")));
        assertEquals(1, Files.getAttribute(box.canary, "unix:nlink"), "the old link was removed, not truncated");
        assertEquals(1, report.files());
    }

    @Test
    void hardLinksCannotPointOutside() throws IOException {
        Files.createSymbolicLink(box.inTarget("pl"), box.canary);
        box.record();
        TestArchive archive = new TestArchive()
                .link("../canary.txt", 7, 2, "")                       // refused: '..'
                .link("b", 7, 2, "pwned\n")                            // must not become a link to it
                .link(box.canary.toString(), 8, 2, "")                 // absolute: stripped, inside
                .link("c", 8, 2, "pwned\n")
                .link("pl", 9, 2, "")                                  // a link on disk to the canary
                .link("q", 9, 2, "pwned\n");

        ExtractReport report = box.extract(archive, options);

        box.assertOutsideUntouched();
        Path b = box.inTarget("b");
        assertEquals("pwned\n", Files.readString(b));
        assertEquals(1, Files.getAttribute(b, "unix:nlink"), "b is a file of its own");
        Path inside = box.target.resolve(box.canary.toString().substring(1));
        assertEquals("pwned\n", Files.readString(inside));
        assertEquals(key(inside), key(box.inTarget("c")));
        assertFalse(Files.isSymbolicLink(box.inTarget("pl")));
        assertEquals(key(box.inTarget("pl")), key(box.inTarget("q")));
        assertEquals("pwned\n", Files.readString(box.inTarget("pl")));
        assertNotEquals(key(box.canary), key(box.inTarget("q")));
        assertEquals(1, report.skippedCount());
        assertEquals(2, report.hardLinks());
    }

    @Test
    void aHardLinkGroupsFileReplacedByASymlinkDoesNotLeadItsDataOutside() throws IOException {
        TestArchive archive = new TestArchive()
                .link("a", 3, 3, "")
                .symlink("a", box.canary.toString())                   // a is now a link to the canary
                .link("b", 3, 3, "")                                   // must not become a link to it
                .link("c", 3, 3, "pwned\n");                           // nor write the data through it

        ExtractReport report = box.extract(archive, options);

        box.assertOutsideUntouched();
        assertTrue(Files.isSymbolicLink(box.inTarget("a")));
        assertEquals("pwned\n", Files.readString(box.inTarget("b")), "b started a new file for the group");
        assertEquals(key(box.inTarget("b")), key(box.inTarget("c")));
        assertNotEquals(key(box.canary), key(box.inTarget("b")));
        assertEquals(1, report.notesCount(), report.notes().toString());
        assertTrue(report.notes().get(0).reason().contains("was replaced by a later entry"));
    }

    @Test
    void aDirectoryReplacedByASymlinkIsNotWrittenBeneath() throws IOException {
        TestArchive archive = new TestArchive()
                .dir("d", 0700, 0)
                .symlink("d", box.outsideDir.toString())
                .file("d/x", "pwned\n")
                .file("d/secret.txt", "pwned\n")
                .dir("d/sub", 0777, 0);

        ExtractReport report = box.extract(archive, options);

        box.assertOutsideUntouched();                                 // outsideDir's mode too: no chmod through d
        assertTrue(Files.isSymbolicLink(box.inTarget("d")));
        assertEquals(3, report.skippedCount());
        report.skipped().forEach(n -> assertTrue(n.reason().contains("'d' is a symbolic link"), n.toString()));
    }

    /**
     * Directories are checked once per run: after "d" was walked through, a link that replaces its
     * child "d/n" is still caught by the next walk.
     */
    @Test
    void aCheckedDirectoryReplacedByASymlinkIsNotWrittenBeneath() throws IOException {
        TestArchive attack = new TestArchive()
                .dir("d", 0755, 0)
                .dir("d/m", 0700, 0)
                .file("d/m/first", "fine\n")
                .dir("d/n", 0700, 0)
                .symlink("d/n", box.outsideDir.toString())
                .file("d/n/x", "pwned\n")
                .file("d/m/second", "fine\n");
        ExtractReport report = box.extract(attack, options);
        box.assertOutsideUntouched();
        assertTrue(Files.isSymbolicLink(box.inTarget("d/n")));
        assertEquals("fine\n", Files.readString(box.inTarget("d/m/second")));
        assertEquals(1, report.skippedCount(), report.skipped().toString());
        assertTrue(report.skipped().get(0).reason().contains("'d/n' is a symbolic link"), report.skipped().toString());
    }

    /** An archive cut in the middle of a file's data fails with the offset and leaves no partial file. */
    @Test
    void aFileCutShortIsNotLeftBehind() throws IOException {
        byte[] whole = new TestArchive().file("kept", "whole\n").file("cut", "x".repeat(100_000)).bytes();
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 50_000);
        try (dev.remaster.cpio.CpioReader reader = dev.remaster.cpio.CpioReader.of(new java.io.ByteArrayInputStream(truncated))) {
            IOException e = assertThrows(IOException.class, () -> Extractor.to(box.inTarget(""), options).extract(reader));
            assertTrue(e.getMessage().contains("cut"), e.getMessage());
        }
        assertEquals("whole\n", Files.readString(box.inTarget("kept")), "entries before the cut are kept");
        assertTrue(Files.notExists(box.inTarget("cut"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                "the file cut short is removed");
        box.assertOutsideUntouched();
    }

    @Test
    void aNonEmptyDirectoryIsNotReplaced() throws IOException {
        TestArchive archive = new TestArchive()
                .dir("d")
                .file("d/keep", "kept\n")
                .symlink("d", box.outsideDir.toString())
                .file("d/keep2", "kept too\n");

        ExtractReport report = box.extract(archive, options);

        box.assertOutsideUntouched();
        assertTrue(Files.isDirectory(box.inTarget("d"), NOFOLLOW));
        assertEquals("kept too\n", Files.readString(box.inTarget("d/keep2")));
        assertEquals(1, report.skippedCount());
        assertTrue(report.skipped().get(0).reason().contains("non-empty directory"));
    }

    @Test
    void theTargetItselfCannotBeReplaced() throws IOException {
        TestArchive archive = new TestArchive()
                .symlink(".", box.base.toString())
                .symlink("/", "/")
                .file("./", "pwned\n")
                .file("x", "fine\n");

        ExtractReport report = box.extract(archive, options);

        box.assertOutsideUntouched();
        assertEquals(3, report.skippedCount());
        assertEquals("fine\n", Files.readString(box.inTarget("x")));
    }

    @Test
    void namesThatAreNotUtf8AreSkipped() throws IOException {
        byte[] name = {'a', (byte) 0xC0, (byte) 0xAF, 'b'};             // overlong '/' in UTF-8
        TestArchive archive = new TestArchive()
                .entry(CpioEntry.builder(name).mode(EntryType.REGULAR.bits() | 0644).nlink(1).size(3).build(),
                        new byte[] {'x', 'y', 'z'});

        ExtractReport report = box.extract(archive, options);

        box.assertOutsideUntouched();
        assertEquals(1, report.skippedCount());
        assertEquals(List.of(), list(box.target));
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW);
    }

    private static Object key(Path p) throws IOException {
        return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, NOFOLLOW).fileKey();
    }

    private static List<String> list(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
