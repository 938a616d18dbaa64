package dev.remaster.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerateDocsTest {
    @TempDir
    Path dir;

    @Test
    void completionAndManPageCoverEveryCommand() throws IOException {
        GenerateDocs.main(new String[] {dir.toString()});
        String completion = Files.readString(dir.resolve("remaster_completion"));
        String man = Files.readString(dir.resolve("remaster.1"));
        assertTrue(man.startsWith(".TH REMASTER 1"), man);
        for (String command : Main.commandLine(System.out, System.err).getSubcommands().keySet()) {
            if (command.equals("help")) {
                continue;
            }
            assertTrue(completion.contains(command), command + " missing from the completion script");
            assertTrue(man.contains(".SS \"remaster " + command), command + " missing from the man page");
        }
        assertTrue(man.contains(".SH EXIT STATUS"));
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String command : Main.commandLine(System.out, System.err).getSubcommands().keySet()) {
            if (command.equals("help")) {
                continue;
            }
            CliRun r = CliRun.of(command, "--help");
            assertTrue(r.exitCode() == 0, command + ": " + r.err());
            assertTrue(r.out().contains("Usage: remaster " + command), r.out());
            assertTrue(r.out().contains("Examples:"), command + " --help has no examples");
        }
    }
}
