package dev.remaster.compress;

import dev.remaster.testing.Peers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the standard command-line tools (gzip, xz, zstd, ...) on files, skipping when absent. */
public final class PeerTool {
    private PeerTool() {
    }

    /** Skips the test, saying so, unless {@code tool} is on the PATH. */
    public static void assumeInstalled(String tool) {
        Peers.assumePeer(tool);
    }

    /** Runs {@code command} with stdin from {@code input} (or nothing), capturing stdout and stderr. */
    public static Result run(Path dir, byte[] input, String... command) throws IOException, InterruptedException {
        assumeInstalled(command[0]);
        Path in = Files.createTempFile(dir, "stdin", ".bin");
        Path out = Files.createTempFile(dir, "stdout", ".bin");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Files.write(in, input == null ? new byte[0] : input);
        Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile())
                .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int code = p.waitFor();
        Result r = new Result(code, Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(in);
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /** Runs {@code command} as a filter from stdin to stdout and requires it to succeed. */
    public static byte[] filter(Path dir, byte[] input, String... command) throws IOException, InterruptedException {
        Result r = run(dir, input, command);
        assertEquals(0, r.exitCode(), () -> String.join(" ", command) + " failed: " + r.stderr());
        return r.stdout();
    }

    /** Runs {@code command} with {@code file} (written with {@code content}) as its last argument. */
    public static Result onFile(Path dir, String name, byte[] content, String... command)
            throws IOException, InterruptedException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        List<String> args = new ArrayList<>(List.of(command));
        args.add(file.toString());
        return run(dir, null, args.toArray(new String[0]));
    }

    public record Result(int exitCode, byte[] stdout, String stderr) {
    }
}
