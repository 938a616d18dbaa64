package dev.remaster.cli;

import dev.remaster.testing.Peers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code remaster tcz}: create, then ls -l equals {@code unsquashfs -lln}; errors give the cpio commands' exit codes. */
class TczCommandTest {
    @TempDir
    Path dir;

    @Test
    void createThenListLikeUnsquashfs() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/usr/local/bin"));
        Files.writeString(src.resolve("hello"), "#!/bin/sh\necho hello\n");
        Files.createSymbolicLink(src.resolve("link"), Path.of("hello"));
        Files.createDirectories(dir.resolve("src/usr/local/tce.installed"));
        Path img = dir.resolve("x.tcz");
        CliRun c = CliRun.of("tcz", "create", dir.resolve("src").toString(), "-o", img.toString(), "-q");
        assertEquals(0, c.exitCode(), c.err());
        CliRun ls = CliRun.of("tcz", "ls", "-l", img.toString());
        assertEquals(0, ls.exitCode(), ls.err());
        CliRun names = CliRun.of("tcz", "ls", img.toString());
        assertTrue(names.out().contains("/usr/local/bin/hello\n"), names.out());

        Path out = dir.resolve("out");
        CliRun x = CliRun.of("tcz", "extract", img.toString(), out.toString(), "-q");
        assertEquals(0, x.exitCode(), x.err());
        assertEquals("#!/bin/sh\necho hello\n", Files.readString(out.resolve("usr/local/bin/hello")));
        assertEquals(Path.of("hello"), Files.readSymbolicLink(out.resolve("usr/local/bin/link")));
        assertTrue(Files.isDirectory(out.resolve("usr/local/tce.installed")));

        Peers.assumePeer("unsquashfs");
        ProcessBuilder pb = new ProcessBuilder("unsquashfs", "-lln", img.toString());
        pb.environment().put("TZ", ZoneId.systemDefault().getId());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String expected = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertEquals(expected, ls.out());
    }

    @Test
    void corruptImageExitsThreeWithOffset() throws Exception {
        Path bad = Files.write(dir.resolve("bad.tcz"), new byte[200]);
        CliRun r = CliRun.of("tcz", "ls", bad.toString());
        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains("at offset 0 (0x0): bad magic"), r.err());
    }

    @Test
    void badCompressorIsUsage() {
        CliRun r = CliRun.of("tcz", "create", dir.toString(), "-o", dir.resolve("o.tcz").toString(), "--compress", "bzip2");
        assertEquals(2, r.exitCode(), r.err());
    }
}
