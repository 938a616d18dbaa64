package dev.remaster.cli;

import dev.remaster.io.FormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;

/**
 * The {@code remaster} command. The only place that calls {@link System#exit}; everything else
 * returns an exit code through {@link #run}.
 */
@Command(name = "remaster",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Open, edit and rebuild Linux initramfs images without root.",
        subcommands = {
            LsCommand.class,
            InfoCommand.class,
            CatCommand.class,
            EditCommand.class,
            DiffCommand.class,
            CreateCommand.class,
            ExtractCommand.class,
            VerifyCommand.class,
            TinyCoreCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Exit codes: 0 success, 1 failure (or differences for diff/verify), 2 usage error, 3 corrupt input."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs {@code args} with the given streams and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = commandLine(out, err);
        return cl.execute(args);
    }

    /** The configured picocli command line, for tests and tools (completion, man page). */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            PrintWriter e = line.getErr();
            e.println("remaster " + line.getCommandName() + ": " + describe(ex));
            if (wantsStackTrace(parseResult)) {
                ex.printStackTrace(e);
            }
            e.flush();
            return exitCodeOf(ex);
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("remaster: " + ex.getMessage());
            e.println("Try 'remaster " + (ex.getCommandLine() == cl ? "" : ex.getCommandLine().getCommandName() + " ")
                    + "--help' for more information.");
            return ExitCode.USAGE;
        });
        return cl;
    }

    private static boolean wantsStackTrace(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--stacktrace")) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable ex) {
        if (ex instanceof NoSuchFileException) {
            return ex.getMessage() + ": no such file";
        }
        String m = ex.getMessage();
        return m == null ? ex.getClass().getSimpleName() : m;
    }

    static int exitCodeOf(Throwable ex) {
        if (ex instanceof FormatException) {
            return ExitCode.CORRUPT;
        }
        if (ex instanceof IllegalArgumentException) {
            return ExitCode.USAGE;
        }
        return ExitCode.FAILURE;
    }
}
