package dev.remaster.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Progress is off when standard error is not a terminal, as under Maven, pipes and CI. */
class ProgressTest {
    @Test
    void silentWhenStandardErrorIsNotATerminal() throws Exception {
        assumeFalse(Progress.stderrIsTerminal(), "standard error is a terminal here");
        StringWriter shown = new StringWriter();
        PrintWriter err = new PrintWriter(shown);
        try (Progress p = Progress.working(err, false, "edit", () -> 1234)) {
            Thread.sleep(1400);
        }
        try (Progress p = Progress.start(err, false, "ls", 100, () -> 50)) {
            Thread.sleep(1400);
        }
        assertEquals("", shown.toString());
    }
}
