package dev.remaster.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Running out of heap is one line naming the way out, with no stack trace and no litter. */
class OutOfMemoryTest {
    @TempDir
    Path dir;

    @Test
    void anEditThatDoesNotFitTheHeapSaysSoInOneLine() throws Exception {
        Path image = dir.resolve("many.cpio");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(image))) {
            long ino = 1;
            for (int d = 0; d < 100; d++) {
                entry(out, String.format("d%03d", d), 040755, ino++);
                for (int i = 0; i < 1000; i++) {
                    entry(out, String.format("d%03d/f%04d", d, i), 0100644, ino++);
                }
            }
            entry(out, "TRAILER!!!", 0, 0);
        }
        Path src = Files.writeString(dir.resolve("new"), "new\n");
        List<String> cmd = new ArrayList<>(ChildProcess.command(List.of(), "edit", image.toString(),
                "-o", dir.resolve("out.cpio").toString(), "-q", "--put", src + "=/new"));
        cmd.add(1, "-Xmx24m");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), output);
        assertTrue(output.startsWith("remaster: out of memory") && output.contains("REMASTER_JAVA_OPTS"), output);
        assertEquals(1, output.strip().lines().count(), output);
        assertFalse(Files.exists(dir.resolve("out.cpio")));
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
        }
    }

    private static void entry(OutputStream out, String name, int mode, long ino) throws IOException {
        byte[] n = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        StringBuilder h = new StringBuilder("070701");
        for (long f : new long[] {ino, mode, 0, 0, 1, 0, 0, 0, 0, 0, 0, n.length, 0}) {
            h.append(String.format("%08X", f));
        }
        out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(n);
        out.write(new byte[(4 - (110 + n.length) % 4) % 4]);
    }
}
