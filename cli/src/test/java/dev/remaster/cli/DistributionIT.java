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

/** The .tar.gz that mvn package makes, unpacked where no checkout or Maven is near, runs the main job. */
class DistributionIT {
    static final Path ROOT = Path.of(Objects.requireNonNullElse(System.getProperty("remaster.root"), "..")).toAbsolutePath();

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(Path cwd, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        // Through sh, so that the command is looked up on the child's PATH.
        List<String> line = new ArrayList<>(List.of("sh", "-c", "exec \"$0\" \"$@\""));
        line.addAll(List.of(cmd));
        ProcessBuilder pb = new ProcessBuilder(line).directory(cwd.toFile());
        pb.environment().putAll(env);
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
        return new Run(p.exitValue(), out, Files.readString(err));
    }

    @Test
    void unpackedTarballRunsTheMainJobThroughASymlinkOnPath() throws Exception {
        List<Path> tarballs = new ArrayList<>();
        try (var files = Files.list(ROOT.resolve("cli/target"))) {
            files.filter(f -> f.getFileName().toString().matches("remaster-.*\\.tar\\.gz")).forEach(tarballs::add);
        }
        assertEquals(1, tarballs.size(), "one remaster-VERSION.tar.gz in cli/target: " + tarballs);
        Path opt = Files.createDirectories(dir.resolve("opt"));
        assertEquals(0, run(opt, Map.of(), "tar", "xzf", tarballs.get(0).toString()).code());
        Path home;
        try (var unpacked = Files.list(opt)) {
            home = unpacked.findFirst().orElseThrow();
        }
        for (String f : List.of("bin/remaster", "lib/remaster.jar", "share/man/man1/remaster.1",
                "share/bash-completion/completions/remaster")) {
            assertTrue(Files.exists(home.resolve(f)), f);
        }
        assertTrue(Files.isExecutable(home.resolve("bin/remaster")));
        // On PATH through a symlink, as a user would link it; a fresh HOME for the CDS archive.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("remaster"), home.resolve("bin/remaster"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.copy(ROOT.resolve("testdata/tinycore/core-sample.gz"), work.resolve("core-sample.gz"));
        Map<String, String> env = Map.of("PATH", bin + ":/usr/bin:/bin", "HOME", dir.resolve("home").toString());
        Run edit = run(work, env, "remaster", "tinycore", "edit", "core-sample.gz", "-o", "core-remastered.gz",
                "--boot-codes", "tce=vda1 home=vda3 opt=vda3", "--bootlocal", "echo remastered > /dev/console");
        assertEquals(0, edit.code(), edit.err());
        Run ls = run(work, env, "remaster", "ls", "-l", "core-remastered.gz");
        assertEquals(0, ls.code(), ls.err());
        assertTrue(ls.out().contains("./etc/remaster/bootcodes"), ls.out());
        // The second run uses the class data sharing archive the first made in HOME's cache.
        assertTrue(Files.list(dir.resolve("home/.cache/remaster")).anyMatch(p -> p.toString().endsWith(".jsa")));
        Run version = run(work, env, "remaster", "--version");
        assertEquals(0, version.code(), version.err());
        assertTrue(version.out().startsWith("remaster "), version.out());
    }

    @Test
    void checkoutLauncherWorksThroughASymlink() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("remaster"), ROOT.resolve("remaster"));
        Run version = run(dir, Map.of(), bin.resolve("remaster").toString(), "--version");
        assertEquals(0, version.code(), version.err());
        assertTrue(version.out().startsWith("remaster "), version.out());
    }
}
