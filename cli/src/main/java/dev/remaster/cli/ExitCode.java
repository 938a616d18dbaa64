package dev.remaster.cli;

/** The exit codes of every command. */
final class ExitCode {
    /** Success. */
    static final int OK = 0;
    /** Failure: an I/O error, a refused operation; for {@code diff} and {@code verify}: differences or problems found. */
    static final int FAILURE = 1;
    /** The command line was wrong. */
    static final int USAGE = 2;
    /** The input is corrupt or not an image. */
    static final int CORRUPT = 3;

    private ExitCode() {
    }
}
