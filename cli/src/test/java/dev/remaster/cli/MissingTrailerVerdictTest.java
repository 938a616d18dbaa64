package dev.remaster.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One verdict for an archive without its TRAILER!!! entry, in every command, as the kernel gives
 * it: an uncompressed one that stops after a whole entry is unpacked (a note says so); inside
 * compressed data it is an error ("junk at the end of compressed archive").
 */
class MissingTrailerVerdictTest {
    @TempDir
    Path dir;

    private Path plain;
    private Path gzip;

    private void images() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(tree.resolve("a"), "hello\n");
        Files.writeString(tree.resolve("b"), "world\n");
        Path full = dir.resolve("full.cpio");
        assertEquals(0, CliRun.of("create", tree.toString(), "-o", full.toString(), "--compress", "none").exitCode());
        byte[] bytes = Files.readAllBytes(full);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        byte[] cut = Arrays.copyOf(bytes, text.lastIndexOf("070701", text.indexOf("TRAILER!!!")));
        plain = Files.write(dir.resolve("notrailer.cpio"), cut);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(cut);
        }
        gzip = Files.write(dir.resolve("notrailer.cpio.gz"), gz.toByteArray());
    }

    @Test
    void uncompressedArchiveWithoutTrailerIsReadByEveryCommandWithANote() throws IOException {
        images();
        CliRun ls = CliRun.of("ls", plain.toString());
        assertEquals(0, ls.exitCode(), ls.err());
        assertTrue(ls.out().contains("a\n") && ls.out().contains("b\n"), ls.out());
        assertTrue(ls.err().contains("without its TRAILER!!! entry"), ls.err());
        CliRun info = CliRun.of("info", plain.toString());
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("no TRAILER!!!"), info.out());
        CliRun verify = CliRun.of("verify", plain.toString());
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.out().contains("1 segments") || verify.out().contains("1 segment"), verify.out());
        CliRun extract = CliRun.of("extract", plain.toString(), dir.resolve("x").toString());
        assertEquals(0, extract.exitCode(), extract.err());
        assertEquals("world\n", Files.readString(dir.resolve("x/b")));
        CliRun cat = CliRun.of("cat", plain.toString(), "b");
        assertEquals(0, cat.exitCode(), cat.err());
        assertEquals("world\n", cat.out());
    }

    @Test
    void compressedArchiveWithoutTrailerIsAnErrorInEveryCommand() throws IOException {
        images();
        for (String[] args : new String[][] {{"ls", gzip.toString()}, {"info", gzip.toString()},
                {"verify", gzip.toString()}, {"extract", gzip.toString(), dir.resolve("y").toString()}}) {
            CliRun r = CliRun.of(args);
            assertEquals(3, r.exitCode(), String.join(" ", args) + ": " + r.out() + r.err());
        }
        CliRun ls = CliRun.of("ls", gzip.toString());
        assertTrue(ls.out().contains("a\n") && ls.out().contains("b\n"), "entries read before the error are listed: "
                + ls.out());
    }

    /**
     * A plain archive after the first one but off the 4-byte alignment the kernel looks at: the
     * kernel reports "invalid magic" there and stops; every command stops there too, with exit 3,
     * after what came before.
     */
    @Test
    void aMisalignedSecondArchiveStopsEveryCommandWhereTheKernelStops() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree2"));
        Files.writeString(tree.resolve("first"), "one\n");
        Path one = dir.resolve("one.cpio");
        assertEquals(0, CliRun.of("create", tree.toString(), "-o", one.toString(), "--compress", "none").exitCode());
        byte[] archive = Files.readAllBytes(one);
        int end = archive.length;
        while (end > 0 && archive[end - 1] == 0) {
            end--;
        }
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        image.write(archive, 0, end);
        while ((image.size() & 3) != 2) {
            image.write(0);
        }
        image.write(archive, 0, archive.length);
        Path misaligned = Files.write(dir.resolve("misaligned.cpio"), image.toByteArray());
        CliRun ls = CliRun.of("ls", misaligned.toString());
        assertEquals(3, ls.exitCode(), ls.err());
        assertTrue(ls.out().contains("first\n"), "the first archive is listed: " + ls.out());
        assertTrue(ls.err().contains("neither a cpio archive nor a known compression"), ls.err());
        CliRun verify = CliRun.of("verify", misaligned.toString());
        assertEquals(3, verify.exitCode(), verify.out());
        assertTrue(verify.out().contains("invalid magic"), verify.out());
        Path x = dir.resolve("mx");
        CliRun extract = CliRun.of("extract", misaligned.toString(), x.toString());
        assertEquals(3, extract.exitCode(), extract.err());
        assertEquals("one\n", Files.readString(x.resolve("first")), "what came before is extracted");
    }
}
