package dev.remaster.cli;

import picocli.AutoComplete;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by the build: writes the bash completion script ({@code remaster_completion}, which also
 * works in zsh with bashcompinit) and the man page ({@code remaster.1}) into the directory given.
 */
public final class GenerateDocs {
    private GenerateDocs() {
    }

    /** {@code args[0]}: the output directory. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target");
        Files.createDirectories(dir);
        CommandLine cl = Main.commandLine(System.out, System.err);
        Files.writeString(dir.resolve("remaster_completion"), AutoComplete.bash("remaster", cl), StandardCharsets.UTF_8);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("remaster.1"), StandardCharsets.UTF_8))) {
            ManPage.write(cl, w);
        }
    }
}
