package dev.remaster.extract;

import dev.remaster.testing.Peers;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioReader;
import dev.remaster.cpio.CpioWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Extraction by an ordinary user, for real: run as root (as CI runs), the test starts a JVM as
 * {@code nobody} with {@code setpriv}, where permissions are enforced: read-only and unreadable
 * directories must still be filled, files of mode 0000 replaced, and a second extraction into the
 * same target must get past what the first one left.
 */
class OrdinaryUserTest {
    private static final int NOBODY = 65534;

    @TempDir
    Path tempDir;

    @Test
    void anOrdinaryUserExtractsReadOnlyTreesTwiceIntoTheSameTarget() throws Exception {
        assumeTrue(ExtractOptions.defaults().privileged(), "needs root to start a process as nobody");
        Peers.assumePeer("setpriv");
        Files.setAttribute(tempDir, "unix:mode", 0755);
        Path work = Files.createDirectory(tempDir.resolve("work"));
        Files.setAttribute(work, "unix:uid", NOBODY);
        Path out = work.resolve("out");

        for (int run = 1; run <= 2; run++) {
            String output = runAsNobody(out);
            assertTrue(output.startsWith("privileged=false\n"), output);
            assertTrue(output.contains("skipped 1 device node, 1 FIFO, owners of 8 entries and setuid/setgid/sticky"
                    + " bits of 1 entry: not running as root"), "run " + run + ": " + output);
        }

        assertEquals(0555, mode(out.resolve("ro")));
        assertEquals(0, mode(out.resolve("ro/none")));
        assertEquals(0, mode(out.resolve("ro/file")));
        assertArrayEquals(new byte[] {4, 5, 6}, Files.readAllBytes(out.resolve("ro/file")), "the later entry won");
        assertEquals(0444, mode(out.resolve("ro/h2")));
        assertEquals("link", Files.readString(out.resolve("ro/h1")));
        assertEquals(2, Files.getAttribute(out.resolve("ro/h1"), "unix:nlink"));
        assertEquals(0755, mode(out.resolve("su")));
        assertEquals(NOBODY, Files.getAttribute(out.resolve("ro/file"), "unix:uid"));
        assertEquals(2_000_000_000_000L, Files.getLastModifiedTime(out.resolve("ro")).toMillis());
        assertEquals(List.of("ro", "su"), List.of(out.toFile().list()).stream().sorted().toList());
    }

    private static String runAsNobody(Path out) throws IOException, InterruptedException {
        String classPath = location(Extractor.class) + File.pathSeparator + location(OrdinaryUserTest.class);
        Process p = new ProcessBuilder(Peers.find("setpriv").orElseThrow().toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, OrdinaryUserTest.class.getName(), out.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        return output;
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    /** What the child JVM runs, as nobody: extracts the scenario into {@code args[0]} and prints the summary. */
    public static void main(String[] args) throws IOException {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(archive)) {
            w.write(CpioEntry.directory("ro", 0555).toBuilder().mtime(2_000_000_000L).build());
            w.write(CpioEntry.directory("ro/none", 0).toBuilder().mtime(1_000_000_000L).build());
            w.write(CpioEntry.file("ro/file", 0, 3), new byte[] {1, 2, 3});
            w.write(CpioEntry.builder("ro/h1").mode(0100444).inode(5).nlink(2).size(0).build());
            w.write(CpioEntry.builder("ro/h2").mode(0100444).inode(5).nlink(2).size(4).build(),
                    "link".getBytes(StandardCharsets.US_ASCII));
            w.write(CpioEntry.file("ro/file", 0, 3), new byte[] {4, 5, 6});
            w.write(CpioEntry.file("su", 04755, 0));
            w.write(CpioEntry.charDevice("null", 0666, 1, 3));
            w.write(CpioEntry.fifo("fifo", 0600));
            w.write(CpioEntry.file("ro/none/deep", 0, 0));
        }
        ExtractOptions options = ExtractOptions.defaults();
        System.out.println("privileged=" + options.privileged());
        try (CpioReader reader = CpioReader.of(new ByteArrayInputStream(archive.toByteArray()))) {
            ExtractReport report = Extractor.to(Path.of(args[0]), options).extract(reader);
            report.summary().forEach(System.out::println);
            report.skipped().forEach(System.out::println);
        }
    }
}
