package dev.remaster.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.remaster.spec.InitramfsSpec;
import dev.remaster.spec.SpecFormatException;
import dev.remaster.spec.SpecLine;
import dev.remaster.spec.SpecParser;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Any bytes given to {@link SpecParser} as a gen_init_cpio file list parse or are refused with a
 * {@link SpecFormatException}; read from a file, a {@link java.io.Reader} or a string they give the
 * same result; every parsed line written back with {@link SpecLine#toText()} parses to the same
 * line, and every {@code file} location resolves to a path.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs over the seeds and saved findings in
 * {@code src/test/resources/dev/remaster/fuzz/SpecParserFuzzTestInputs/}.
 */
class SpecParserFuzzTest {
    private static final ScratchFiles SCRATCH = new ScratchFiles("remaster-fuzz-spec");
    private static final SpecParser PARSER = SpecParser.withEnvironment(Map.of("ROOT", "/srv/root", "EMPTY", ""));
    private static final Path BASE = Path.of("/fuzz/base");

    @AfterAll
    static void deleteScratch() throws IOException {
        SCRATCH.delete();
    }

    @FuzzTest(maxDuration = "10m")
    void parsesOrRefuses(byte[] data) throws IOException {
        Path file = SCRATCH.write("list", data);
        Outcome fromFile = outcome(() -> PARSER.parse(file, BASE));
        String text = new String(data, StandardCharsets.UTF_8);
        if (!java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), data)) {
            if (fromFile.spec() != null) {
                throw new AssertionError("bytes that are not UTF-8 parsed");
            }
            return; // a string cannot hold these bytes
        }
        Outcome fromString = outcome(() -> PARSER.parse(text, file.toString(), BASE));
        Outcome fromReader = outcome(() -> PARSER.parse(new StringReader(text), file.toString(), BASE));
        if (!fromFile.equals(fromString) || !fromFile.equals(fromReader)) {
            throw new AssertionError("file, string and reader disagree:\n" + fromFile + "\n" + fromString + "\n" + fromReader);
        }
        if (fromFile.spec() == null) {
            return;
        }
        for (SpecLine line : fromFile.spec().lines()) {
            checkWrittenBack(line);
            if (line instanceof SpecLine.RegularFile f) {
                fromFile.spec().resolve(f);
            }
        }
    }

    /** A line's text parses back to the same line (line numbers aside). */
    private static void checkWrittenBack(SpecLine line) throws SpecFormatException {
        String written = line.toText();
        if (written.indexOf('\n') >= 0) {
            throw new AssertionError("line written over several lines: " + written);
        }
        InitramfsSpec again = PARSER.parse(written, "written", BASE);
        if (again.lines().size() != 1 || !again.lines().get(0).toText().equals(written)) {
            throw new AssertionError("'" + written + "' parses back as " + again.lines());
        }
    }

    private interface Parse {
        InitramfsSpec run() throws IOException;
    }

    /** A parse's spec, or the message of the format error that refused it. */
    private record Outcome(InitramfsSpec spec, String error) {
    }

    private static Outcome outcome(Parse parse) throws IOException {
        try {
            return new Outcome(parse.run(), null);
        } catch (SpecFormatException e) {
            return new Outcome(null, e.getMessage());
        }
    }
}
