package dev.remaster.tinycore;

import dev.remaster.testing.Peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The POSIX shells of this machine that tests run scripts with: /bin/sh and busybox sh. */
final class Shells {
    private Shells() {
    }

    /** A shell, as the command words that start it. */
    record Shell(String name, List<String> command) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The result of a run. */
    record Run(int exit, String out, String err) {
    }

    /** The shells found: /bin/sh, and busybox's ash (on PATH or in /bin). */
    static List<Shell> available() {
        List<Shell> out = new ArrayList<>();
        if (Files.isExecutable(Path.of("/bin/sh"))) {
            out.add(new Shell("/bin/sh", List.of("/bin/sh")));
        }
        String busybox = which("busybox");
        if (busybox != null) {
            out.add(new Shell("busybox sh", List.of(busybox, "sh")));
        }
        return out;
    }

    static String which(String program) {
        return Peers.find(program).map(Path::toString).orElse(null);
    }

    /** Runs {@code shell} with {@code args} in {@code dir}, with {@code env} added to the environment. */
    static Run run(Shell shell, Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(shell.command());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd + " did not finish");
        }
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
