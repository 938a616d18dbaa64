package dev.remaster.cli;

import dev.remaster.cpio.Limits;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One set of limits: a limit raised on the command line is raised for the reader too. */
class ExtractionOptionsTest {

    private static ExtractionOptions parse(String... args) {
        ExtractCommand command = new ExtractCommand();
        new CommandLine(command).parseArgs(args);
        return command.extraction;
    }

    @Test
    void withoutOptionsTheExtractionHasTheKernelsLimitsAndTheReaderItsDefaults() {
        ExtractionOptions o = parse("image.gz", "out");
        assertEquals(Limits.kernel(), o.toLibrary().limits());
        assertEquals(Limits.defaults(), o.readLimits());
    }

    @Test
    void aRaisedLimitIsRaisedForTheReaderAndTheExtraction() {
        ExtractionOptions o = parse("image.gz", "out", "--max-entries", "20000000", "--max-bytes", "100000000000",
                "--max-name-size", "100000", "--max-link-target-size", "70000");
        Limits raised = new Limits(100_000, 70_000, 20_000_000L, 100_000_000_000L);
        assertEquals(raised, o.toLibrary().limits());
        assertEquals(raised, o.readLimits());
    }

    @Test
    void aLoweredLimitIsTheExtractionsToApply() {
        ExtractionOptions o = parse("image.gz", "out", "--max-entries", "5", "--max-name-size", "100");
        assertEquals(Limits.kernel().withMaxEntries(5).withMaxNameSize(100), o.toLibrary().limits());
        assertEquals(Limits.defaults(), o.readLimits(), "the reader keeps its defaults; the extractor names the limit");
    }
}
