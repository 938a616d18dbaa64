package dev.remaster.cli;

import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {
    @Option(names = "--stacktrace", description = "On failure, print the stack trace too.")
    boolean stacktrace;

    @Option(names = {"-q", "--quiet"}, description = "No progress or summary lines on stderr.")
    boolean quiet;
}
