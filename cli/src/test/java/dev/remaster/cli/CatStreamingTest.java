package dev.remaster.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code cat} streams contents: a file several times the heap's size comes out whole. */
class CatStreamingTest {
    private static final long BIG = 192L << 20;

    @TempDir
    Path dir;

    @Test
    void aFileLargerThanTheHeapIsStreamed() throws Exception {
        Path image = dir.resolve("big.cpio");
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(header("big", 0100644, BIG));
            // The data: zeros, written as a hole; then the padding (none: BIG is a multiple of 4).
            ch.position(ch.position() + BIG - 1);
            ch.write(ByteBuffer.wrap(new byte[] {'!'}));
            ch.write(header("TRAILER!!!", 0, 0));
        }
        Path out = dir.resolve("out");
        List<String> cmd = new ArrayList<>(ChildProcess.command(List.of(), "cat", image.toString(), "/big"));
        cmd.add(1, "-Xmx32m");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(dir.resolve("err").toFile()).start();
        assertEquals(0, p.waitFor(), Files.readString(dir.resolve("err")));
        assertEquals(BIG, Files.size(out));
        try (FileChannel ch = FileChannel.open(out)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, BIG - 1);
            assertEquals('!', last.get(0));
        }
    }

    private static ByteBuffer header(String name, int mode, long size) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        StringBuilder h = new StringBuilder("070701");
        long[] fields = {1, mode, 0, 0, 1, 0, size, 0, 0, 0, 0, n.length, 0};
        for (long f : fields) {
            h.append(String.format("%08X", f));
        }
        byte[] head = h.toString().getBytes(StandardCharsets.US_ASCII);
        int total = head.length + n.length;
        int padded = (total + 3) / 4 * 4;
        ByteBuffer b = ByteBuffer.allocate(padded);
        b.put(head).put(n);
        b.position(padded);
        return b.flip();
    }
}
