package dev.remaster.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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

    @Test
    void manPageCoversNestedCommandsAndEveryOption() throws IOException {
        GenerateDocs.main(new String[] {dir.toString()});
        String man = Files.readString(dir.resolve("remaster.1"));
        CommandLine tinycore = Main.commandLine(System.out, System.err).getSubcommands().get("tinycore");
        for (var e : tinycore.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            assertTrue(man.contains(".SS \"remaster tinycore " + e.getKey()), e.getKey() + " missing from the man page");
            for (CommandLine.Model.OptionSpec o : e.getValue().getCommandSpec().options()) {
                assertTrue(man.contains(ManPage.escape(o.longestName())), "tinycore " + e.getKey() + " " + o.longestName());
            }
        }
    }

    @Test
    void completionOffersOptionValues() throws IOException {
        GenerateDocs.main(new String[] {dir.toString()});
        String completion = Files.readString(dir.resolve("remaster_completion"));
        assertTrue(completion.contains("(\"none\" \"gzip\" \"zstd\" \"xz\" \"lzma\" \"bzip2\" \"lz4\" \"lzo\") # --compress values"), "--compress values");
        assertTrue(completion.contains("(\"newc\" \"crc\" \"odc\") # --format values"), "--format values");
        assertTrue(completion.contains("(\"strip\" \"skip\" \"fail\") # --absolute-names values"), "--absolute-names values");
    }

    @Test
    void examplesAreNeverBrokenAndProseWrapsAtSpaces() {
        String example = "  remaster tinycore edit core.gz -o out.gz --bootlocal-put agent='/opt/agent.sh &'";
        String prose = "With --reproducible (or SOURCE_DATE_EPOCH set), inodes are renumbered and mtimes clamped.";
        String out = HelpLayout.footer(java.util.List.of(example, prose), 40);
        assertTrue(out.contains(example + System.lineSeparator()), out);
        for (String line : out.split(System.lineSeparator())) {
            assertTrue(line.equals(example) || line.length() <= 40, line);
        }
        assertTrue(out.contains("SOURCE_DATE_EPOCH"), out);
    }
}
