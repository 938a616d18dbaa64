package dev.remaster.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One JSON style: lower-case enum values, the same field names for the same things, --json where data is printed. */
class JsonStyleTest {
    @TempDir
    Path dir;

    private static final Pattern UPPER_VALUE = Pattern.compile("\"(type|format|kind|severity|code|compression)\":\"([^\"]*[A-Z][^\"]*)\"");

    private static void assertLowerCaseValues(String json) {
        Matcher m = UPPER_VALUE.matcher(json);
        assertFalse(m.find(), () -> "upper-case value " + m.group() + " in " + json);
    }

    @Test
    void everyDataCommandWritesLowerCaseJson() throws IOException {
        Path image = SampleImages.write(dir);
        CliRun ls = CliRun.of("ls", "--json", image.toString());
        assertTrue(ls.out().contains("\"format\":\"newc\""), ls.out());
        assertTrue(ls.out().contains("\"type\":\"char_device\""), ls.out());
        assertLowerCaseValues(ls.out());
        CliRun info = CliRun.of("info", "--json", image.toString());
        assertTrue(info.out().startsWith("{\"image\":"), info.out());
        assertLowerCaseValues(info.out());
        CliRun verify = CliRun.of("verify", "--json", image.toString());
        assertTrue(verify.out().startsWith("{\"image\":"), verify.out());
        assertLowerCaseValues(verify.out());
        Path other = dir.resolve("other.img");
        assertEquals(0, CliRun.of("edit", image.toString(), "-o", other.toString(), "--rm", "/etc/motd").exitCode());
        CliRun diff = CliRun.of("diff", "--json", image.toString(), other.toString());
        assertTrue(diff.out().contains("\"kind\":\"removed\""), diff.out());
        assertLowerCaseValues(diff.out());
    }

    @Test
    void bootCodesHasJson() {
        CliRun r = CliRun.of("tinycore", "boot-codes", "--json", TinyCoreCommandsTest.SAMPLE.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("{\"defaults\":["), r.out());
        assertTrue(r.out().contains("{\"name\":\"tce\",\"seenAt\":[{\"path\":"), r.out());
    }
}
