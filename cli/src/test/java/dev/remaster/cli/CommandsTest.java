package dev.remaster.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandsTest {
    @TempDir
    Path dir;
    Path image;

    @BeforeEach
    void sample() throws IOException {
        image = SampleImages.write(dir);
    }

    @Test
    void lsListsNamesOfEverySegment() {
        CliRun r = CliRun.of("ls", image.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(String.join("\n", "kernel", ".", "etc", "etc/motd", "bin", "bin/busybox", "bin/sh", "dev",
                "dev/console", "home", "home/tc") + "\n", r.out());
    }

    @Test
    void lsLongShowsModesOwnersDevicesAndLinksWithSegmentBoundaries() {
        CliRun r = CliRun.of("ls", "-l", image.toString());
        assertEquals(0, r.exitCode(), r.err());
        String out = r.out();
        assertTrue(out.contains("# segment 0: none at offset 0"), out);
        assertTrue(out.contains("# segment 1: gzip at offset 512"), out);
        assertTrue(out.matches("(?s).*-rwsr-xr-x +1 0 +0 +7 .* bin/busybox\n.*"), out);
        assertTrue(out.matches("(?s).*crw------- +1 0 +0 +5, +1 .* dev/console\n.*"), out);
        assertTrue(out.matches("(?s).*lrwxrwxrwx +1 0 +0 +7 .* bin/sh -> busybox\n.*"), out);
        assertTrue(out.matches("(?s).*drwxr-x--- +2 1001 +50 .* home/tc\n.*"), out);
        assertTrue(out.contains("# 11 entries in 2 archive segments"), out);
    }

    @Test
    void lsJsonHasEveryField() {
        CliRun r = CliRun.of("ls", "--json", image.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("[\n  {\"segment\":0,\"name\":\"kernel\""), r.out());
        assertTrue(r.out().contains("\"name\":\"dev/console\",\"type\":\"char_device\",\"mode\":\"020600\""), r.out());
        assertTrue(r.out().contains("\"rdev\":[5,1]"), r.out());
        assertTrue(r.out().trim().endsWith("]"));
    }

    @Test
    void infoShowsSegments() {
        CliRun r = CliRun.of("info", image.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("none     newc"), r.out());
        assertTrue(r.out().contains("gzip     newc"), r.out());
        assertTrue(r.out().contains("11 entries"), r.out());
    }

    @Test
    void catWritesFileContents() throws IOException {
        CliRun r = CliRun.of("cat", image.toString(), "/etc/motd");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("welcome\n", r.out());
        CliRun twice = CliRun.of("cat", image.toString(), "etc/motd", "/etc/motd");
        assertEquals("welcome\nwelcome\n", twice.out(), twice.err());
        CliRun missing = CliRun.of("cat", image.toString(), "/etc/nothing");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("/etc/nothing"), missing.err());
    }

    @Test
    void editWithNoOperationWritesAnIdenticalImage() throws IOException {
        Path out = dir.resolve("same.img");
        CliRun r = CliRun.of("edit", image.toString(), "-o", out.toString(), "-q");
        assertEquals(0, r.exitCode(), r.err());
        assertArrayEquals(Files.readAllBytes(image), Files.readAllBytes(out));
    }

    @Test
    void editAppliesOperationsInOrder() throws IOException {
        Path src = dir.resolve("bootlocal.sh");
        Files.writeString(src, "#!/bin/sh\necho hello\n");
        Path out = dir.resolve("edited.img");
        CliRun r = CliRun.of("edit", image.toString(), "-o", out.toString(),
                "--put", src + "=/opt/bootlocal.sh:0775:0:50",
                "--mknod", "/dev/ttyS1=c:4:65:0660",
                "--symlink", "/bin/vi=busybox",
                "--chmod", "/bin/busybox=0755",
                "--rm", "/etc/motd",
                "--mkdir", "/tmp:1777");
        assertEquals(0, r.exitCode(), r.err());
        String ls = CliRun.of("ls", "-l", out.toString()).out();
        assertTrue(ls.matches("(?s).*-rwxrwxr-x +1 0 +50 +21 .* opt/bootlocal.sh\n.*"), ls);
        assertTrue(ls.matches("(?s).*crw-rw---- +1 0 +0 +4, +65 .* dev/ttyS1\n.*"), ls);
        assertTrue(ls.contains("bin/vi -> busybox"), ls);
        assertTrue(ls.matches("(?s).*-rwxr-xr-x +1 0 +0 +7 .* bin/busybox\n.*"), ls);
        assertTrue(ls.matches("(?s).*drwxrwxrwt .* tmp\n.*"), ls);
        assertFalse(ls.contains("etc/motd"), ls);
    }

    @Test
    void editAppendSegmentAddsTheChangeAfterTheImageAndRefusesDeletions() throws IOException {
        Path src = dir.resolve("bootlocal.sh");
        Files.writeString(src, "#!/bin/sh\necho hello\n");
        byte[] before = Files.readAllBytes(image);
        Path copy = Files.copy(image, dir.resolve("inplace.img"));
        CliRun r = CliRun.of("edit", "-q", copy.toString(), "--in-place", "--append-segment",
                "--put", src + "=/etc/bootlocal.sh:0775:0:50", "--mkdir", "/opt/x");
        assertEquals(0, r.exitCode(), r.err());
        byte[] after = Files.readAllBytes(copy);
        assertArrayEquals(before, java.util.Arrays.copyOf(after, before.length));
        String ls = CliRun.of("ls", "-l", copy.toString()).out();
        assertTrue(ls.matches("(?s).*-rwxrwxr-x +1 0 +50 +21 .* etc/bootlocal.sh\n.*"), ls);
        assertTrue(ls.contains("opt/x"), ls);

        CliRun refused = CliRun.of("edit", image.toString(), "-o", dir.resolve("no.img").toString(), "--append-segment",
                "--rm", "/etc/motd");
        assertEquals(1, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("/etc/motd"), refused.err());
        assertFalse(Files.exists(dir.resolve("no.img")));
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
    }

    @Test
    void badUsageExitsWithTwo() {
        assertEquals(2, CliRun.of("ls").exitCode());
        assertEquals(2, CliRun.of("edit", image.toString()).exitCode());
        CliRun bad = CliRun.of("edit", image.toString(), "-o", "x", "--chmod", "/bin=99");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("octal"), bad.err());
    }

    @Test
    void corruptInputExitsWithThreeAndNamesTheOffset() throws IOException {
        Path junk = dir.resolve("junk.img");
        byte[] data = Files.readAllBytes(image);
        data[600] ^= 0x7f;
        data[601] ^= 0x7f;
        data[700] ^= 0x7f;
        Files.write(junk, data);
        CliRun r = CliRun.of("ls", junk.toString());
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.err().contains(junk.toString()), r.err());
        assertTrue(r.err().contains("offset"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        CliRun trace = CliRun.of("ls", "--stacktrace", junk.toString());
        assertTrue(trace.err().lines().count() > 3, trace.err());
    }

    @Test
    void inPlaceEditKeepsTheOriginalWhenAnOperationFails() throws IOException {
        byte[] before = Files.readAllBytes(image);
        CliRun r = CliRun.of("edit", image.toString(), "--in-place", "--rm", "/no/such/file");
        assertEquals(1, r.exitCode());
        assertArrayEquals(before, Files.readAllBytes(image));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void diffExitsOneWhenImagesDifferAndZeroWhenTheyDoNot() throws IOException {
        Path out = dir.resolve("edited.img");
        assertEquals(0, CliRun.of("edit", image.toString(), "-o", out.toString(), "-q", "--chmod", "/etc/motd=0600",
                "--mkdir", "/opt").exitCode());
        CliRun same = CliRun.of("diff", image.toString(), image.toString());
        assertEquals(0, same.exitCode(), same.err());
        assertEquals("", same.out());
        CliRun d = CliRun.of("diff", image.toString(), out.toString());
        assertEquals(1, d.exitCode(), d.err());
        assertTrue(d.out().contains("~ /etc/motd  mode: -rw-r--r--"), d.out());
        assertTrue(d.out().contains("+ /opt  drwxr-xr-x"), d.out());
        CliRun json = CliRun.of("diff", "--json", image.toString(), out.toString());
        assertTrue(json.out().contains("{\"kind\":\"changed\",\"path\":\"/etc/motd\",\"fields\":[\"mode\"]"), json.out());
    }

    @Test
    void createFromADirectoryAndFromASpecAndBackThroughLsSpec() throws IOException {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("etc"));
        Files.writeString(tree.resolve("etc/motd"), "hi\n");
        Files.createSymbolicLink(tree.resolve("sh"), Path.of("busybox"));
        Path fromDir = dir.resolve("tree.img.gz");
        CliRun r = CliRun.of("create", tree.toString(), "-o", fromDir.toString(), "--owner", "0:0", "-q");
        assertEquals(0, r.exitCode(), r.err());
        String ls = CliRun.of("ls", fromDir.toString()).out();
        assertEquals(".\netc\netc/motd\nsh\n", ls);
        assertTrue(CliRun.of("info", fromDir.toString()).out().contains("gzip"));

        Path list = dir.resolve("initramfs.list");
        Files.writeString(list, String.join("\n", "# a tiny root", "dir /dev 0755 0 0",
                "nod /dev/console 0600 0 0 c 5 1", "slink /bin/sh busybox 0777 0 0", "dir /bin 0755 0 0",
                "file /etc/motd etc/motd 0644 0 0", "dir /etc 0755 0 0", ""));
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/motd"), "from the spec\n");
        Path fromSpec = dir.resolve("spec.img");
        r = CliRun.of("create", list.toString(), "-o", fromSpec.toString(), "-q");
        assertEquals(0, r.exitCode(), r.err());
        String long_ = CliRun.of("ls", "-l", fromSpec.toString()).out();
        assertTrue(long_.matches("(?s).*crw------- +1 0 +0 +5, +1 .* dev/console\n.*"), long_);

        Path specDir = dir.resolve("spec-out");
        CliRun spec = CliRun.of("ls", "--spec", specDir.toString(), image.toString());
        assertEquals(0, spec.exitCode(), spec.err());
        Path written = dir.resolve("again.list");
        Files.writeString(written, spec.out());
        Path again = dir.resolve("again.img");
        assertEquals(0, CliRun.of("create", written.toString(), "-o", again.toString(), "-q").exitCode());
        CliRun diff = CliRun.of("diff", image.toString(), again.toString());
        String d = diff.out();
        // A description file keeps no mtimes for directories, devices and links: only those differ.
        assertEquals(1, diff.exitCode(), d + diff.err());
        assertFalse(d.isBlank(), "diff reports the mtimes the description file did not keep");
        for (String line : d.lines().toList()) {
            assertTrue(line.startsWith("~ ") && line.contains("  mtime: "), d);
        }
        assertTrue(d.contains("~ /etc  mtime: ") || d.contains("~ etc  mtime: "), d);
    }

    @Test
    void createRejectsAMalformedSpecWithItsLineNumber() throws IOException {
        Path list = dir.resolve("bad.list");
        Files.writeString(list, "dir /etc 0755 0 0\nnod /dev/x 0600 0 0 c five 1\n");
        CliRun r = CliRun.of("create", list.toString(), "-o", dir.resolve("x.img").toString());
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.err().contains("bad.list:2"), r.err());
        assertFalse(Files.exists(dir.resolve("x.img")));
    }

    @Test
    void extractUnpacksEverySegmentWithModesAndReportsWhatItSkipped() throws IOException {
        Path out = dir.resolve("root");
        CliRun r = CliRun.of("extract", image.toString(), out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("welcome\n", Files.readString(out.resolve("etc/motd")));
        assertTrue(Files.isDirectory(out.resolve("kernel")));
        assertEquals("busybox", Files.readSymbolicLink(out.resolve("bin/sh")).toString());
        assertEquals("rwxr-x---", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(out.resolve("home/tc"))));
        // One privilege rule, root included: no device node, owner or setuid bit unless --rootfs.
        assertTrue(r.err().contains("skipped 1 device node, owners of 9 entries and setuid/setgid/sticky bits of 1 entry"), r.err());
        assertTrue(r.err().contains("(give --rootfs)"), r.err());
        assertTrue(r.err().contains("10 entries"), r.err());
        if (dev.remaster.extract.ExtractOptions.defaults().privileged()) {
            Path rootfs = dir.resolve("rootfs");
            CliRun faithful = CliRun.of("extract", "--rootfs", image.toString(), rootfs.toString());
            assertEquals(0, faithful.exitCode(), faithful.err());
            assertTrue(faithful.err().contains("11 entries"), faithful.err());
            assertFalse(faithful.err().contains("skipped"), faithful.err());
            assertEquals(1001, Files.getAttribute(rootfs.resolve("home/tc"), "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS));
        }

        Path some = dir.resolve("some");
        CliRun part = CliRun.of("extract", image.toString(), some.toString(), "/etc", "-q");
        assertEquals(0, part.exitCode(), part.err());
        assertTrue(Files.exists(some.resolve("etc/motd")));
        assertFalse(Files.exists(some.resolve("bin")));
        assertEquals(1, CliRun.of("extract", image.toString(), dir.resolve("none").toString(), "/nothing", "-q").exitCode());
    }

    @Test
    void everyExtractLimitCanBeSetAndItsMessageNamesTheOption() throws IOException {
        Object[][] limits = {{"--max-depth", "1"}, {"--max-entries", "2"}, {"--max-name-size", "4"}, {"--max-bytes", "1"}};
        for (Object[] limit : limits) {
            CliRun r = CliRun.of("extract", image.toString(), dir.resolve("lim" + limit[0]).toString(), (String) limit[0], (String) limit[1]);
            assertEquals(1, r.exitCode(), limit[0] + ": " + r.err());
            assertTrue(r.err().contains("raise it with " + limit[0]), r.err());
            assertFalse(r.err().contains("ExtractOptions"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        CliRun raised = CliRun.of("extract", image.toString(), dir.resolve("raised").toString(), "-q",
                "--max-depth", "300", "--max-entries", "20000000", "--max-name-size", "8192", "--max-link-target-size", "8192");
        assertEquals(0, raised.exitCode(), raised.err());
    }

    @Test
    void createIntoTheTreeItArchivesLeavesItsOwnOutputOut() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("self"));
        Files.writeString(tree.resolve("motd"), "x");
        Files.writeString(tree.resolve("out.cpio"), "an older output");
        CliRun r = CliRun.of("create", tree.toString(), "-o", tree.resolve("out.cpio").toString(), "-q");
        assertEquals(0, r.exitCode(), r.err());
        CliRun ls = CliRun.of("ls", tree.resolve("out.cpio").toString());
        assertTrue(ls.out().contains("motd"), ls.out());
        assertFalse(ls.out().contains("out.cpio"), ls.out());
        assertFalse(ls.out().contains(".tmp"), ls.out());
    }

    @Test
    void anOdcArchiveWhoseInodesReachTheTopStaysEditable() throws IOException {
        java.io.ByteArrayOutputStream odc = new java.io.ByteArrayOutputStream();
        odcEntry(odc, "etc", 040755, 0777776, "");
        odcEntry(odc, "etc/motd", 0100644, 0777777, "hi\n");
        odcEntry(odc, "TRAILER!!!", 0, 0, "");
        Path img = dir.resolve("full-inodes.cpio");
        Files.write(img, odc.toByteArray());
        Path src = dir.resolve("new");
        Files.writeString(src, "new\n");
        Path out = dir.resolve("full-inodes-out.cpio");
        CliRun r = CliRun.of("edit", img.toString(), "-o", out.toString(), "-q", "--put", src + "=/etc/new");
        assertEquals(0, r.exitCode(), r.err());
        CliRun ls = CliRun.of("ls", "-l", out.toString());
        assertTrue(ls.out().contains("etc/new") && ls.out().contains("etc/motd"), ls.out());
        assertTrue(new String(Files.readAllBytes(out), java.nio.charset.StandardCharsets.US_ASCII).startsWith("070707"),
                "still odc");
    }

    private static void odcEntry(java.io.ByteArrayOutputStream out, String name, int mode, long ino, String data) {
        String header = String.format("070707%06o%06o%06o%06o%06o%06o%06o%011o%06o%011o",
                0, ino, mode, 0, 0, 1, 0, 0L, name.length() + 1, (long) data.length());
        out.writeBytes((header + name + "\0" + data).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void verifyReportsWhatTheKernelWouldDo() throws IOException {
        CliRun ok = CliRun.of("verify", image.toString());
        assertEquals(0, ok.exitCode(), ok.out() + ok.err());
        assertTrue(ok.out().contains("0 errors"), ok.out());
        Path odc = dir.resolve("odc.cpio");
        Path tree = Files.createDirectories(dir.resolve("tree/etc"));
        Files.writeString(tree.resolve("motd"), "x");
        CliRun created = CliRun.of("create", tree.getParent().toString(), "-o", odc.toString(), "--format", "odc", "-q");
        assertEquals(0, created.exitCode(), created.err());
        CliRun bad = CliRun.of("verify", odc.toString());
        assertEquals(1, bad.exitCode(), bad.out() + bad.err());
        assertTrue(bad.out().contains("ERROR FORMAT_REJECTED"), bad.out());
        CliRun json = CliRun.of("verify", "--json", odc.toString());
        assertTrue(json.out().contains("\"code\":\"format_rejected\""), json.out());
    }

    @Test
    void reproducibleEditsAreByteIdentical() throws IOException {
        // The two runs add a file whose mtime differs, in different seconds (as two builds at different times would);
        // without --reproducible the outputs differ, with it they must not.
        Path src = dir.resolve("added");
        Files.writeString(src, "added\n");
        Path a = dir.resolve("a.img");
        Path b = dir.resolve("b.img");
        Path plainA = dir.resolve("plain-a.img");
        Path plainB = dir.resolve("plain-b.img");
        Files.setLastModifiedTime(src, java.nio.file.attribute.FileTime.from(1_000_000_000L, TimeUnit.SECONDS));
        assertEquals(0, CliRun.of("edit", image.toString(), "-o", plainA.toString(), "-q",
                "--mkdir", "/opt", "--put", src + "=/opt/added").exitCode());
        assertEquals(0, CliRun.of("edit", image.toString(), "-o", a.toString(), "-q", "--reproducible",
                "--mkdir", "/opt", "--put", src + "=/opt/added").exitCode());
        Files.setLastModifiedTime(src, java.nio.file.attribute.FileTime.from(1_900_000_000L, TimeUnit.SECONDS));
        // Edits stamp new entries with the current time: make the second pair run in a later second.
        long second = java.time.Instant.now().getEpochSecond();
        while (java.time.Instant.now().getEpochSecond() == second) {
            Thread.onSpinWait();
        }
        assertEquals(0, CliRun.of("edit", image.toString(), "-o", plainB.toString(), "-q",
                "--mkdir", "/opt", "--put", src + "=/opt/added").exitCode());
        assertEquals(0, CliRun.of("edit", image.toString(), "-o", b.toString(), "-q", "--reproducible",
                "--mkdir", "/opt", "--put", src + "=/opt/added").exitCode());
        assertFalse(Arrays.equals(Files.readAllBytes(plainA), Files.readAllBytes(plainB)),
                "the two runs' inputs differ in time");
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertEquals(0, CliRun.of("verify", a.toString()).exitCode());
    }
}
