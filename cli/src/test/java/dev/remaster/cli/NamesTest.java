package dev.remaster.cli;

import dev.remaster.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Names byte for byte: testdata/names/names.cpio, written by GNU cpio, against its cpio -t listing. */
class NamesTest {
    static final Path DIR = Path.of(Objects.requireNonNullElse(System.getProperty("remaster.root"), ".."),
            "testdata/names");
    static final Path ARCHIVE = DIR.resolve("names.cpio");

    @TempDir
    Path tmp;

    private static byte[] stdout(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void lsPrintsTheBytesCpioPrintsWithControlCharactersEscaped() throws Exception {
        assertArrayEquals(Files.readAllBytes(DIR.resolve("names-escaped.t")), stdout("ls", ARCHIVE.toString()));
    }

    @Test
    void lsNullWritesRawBytesThatMatchCpioTByteForByte() throws Exception {
        byte[] raw = stdout("ls", "--null", ARCHIVE.toString());
        byte[] asLines = raw.clone();
        for (int i = 0; i < asLines.length; i++) {
            if (asLines[i] == 0) {
                asLines[i] = '\n';
            }
        }
        assertArrayEquals(Files.readAllBytes(DIR.resolve("names.t")), asLines);
        assertEquals(0, raw[raw.length - 1]);
    }

    @Test
    void checkedInListingIsWhatGnuCpioPrintsNow() throws Exception {
        Peers.assumePeer("cpio");
        Process p = new ProcessBuilder("cpio", "-t", "--quiet").redirectInput(ARCHIVE.toFile()).start();
        byte[] listing = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        assertArrayEquals(Files.readAllBytes(DIR.resolve("names.t")), listing);
    }

    @Test
    void longListingEscapesControlCharacters() {
        String l = new String(stdout("ls", "-l", ARCHIVE.toString()), StandardCharsets.ISO_8859_1);
        assertTrue(l.contains("esc-\\033[31mred.txt\n"), l);
        assertTrue(l.contains("new\\nline.txt\n"), l);
        assertTrue(l.contains("latin1-\u00e9-not-utf8.txt\n"), l);
        assertFalse(l.contains("\033"), l);
    }

    @Test
    void jsonCarriesNonUtf8NamesAsBase64() {
        String json = new String(stdout("ls", "--json", ARCHIVE.toString()), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"name\":\"latin1-\ufffd-not-utf8.txt\",\"nameBytes\":\"bGF0aW4xLektbm90LXV0ZjgudHh0\""), json);
        assertEquals(1, json.split("nameBytes", -1).length - 1, json);
        assertTrue(json.contains("\"name\":\"new\\nline.txt\""), json);
    }

    @Test
    void extractCreatesExactNamesAndNamesWhatItCannot() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path out = tmp.resolve("x");
        int code = Main.run(new String[] {"extract", ARCHIVE.toString(), out.toString()},
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, e);
        assertEquals("nl\n", Files.readString(out.resolve("new\nline.txt")));
        assertEquals("esc\n", Files.readString(out.resolve("esc-\033[31mred.txt")));
        assertEquals("utf8\n", Files.readString(out.resolve("utf8-caf\u00e9.txt")));
        // The JVM maps file names through sun.jnu.encoding (UTF-8 here): a Latin-1 byte cannot be
        // named, so the entry is listed with its reason, and no other entry is lost.
        assertTrue(e.contains("skipped entry 'latin1-\ufffd-not-utf8.txt' (header at offset 244") && e.contains("not valid UTF-8"), e);
        assertFalse(e.contains("\033"), e);
    }
}
