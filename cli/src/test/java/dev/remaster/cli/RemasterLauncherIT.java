package dev.remaster.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end: the ./remaster launcher at the repository root, on the testdata images, after packaging. */
class RemasterLauncherIT {
    /** The name in a line of {@code cpio -tv}: what follows the date. */
    private static final java.util.regex.Pattern TV_NAME =
            java.util.regex.Pattern.compile(" [A-Z][a-z]{2} +\\d{1,2} +(?:\\d{4}|\\d\\d:\\d\\d) (.*)$");
    static final Path ROOT = Path.of(Objects.requireNonNullElse(System.getProperty("remaster.root"), "..")).toAbsolutePath();

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run remaster(String... args) throws IOException, InterruptedException {
        return remaster(Map.of(), args);
    }

    private Run remaster(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("remaster").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        pb.environment().putAll(env);
        pb.redirectError(dir.resolve("stderr").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "remaster " + String.join(" ", args) + " did not finish");
        return new Run(p.exitValue(), out, Files.readString(dir.resolve("stderr")));
    }

    @Test
    void theReadmeMainJobWorks() throws Exception {
        Path out = dir.resolve("core-remastered.gz");
        Run edit = remaster("tinycore", "edit", "testdata/tinycore/core-sample.gz", "-o", out.toString(),
                "--boot-codes", "tce=vda1 home=vda3 opt=vda3", "--bootlocal", "echo remastered > /dev/console");
        assertEquals(0, edit.code(), edit.err());
        Run ls = remaster("ls", "-l", out.toString());
        assertEquals(0, ls.code(), ls.err());
        assertTrue(ls.out().contains("./etc/remaster/bootcodes"), ls.out());
        Run verify = remaster("verify", out.toString());
        assertEquals(0, verify.code(), verify.out() + verify.err());
    }

    @Test
    void everyCpioFixtureLists() throws Exception {
        try (var files = Files.list(ROOT.resolve("testdata/cpio"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".cpio")).sorted().toList()) {
                Run ls = remaster("ls", f.toString());
                assertEquals(0, ls.code(), f + ": " + ls.err());
                // The names, in order, that GNU cpio -tv listed when the fixture was made (the .tv beside it).
                List<String> expected = new ArrayList<>();
                String tv = f.toString().replaceFirst("\\.cpio$", ".tv");
                for (String line : Files.readAllLines(Path.of(tv), StandardCharsets.UTF_8)) {
                    java.util.regex.Matcher m = TV_NAME.matcher(line);
                    assertTrue(m.find(), tv + ": " + line);
                    expected.add(m.group(1).replaceFirst(" -> .*$", ""));
                }
                assertEquals(30, expected.size(), tv);
                assertEquals(expected, ls.out().lines().toList(), f.toString());
            }
        }
    }

    @Test
    void versionHelpAndUsageErrors() throws Exception {
        Run version = remaster("--version");
        assertEquals(0, version.code(), version.err());
        assertTrue(version.out().startsWith("remaster "), version.out());
        Run help = remaster("--help");
        assertTrue(help.out().contains("tinycore"), help.out());
        assertEquals(2, remaster("no-such-command").code());
        Run missing = remaster("ls", dir.resolve("missing.gz").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("missing.gz"), missing.err());
    }

    /** The JIT tier the launcher chose for a command: the JVM prints its final flags first. */
    private int tieredStopAtLevel(String... args) throws Exception {
        Run run = remaster(Map.of("REMASTER_JAVA_OPTS", "-XX:+PrintFlagsFinal"), args);
        assertEquals(0, run.code(), run.err());
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("intx TieredStopAtLevel\\s+= (\\d)").matcher(run.out());
        assertTrue(m.find(), run.out());
        return Integer.parseInt(m.group(1));
    }

    @Test
    void extractAndCreateUseC1OnlyWithoutTheCodecsThatNeedC2() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(tree.resolve("file"), "remaster");
        assertEquals(1, tieredStopAtLevel("create", "-q", tree.toString(), "-o", dir.resolve("t.cpio").toString()));
        assertEquals(1, tieredStopAtLevel("create", "-q", tree.toString(), "-o", dir.resolve("t.zst").toString()));
        assertEquals(1, tieredStopAtLevel("create", "-q", tree.toString(), "-o", dir.resolve("t.gz").toString()));
        assertEquals(1, tieredStopAtLevel("create", "-q", "--level", "9", tree.toString(), "-o", dir.resolve("t9.gz").toString()));
        assertEquals(1, tieredStopAtLevel("create", "-q", "--level=4", tree.toString(), "-o", dir.resolve("t4.zst").toString()));
        // zstd from level 5 on: the encoder's own loops run long enough for C2.
        assertEquals(4, tieredStopAtLevel("create", "-q", "--level", "9", tree.toString(), "-o", dir.resolve("t9.zst").toString()));
        assertEquals(4, tieredStopAtLevel("create", "-q", "--compress=zstd", "--level=19", tree.toString(),
                "-o", dir.resolve("t19.img").toString()));
        // xz, lzma and bzip2 are Java codecs whose loops need C2: by the name or by --compress.
        assertEquals(4, tieredStopAtLevel("create", "-q", tree.toString(), "-o", dir.resolve("t.xz").toString()));
        assertEquals(4, tieredStopAtLevel("create", "-q", "--compress", "bzip2", tree.toString(),
                "-o", dir.resolve("t.img").toString()));
        assertEquals(4, tieredStopAtLevel("create", "-q", "--compress=lzma", tree.toString(),
                "-o", dir.resolve("t2.img").toString()));
        // extract tells the codec by the image's first bytes, whatever its name (names without a codec's).
        Files.move(dir.resolve("t.xz"), dir.resolve("a.img"));
        Files.move(dir.resolve("t.img"), dir.resolve("b.img"));
        Files.move(dir.resolve("t2.img"), dir.resolve("c.img"));
        for (String image : List.of("a.img", "b.img", "c.img")) {
            assertEquals(4, tieredStopAtLevel("extract", "-q", dir.resolve(image).toString(),
                    dir.resolve("out-" + image).toString()), image);
        }
        for (String image : List.of("t.cpio", "t.zst", "t.gz")) {
            assertEquals(1, tieredStopAtLevel("extract", "-q", dir.resolve(image).toString(),
                    dir.resolve("out-" + image).toString()), image);
        }
        assertEquals("remaster", Files.readString(dir.resolve("out-t.zst/file")));
    }
}
