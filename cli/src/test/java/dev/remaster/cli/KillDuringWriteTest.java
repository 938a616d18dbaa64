package dev.remaster.cli;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A kill in the middle of writing leaves the target and the input as they were. */
class KillDuringWriteTest {
    @TempDir
    Path dir;

    /** An image that takes seconds to recompress: 48 MiB of barely compressible data at xz level 6. */
    private Path bigImage() throws IOException {
        Path image = dir.resolve("big.xz");
        Random random = new Random(42);
        try (OutputStream file = Files.newOutputStream(image);
                OutputStream xz = Compression.XZ.newEncoder(file, EncoderOptions.defaults(Compression.XZ).withLevel(0));
                CpioWriter w = CpioWriter.of(xz, WriteOptions.defaults())) {
            w.write(CpioEntry.directory("data", 0755));
            byte[] chunk = new byte[4 << 20];
            for (int i = 0; i < 12; i++) {
                random.nextBytes(chunk);
                for (int j = 0; j < chunk.length; j += 2) {
                    chunk[j] = (byte) (chunk[j] & 0x0f);
                }
                w.write(CpioEntry.file("data/blob" + i, 0644, chunk.length), chunk);
            }
        }
        return image;
    }

    @Test
    void killingAnInPlaceEditLosesNothing() throws Exception {
        Path image = bigImage();
        String before = sha256(image);
        Process p = new ProcessBuilder(ChildProcess.command(List.of(), "edit", image.toString(), "--in-place",
                "--recompress", "--level", "6", "--mkdir", "/opt", "-q"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        // Wait until the temporary output exists and grows, then kill the process outright.
        awaitTemporaryOutput(p);
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(before, sha256(image), "the input, also the target, is unchanged");
        // A later run writes over it normally.
        Process again = new ProcessBuilder(ChildProcess.command(List.of(), "edit", image.toString(), "--in-place",
                "--mkdir", "/opt", "-q")).redirectErrorStream(true).start();
        String out = new String(again.getInputStream().readAllBytes());
        assertTrue(again.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, again.exitValue(), out);
        assertTrue(!before.equals(sha256(image)));
    }

    /** A tree of 48 MiB of barely compressible files, seconds of work for xz at level 6. */
    private Path bigTree() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Random random = new Random(7);
        byte[] chunk = new byte[4 << 20];
        for (int i = 0; i < 12; i++) {
            random.nextBytes(chunk);
            for (int j = 0; j < chunk.length; j += 2) {
                chunk[j] = (byte) (chunk[j] & 0x0f);
            }
            Files.write(tree.resolve("blob" + i), chunk);
        }
        return tree;
    }

    /** The sample Tiny Core image with {@link #bigTree()} in /data, at xz level 0. */
    private Path bigTinyCoreImage() throws IOException {
        Path tree = bigTree();
        Path image = dir.resolve("core-big.xz");
        try (dev.remaster.overlay.EditableImage edit = dev.remaster.Initramfs.open(TinyCoreCommandsTest.SAMPLE)) {
            Path data = Files.createDirectories(edit.fileSystem().getPath("/data"));
            try (Stream<Path> blobs = Files.list(tree)) {
                for (Path blob : (Iterable<Path>) blobs::iterator) {
                    Files.copy(blob, data.resolve(blob.getFileName().toString()));
                }
            }
            edit.writeTo(image, dev.remaster.overlay.SaveOptions.defaults().withCompression(Compression.XZ).withLevel(0));
        }
        return image;
    }

    /** Each command that writes a file, on an input that keeps it busy for seconds. */
    private List<String> writingCommand(String command, Path target) throws IOException {
        return switch (command) {
            case "edit" -> List.of("edit", bigImage().toString(), "-o", target.toString(), "--recompress", "--level", "6",
                    "--mkdir", "/opt", "-q");
            case "create" -> List.of("create", bigTree().toString(), "-o", target.toString(), "--compress", "xz",
                    "--level", "6", "-q");
            case "tinycore edit" -> List.of("tinycore", "edit", bigTinyCoreImage().toString(), "-o", target.toString(),
                    "--recompress", "--level", "6", "--boot-codes", "tce=vda1", "-q");
            case "tcz create" -> List.of("tcz", "create", bigTree().toString(), "-o", target.toString(), "--compress",
                    "xz", "--threads", "1", "-q");
            default -> throw new IllegalArgumentException(command);
        };
    }

    /**
     * SIGTERM and SIGINT can be cleaned up, in every command that writes a file: the temporary file
     * goes, the old output stays, exit 143 / 130.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.CsvSource({"edit,TERM,143", "edit,INT,130", "create,TERM,143", "create,INT,130",
            "tinycore edit,TERM,143", "tinycore edit,INT,130", "tcz create,TERM,143", "tcz create,INT,130"})
    void aSignalRemovesTheTemporaryFile(String command, String signal, int exit) throws Exception {
        Path target = dir.resolve("out.img");
        Files.writeString(target, "previous output");
        Process p = new ProcessBuilder(ChildProcess.command(List.of(), writingCommand(command, target).toArray(String[]::new)))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        awaitTemporaryOutput(p);
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(exit, p.exitValue(), Files.readString(dir.resolve("child.log")));
        assertEquals(null, temporaryFile(), "the temporary file is removed");
        assertEquals("previous output", Files.readString(target));
    }

    /** Waits until the child's temporary output exists and grows, with the child still running. */
    private void awaitTemporaryOutput(Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Path temp = null;
        while (System.nanoTime() < deadline && p.isAlive()) {
            temp = temporaryFile();
            if (temp != null && Files.size(temp) > 0) {
                break;
            }
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the edit ended before it could be stopped: " + Files.readString(dir.resolve("child.log")));
        assertTrue(temp != null, "no temporary output appeared beside the target");
    }

    private Path temporaryFile() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tmp")).findFirst().orElse(null);
        }
    }

    private static String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
