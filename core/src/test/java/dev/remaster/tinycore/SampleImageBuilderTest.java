package dev.remaster.tinycore;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryType;
import dev.remaster.overlay.EditableImage;
import dev.remaster.overlay.SaveOptions;
import dev.remaster.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The committed sample image: what it holds, that it is what the builder makes, that the tool reads it. */
class SampleImageBuilderTest {
    @TempDir
    Path dir;

    private static byte[] gunzip(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return in.readAllBytes();
        }
    }

    @Test
    void theCommittedSampleIsWhatTheBuilderMakes() throws IOException {
        byte[] built = SampleImageBuilder.cpio(SampleImages.dir().resolve("core-sample.list"), SampleImages.dir().resolve("root"));
        // The archive, not the gzip bytes: another zlib may compress differently.
        assertArrayEquals(built, gunzip(SampleImages.committed()), "rerun testdata/tinycore/make-sample.sh");
        assertArrayEquals(built, SampleImageBuilder.cpio(SampleImages.dir().resolve("core-sample.list"),
                SampleImages.dir().resolve("root")), "the builder is not reproducible");
    }

    @Test
    void gnuCpioListsTheSampleAsTheReadmeShowsAndAsWeReadIt() throws Exception {
        Peers.assumePeer("cpio");
        Path cpio = dir.resolve("core-sample.cpio");
        Files.write(cpio, gunzip(SampleImages.committed()));
        ProcessBuilder pb = new ProcessBuilder("cpio", "-tv", "--quiet").redirectInput(cpio.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("TZ", "UTC");
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "cpio -tv");

        String readme = Files.readString(SampleImages.dir().resolve("README.md"));
        int at = readme.indexOf("```\n", readme.indexOf("cpio -tv` (GNU cpio")) + 4;
        assertEquals(readme.substring(at, readme.indexOf("```", at)), listing,
                "GNU cpio's listing of the sample is the one testdata/tinycore/README.md shows");

        // Each line agrees with what our reader sees: the name, the type and the size.
        List<String> lines = listing.lines().toList();
        List<Map.Entry<String, SampleImages.Item>> ours = List.copyOf(SampleImages.tree(SampleImages.committed()).entrySet());
        assertEquals(lines.size(), ours.size(), listing);
        Pattern line = Pattern.compile("^(.)\\S+ +\\d+ +\\S+ +\\S+ +(\\d+) [A-Z][a-z]{2} +\\d+ +\\d{4} (.*?)(?: -> .*)?$");
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = line.matcher(lines.get(i));
            CpioEntry e = ours.get(i).getValue().entry();
            if (e.type() == EntryType.CHAR_DEVICE || e.type() == EntryType.BLOCK_DEVICE) {
                assertEquals(e.type() == EntryType.CHAR_DEVICE ? 'c' : 'b', lines.get(i).charAt(0), lines.get(i));
                assertTrue(lines.get(i).endsWith(" " + e.name()), lines.get(i));
                continue;
            }
            assertTrue(m.matches(), lines.get(i));
            assertEquals(e.name(), m.group(3), lines.get(i));
            assertEquals(e.size(), Long.parseLong(m.group(2)), lines.get(i));
            String type = switch (e.type()) {
                case DIRECTORY -> "d";
                case SYMLINK -> "l";
                case REGULAR -> "-";
                default -> m.group(1);
            };
            assertEquals(type, m.group(1), lines.get(i));
        }
    }

    @Test
    void theGzipHeaderHasNoNameNoTimeAndNoFlags() throws IOException {
        byte[] gz = Files.readAllBytes(SampleImages.committed());
        assertEquals(0x1f, gz[0] & 0xff);
        assertEquals(0x8b, gz[1] & 0xff);
        assertEquals(8, gz[2]);
        assertEquals(0, gz[3], "flags");
        assertArrayEquals(new byte[4], java.util.Arrays.copyOfRange(gz, 4, 8), "mtime");
        assertTrue(gz.length < 8192, "the sample should stay a few KB: " + gz.length);
    }

    @Test
    void itHoldsATinyCoreShapedTree() throws IOException {
        Map<String, SampleImages.Item> t = SampleImages.tree(SampleImages.committed());
        assertEquals("DIRECTORY 01777 0:0", t.get("/tmp").summary());
        assertEquals("DIRECTORY 02775 0:50", t.get("/opt").summary());
        assertEquals("REGULAR 0775 0:50", t.get("/opt/bootlocal.sh").summary());
        assertEquals("REGULAR 0775 0:50", t.get("/opt/bootsync.sh").summary());
        assertEquals("DIRECTORY 02750 1001:50", t.get("/home/tc").summary());
        assertEquals("DIRECTORY 0775 0:50", t.get("/usr/local/tce.installed").summary());
        for (String d : List.of("/bin", "/sbin", "/etc", "/etc/init.d", "/etc/sysconfig", "/dev", "/proc", "/root", "/run",
                "/sys", "/usr/bin", "/var")) {
            assertEquals(EntryType.DIRECTORY, t.get(d).entry().type(), d);
        }
        assertDevice(t, "/dev/console", EntryType.CHAR_DEVICE, 5, 1);
        assertDevice(t, "/dev/null", EntryType.CHAR_DEVICE, 1, 3);
        assertDevice(t, "/dev/tty0", EntryType.CHAR_DEVICE, 4, 0);
        assertDevice(t, "/dev/sda", EntryType.BLOCK_DEVICE, 8, 0);
        assertEquals("busybox", t.get("/bin/sh").entry().linkTarget().orElseThrow());
        assertEquals("../bin/busybox", t.get("/sbin/init").entry().linkTarget().orElseThrow());
        // Two names of one file: the data on the last one written.
        var motd = t.get("/etc/motd").entry();
        var issue = t.get("/etc/issue").entry();
        assertEquals(2, motd.nlink());
        assertEquals(motd.inode(), issue.inode());
        assertEquals(0, issue.size());
        assertTrue(t.get("/etc/motd").text().startsWith("Remaster sample image"));
        assertTrue(t.get("/etc/passwd").text().contains("tc:x:1001:50:"));
        assertTrue(t.get("/etc/group").text().contains("staff:x:50:"));
        assertTrue(t.get("/etc/shadow").text().startsWith("root:"));
        assertTrue(t.get("/bin/busybox").data().length < 100, "no busybox binary in the sample");
        assertTrue(t.get("/etc/init.d/tc-config").text().contains("for code in $(cat /proc/cmdline)"));
    }

    private static void assertDevice(Map<String, SampleImages.Item> t, String path, EntryType type, int major, int minor) {
        var e = t.get(path).entry();
        assertEquals(type, e.type(), path);
        assertEquals(major, e.rdevMajor(), path);
        assertEquals(minor, e.rdevMinor(), path);
    }

    @Test
    void everyScriptIsValidShell() throws Exception {
        List<Shells.Shell> shells = Shells.available();
        assumeFalse(shells.isEmpty(), "no /bin/sh and no busybox: cannot check the scripts");
        Map<String, SampleImages.Item> t = SampleImages.tree(SampleImages.committed());
        int checked = 0;
        for (var e : t.entrySet()) {
            String text = e.getValue().text();
            boolean script = text.startsWith("#!/bin/sh") || e.getKey().equals("/etc/init.d/tc-functions");
            if (e.getValue().entry().type() == EntryType.REGULAR && script) {
                Path f = dir.resolve("script-" + checked++);
                Files.writeString(f, text);
                for (Shells.Shell sh : shells) {
                    Shells.Run r = Shells.run(sh, dir, Map.of(), "-n", f.toString());
                    assertEquals(0, r.exit(), sh + " -n " + e.getKey() + ": " + r.err());
                }
            }
        }
        assertEquals(8, checked);
    }

    @Test
    void theToolOpensItAndWritesItBackByteForByte() throws IOException {
        Path out = dir.resolve("out.gz");
        try (EditableImage image = EditableImage.open(SampleImages.committed())) {
            assertFalse(image.isModified());
            assertEquals("box\n", Files.readString(image.fileSystem().getPath("/etc/hostname")));
            image.writeTo(out, SaveOptions.defaults().withThreads(1));
        }
        assertArrayEquals(Files.readAllBytes(SampleImages.committed()), Files.readAllBytes(out));
    }
}
