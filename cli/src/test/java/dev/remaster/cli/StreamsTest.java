package dev.remaster.cli;

import dev.remaster.testing.Peers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** '-' as standard input and output, pipes and FIFOs read as streams, and empty input refused. */
class StreamsTest {
    @TempDir
    Path dir;
    Path image;

    @BeforeEach
    void sample() throws IOException {
        image = SampleImages.write(dir);
    }

    /** Runs in-process with {@code stdin} as standard input; returns exit code, raw stdout, stderr. */
    private record Run(int code, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    private static Run run(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new ByteArrayInputStream(stdin), new PrintStream(out, true),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void dashReadsStandardInputForEveryReadingCommand() throws IOException {
        byte[] bytes = Files.readAllBytes(image);
        String expected = CliRun.of("ls", image.toString()).out();
        assertEquals(expected, run(bytes, "ls", "-").text());
        assertTrue(run(bytes, "info", "-").text().contains("gzip"));
        assertEquals("welcome\n", run(bytes, "cat", "-", "/etc/motd").text());
        Run extract = run(bytes, "extract", "-", dir.resolve("x").toString());
        assertEquals(0, extract.code(), extract.err());
        assertEquals("welcome\n", Files.readString(dir.resolve("x/etc/motd")));
        assertEquals(0, run(bytes, "diff", "-", image.toString()).code());
        Run verify = run(bytes, "verify", "-");
        assertFalse(verify.text().contains("remaster-input-"), verify.text());
    }

    @Test
    void dashAsOutputWritesTheImageToStandardOutput() throws IOException {
        byte[] bytes = Files.readAllBytes(image);
        Run edit = run(bytes, "edit", "-", "-o", "-", "--mkdir", "/opt");
        assertEquals(0, edit.code(), edit.err());
        assertTrue(edit.err().contains("wrote standard output"), edit.err());
        assertTrue(run(edit.out(), "ls", "-").text().contains("opt\n"));
        assertFalse(Files.exists(Path.of("-")), "no file named '-'");

        Path tree = Files.createDirectories(dir.resolve("tree/etc"));
        Files.writeString(tree.resolve("hostname"), "box\n");
        Run create = run(new byte[0], "create", dir.resolve("tree").toString(), "-o", "-", "--compress", "gzip");
        assertEquals(0, create.code(), create.err());
        assertEquals("box\n", run(create.out(), "cat", "-", "etc/hostname").text());
    }

    @Test
    void emptyInputIsAnErrorWithExitThree() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.img"));
        for (String cmd : List.of("ls", "info", "verify")) {
            CliRun r = CliRun.of(cmd, empty.toString());
            assertEquals(3, r.exitCode(), cmd + ": " + r.err());
            assertEquals("remaster " + cmd + ": " + empty + ": empty input, not an image\n", r.err());
        }
        Run stdin = run(new byte[0], "ls", "-");
        assertEquals(3, stdin.code());
        assertEquals("remaster ls: standard input: empty input, not an image\n", stdin.err());
    }

    @Test
    void standardInputCanBeReadOnlyOnce() throws IOException {
        Run r = run(Files.readAllBytes(image), "diff", "-", "-");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("standard input (-) can be read only once"), r.err());
    }

    @Test
    void corruptStandardInputIsNamedAsSuchNeverAsATemporaryFile() {
        Run r = run("this is not an image at all, just text\n".getBytes(StandardCharsets.UTF_8), "ls", "-");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().startsWith("remaster ls: standard input"), r.err());
        assertFalse(r.err().contains("remaster-input-"), r.err());
    }

    @Test
    void aRealFifoAndAPipeAreReadAsStreams() throws Exception {
        Peers.assumePeer("mkfifo");
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Thread feeder = new Thread(() -> {
            try {
                Files.write(fifo, Files.readAllBytes(image));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        feeder.start();
        CliRun r = CliRun.of("ls", fifo.toString());
        feeder.join(10_000);
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(CliRun.of("ls", image.toString()).out(), r.out());

        // Real pipes into a child JVM: '-', /dev/stdin and bash's process substitution.
        String java = String.join(" ", ChildProcess.command(List.of()).stream().map(StreamsTest::quote).toList());
        String img = quote(image.toString());
        byte[] expected = CliRun.of("ls", image.toString()).out().getBytes(StandardCharsets.UTF_8);
        for (String line : List.of("cat " + img + " | " + java + " ls -",
                "cat " + img + " | " + java + " ls /dev/stdin",
                java + " ls <(cat " + img + ")")) {
            Process sh = new ProcessBuilder("bash", "-c", line).start();
            byte[] shown = sh.getInputStream().readAllBytes();
            String err = new String(sh.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(sh.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, sh.exitValue(), line + ": " + err);
            assertArrayEquals(expected, shown, line);
        }
        Process empty = new ProcessBuilder("bash", "-c", "true | " + java + " ls -").start();
        empty.getInputStream().readAllBytes();
        assertTrue(empty.waitFor(60, TimeUnit.SECONDS));
        assertEquals(3, empty.exitValue());
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
