package dev.remaster.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per error message: one line, the user's path, the OS's reason, command-line names only. */
class ErrorMessagesTest {
    @TempDir
    Path dir;
    Path image;

    @BeforeEach
    void sample() throws IOException {
        image = SampleImages.write(dir);
    }

    private static void assertOneLine(CliRun r) {
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void missingImageSaysNoSuchFile() {
        CliRun r = CliRun.of("ls", dir.resolve("nope.img").toString());
        assertEquals(1, r.exitCode());
        assertEquals("remaster ls: " + dir.resolve("nope.img") + ": no such file or directory\n", r.err());
    }

    @Test
    void directoryAsImageNamesThePath() {
        CliRun r = CliRun.of("info", dir.toString());
        assertEquals(1, r.exitCode());
        assertEquals("remaster info: " + dir + ": is a directory, not an image\n", r.err());
    }

    @Test
    void unreadableImageGivesPermissionDenied() {
        // Root reads every file, so the mapping is checked on the exception the check throws.
        assertEquals("/x/initrd.img: permission denied",
                Main.describe(new AccessDeniedException("/x/initrd.img", null, "permission denied")));
        assertEquals("/x/initrd.img: permission denied", Main.describe(new AccessDeniedException("/x/initrd.img")));
        assertEquals("/x/out.gz: no space left on device",
                Main.describe(new FileSystemException("/x/out.gz", null, "No space left on device")));
    }

    @Test
    void outputInAMissingDirectoryNamesTheOutputNotATemporaryFile() {
        Path out = dir.resolve("no/such/dir/out.gz");
        CliRun r = CliRun.of("edit", image.toString(), "-o", out.toString());
        assertEquals(1, r.exitCode());
        assertOneLine(r);
        assertEquals("remaster edit: " + out + ": no such directory\n", r.err());
        assertFalse(r.err().contains(".tmp"), r.err());
    }

    @Test
    void outputOverADirectoryNamesIt() throws IOException {
        Path out = Files.createDirectory(dir.resolve("outdir"));
        CliRun r = CliRun.of("edit", image.toString(), "-o", out.toString());
        assertEquals(1, r.exitCode());
        assertOneLine(r);
        assertEquals("remaster edit: " + out + ": is a directory\n", r.err());
        assertFalse(r.err().contains(".tmp"), r.err());
    }

    @Test
    void specNamingAMissingFileSaysSoInOneLine() throws IOException {
        Path spec = dir.resolve("initramfs.list");
        Files.writeString(spec, "file /init " + dir.resolve("missing-init") + " 0755 0 0\n");
        CliRun r = CliRun.of("create", spec.toString(), "-o", dir.resolve("out.img").toString());
        assertEquals(1, r.exitCode(), r.err());
        assertOneLine(r);
        assertTrue(r.err().contains(dir.resolve("missing-init").toString()), r.err());
        assertFalse(r.err().contains("java."), r.err());
    }

    @Test
    void mkdirOverAFileIsOneLineWithTheReason() {
        CliRun r = CliRun.of("edit", image.toString(), "-o", dir.resolve("o.img").toString(), "--mkdir", "/etc/motd");
        assertTrue(r.exitCode() != 0);
        assertOneLine(r);
        assertTrue(r.err().contains("/etc/motd") && r.err().length() > "remaster edit: /etc/motd\n".length(), r.err());
    }

    @Test
    void libraryOptionNamesBecomeCommandLineOptions() {
        assertEquals("setuid bit not restored: not asked (give --special-bits)",
                OptionNames.forCommandLine("setuid bit not restored: not asked (ExtractOptions.restoreSpecialBits)"));
        assertEquals("too much: over the limit of 5 (raise it with --max-bytes if the archive is trusted)",
                OptionNames.forCommandLine(new dev.remaster.extract.ExtractLimitException("x", 0, "maxTotalBytes", 5,
                        "too much").getMessage().replaceFirst("^.*?: too much", "too much")));
        assertEquals("too deep: over the limit of 3 (raise it with --max-depth if the archive is trusted)",
                OptionNames.forCommandLine("too deep: over the limit of 3 (ExtractOptions.maxDepth; "
                        + "raise it with ExtractOptions.Builder.maxDepth if the archive is trusted)"));
        assertEquals("more than 5 entries (remaster extract raises it with --max-entries)",
                OptionNames.forCommandLine("more than 5 entries (raise Limits.maxEntries to read it)"));
        CliRun r = CliRun.of("extract", image.toString(), dir.resolve("x").toString(), "--max-bytes", "3");
        assertEquals(1, r.exitCode(), r.err());
        assertFalse(r.err().contains("ExtractOptions"), r.err());
        assertTrue(r.err().contains("--max-bytes"), r.err());
    }

    @Test
    void nestedCommandsGetTheirOwnHelpHint() {
        CliRun r = CliRun.of("tinycore", "edit", "--bogus", image.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Try 'remaster tinycore edit --help'"), r.err());
        CliRun b = CliRun.of("tinycore", "boot-codes", "--bogus", image.toString());
        assertTrue(b.err().contains("Try 'remaster tinycore boot-codes --help'"), b.err());
        CliRun top = CliRun.of("--bogus");
        assertTrue(top.err().contains("Try 'remaster --help'"), top.err());
        CliRun ls = CliRun.of("ls", "--bogus", image.toString());
        assertTrue(ls.err().contains("Try 'remaster ls --help'"), ls.err());
    }

    @Test
    void zstdLevelOutsideOneToNineteenIsOneLine() {
        CliRun r = CliRun.of("edit", image.toString(), "-o", dir.resolve("out.img").toString(),
                "--compress", "zstd", "--level", "20", "--mkdir", "/zstd-level");
        assertTrue(r.exitCode() != 0, r.err());
        assertEquals("remaster edit: --level 20 is outside 1..19 for zstd\n", r.err());
        assertFalse(java.nio.file.Files.exists(dir.resolve("out.img")));
    }
}
