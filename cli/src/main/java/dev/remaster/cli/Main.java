package dev.remaster.cli;

import dev.remaster.io.FormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code remaster} command. The only place that calls {@link System#exit}; everything else
 * returns an exit code through {@link #run}.
 */
@Command(name = "remaster",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Open, edit and rebuild Linux initramfs images without root.",
        footer = {"", "Exit codes: 0 success, 1 failure (or differences for diff/verify), 2 usage error, 3 corrupt input."})
public final class Main implements Runnable {
    /**
     * The commands, registered by {@link #commandLine}: only the one invoked when the first
     * argument names one (picocli reads the annotations of every class it registers, and that is
     * most of the start-up time), every one for help, errors, the man page and completion.
     */
    private static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("ls", LsCommand.class);
        COMMANDS.put("info", InfoCommand.class);
        COMMANDS.put("cat", CatCommand.class);
        COMMANDS.put("edit", EditCommand.class);
        COMMANDS.put("diff", DiffCommand.class);
        COMMANDS.put("create", CreateCommand.class);
        COMMANDS.put("extract", ExtractCommand.class);
        COMMANDS.put("verify", VerifyCommand.class);
        COMMANDS.put("tinycore", TinyCoreCommand.class);
        COMMANDS.put("tcz", TczCommand.class);
        COMMANDS.put("help", CommandLine.HelpCommand.class);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Standard input, for {@code -} as an image. */
    final InputStream stdin;
    /** Standard output as bytes, for {@code -o -} and raw names. */
    final PrintStream stdout;
    /** The images this run reads, made seekable. */
    final InputFiles inputs;

    private Main(InputStream stdin, PrintStream stdout) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.inputs = new InputFiles(stdin);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Standard output as bytes. */
    PrintStream stdout() {
        return stdout;
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.in, System.out, System.err);
        } catch (OutOfMemoryError e) {
            // One line, as for every other failure; the output's temporary file is removed by
            // AtomicOutput's shutdown hook.
            System.err.println("remaster: out of memory (Java heap " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB): give more with REMASTER_JAVA_OPTS=-Xmx…");
            code = ExitCode.FAILURE;
        }
        System.exit(code);
    }

    /** Runs {@code args} with the given streams and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, InputStream.nullInputStream(), out, err);
    }

    /** Runs {@code args} with the given standard streams and returns the exit code. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Main main = new Main(in, out);
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // The most common short command: no command line model is needed to print one line.
            out.println(new Version().getVersion()[0]);
            out.flush();
            return ExitCode.OK;
        }
        CommandLine cl = commandLine(main, out, err,
                args.length > 0 && COMMANDS.containsKey(args[0]) && !args[0].equals("help") ? args[0] : null);
        try (InputFiles inputs = main.inputs) {
            int code = cl.execute(args);
            out.flush();
            if (out.checkError()) {
                err.println("remaster: cannot write to standard output");
                return code == ExitCode.OK ? ExitCode.FAILURE : code;
            }
            return code;
        }
    }

    /** The configured picocli command line, for tests and tools (completion, man page). */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        return commandLine(new Main(InputStream.nullInputStream(), out), out, err, null);
    }

    /** The command line with {@code only} registered, or every command when it is {@code null}. */
    private static CommandLine commandLine(Main main, PrintStream out, PrintStream err, String only) {
        CommandLine cl = new CommandLine(main);
        for (Map.Entry<String, Class<?>> c : COMMANDS.entrySet()) {
            if (only == null || only.equals(c.getKey())) {
                cl.addSubcommand(c.getKey(), c.getValue());
            }
        }
        HelpLayout.apply(cl, System.getenv("COLUMNS"));
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setExecutionExceptionHandler(new FailureLine(main));
        cl.setParameterExceptionHandler(new UsageLine());
        return cl;
    }

    // The two handlers are classes, not lambdas: picocli's interfaces are class files older than
    // Java 6, and JDK 17's class data sharing archives no lambda that implements one, so every
    // start would pay for bootstrapping them.

    /** A failure as one line: the command, the file the user named, the reason. */
    private static final class FailureLine implements CommandLine.IExecutionExceptionHandler {
        private final Main main;

        FailureLine(Main main) {
            this.main = main;
        }

        @Override
        public int handleExecutionException(Exception ex, CommandLine line, CommandLine.ParseResult parseResult) {
            PrintWriter e = line.getErr();
            e.println(line.getCommandSpec().qualifiedName() + ": " + HumanText.escape(OptionNames.forCommandLine(main.inputs.userNames(describe(ex)))));
            if (wantsStackTrace(parseResult)) {
                ex.printStackTrace(e);
            }
            e.flush();
            return exitCodeOf(ex);
        }
    }

    /** A usage error as one line, and where help is. */
    private static final class UsageLine implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("remaster: " + ex.getMessage());
            e.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCode.USAGE;
        }
    }

    private static boolean wantsStackTrace(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--stacktrace")) {
                return true;
            }
        }
        return false;
    }

    /** One line for a failure: the file the user named, and the operating system's reason. */
    static String describe(Throwable ex) {
        Throwable t = ex;
        while (t instanceof java.io.UncheckedIOException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof FileSystemException fse && fse.getFile() != null) {
            String where = fse.getFile() + (fse.getOtherFile() != null ? " -> " + fse.getOtherFile() : "");
            return where + ": " + reasonOf(fse);
        }
        String m = t.getMessage();
        if (m == null) {
            return t.getClass().getSimpleName();
        }
        return m;
    }

    private static String reasonOf(FileSystemException e) {
        if (e.getReason() != null) {
            String r = e.getReason();
            return r.isEmpty() ? r : Character.toLowerCase(r.charAt(0)) + r.substring(1);
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        return "failed";
    }

    static int exitCodeOf(Throwable ex) {
        if (ex instanceof FormatException || ex instanceof InputFiles.EmptyInputException
                || ex instanceof dev.remaster.squashfs.SquashfsFormatException) {
            return ExitCode.CORRUPT;
        }
        if (ex instanceof IllegalArgumentException) {
            return ExitCode.USAGE;
        }
        return ExitCode.FAILURE;
    }
}
