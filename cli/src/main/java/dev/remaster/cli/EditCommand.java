package dev.remaster.cli;

import dev.remaster.script.EditOperation;
import dev.remaster.script.EditScript;
import dev.remaster.overlay.EditableImage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Stack;

/** {@code remaster edit}: change an image without root and write a new one. */
@Command(mixinStandardHelpOptions = true, versionProvider = Version.class, name = "edit", sortOptions = false,
        description = {"Edit an image without root: put files, remove, make directories, links and device nodes, "
                + "change modes and owners. Operations apply in the order given. Entries keep their order and "
                + "exact headers; untouched segments are copied byte for byte.",
            "With no operation, OUT is written identical to IMAGE."},
        footer = {"", "Paths in the image are absolute (a leading / is added when missing). MODE is octal.",
            "", "A rewritten zstd segment keeps about its size: without --level it is written at level 19 when the "
                + "original holds at least 4.6 bytes of cpio per compressed byte, otherwise at level 9 when it holds "
                + "at least 1 MiB of cpio, otherwise at level 3. --level overrides this.",
            "", "--append-segment reads IMAGE only as far as the change needs. It reads entries until every "
                + "directory the change writes into (for --mkdir: the directory itself; for a directory --put: each "
                + "directory it merges with) has been seen as a directory, symbolic links followed; --chmod and "
                + "--chown of a path already in IMAGE read every entry (only the last one for a path counts). Then, "
                + "if IMAGE ends as a gzip image Remaster wrote (its last chunk decodes alone, ends the stream and "
                + "ends with a cpio trailer), it stops: the kernel will go on to the new segment. Any other image is "
                + "read to its end, every entry checked. Not checked when it stops early: the entries between that "
                + "point and the last chunk. One there that names a path the change writes is overridden by the new "
                + "segment, as the kernel applies it (a file over a non-empty directory is not applied); damage "
                + "there stops the kernel before the new segment. 'remaster verify IMAGE' checks it all.",
            "", "Examples:",
            "  remaster edit core.gz -o new.gz --put bootlocal.sh=/opt/bootlocal.sh:0775:0:50",
            "  remaster edit initrd.gz --in-place --rm /lib/modules/6.1.0/kernel/sound --chmod /bin/su=4755",
            "  remaster edit core.gz -o core-dev.gz --mknod /dev/ttyS1=c:4:65:0660 --symlink /bin/vi=busybox",
            "  remaster edit core.gz -o both.gz --append-segment --script changes.txt"})
final class EditCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to edit. '-' is standard input; standard input, a pipe or a FIFO is first copied to a temporary file (images are read with random access).")
    Path image;

    @CommandLine.Mixin
    OutputOptions output;

    /**
     * The operations, in command-line order. The option fields below only declare the options
     * (for parsing, help, the man page and completion): their {@link Collect} consumer puts each
     * value here as it is met, so picocli never sets the fields and nothing reads them.
     */
    final List<EditOperation> operations = new ArrayList<>();

    @Option(names = "--put", paramLabel = "SRC=PATH[:MODE[:UID:GID]]", parameterConsumer = Collect.class,
            description = "Copy a file or directory from disk into the image.")
    List<String> put;

    @Option(names = "--rm", paramLabel = "PATH", parameterConsumer = Collect.class,
            description = "Remove PATH (recursively).")
    List<String> rm;

    @Option(names = "--mkdir", paramLabel = "PATH[:MODE[:UID:GID]]", parameterConsumer = Collect.class,
            description = "Make a directory and its missing parents.")
    List<String> mkdir;

    @Option(names = "--symlink", paramLabel = "PATH=TARGET", parameterConsumer = Collect.class,
            description = "Make PATH a symbolic link to TARGET.")
    List<String> symlink;

    @Option(names = "--mknod", paramLabel = "PATH=c|b:MAJOR:MINOR[:MODE[:UID:GID]] or PATH=p|s[:MODE[:UID:GID]]",
            parameterConsumer = Collect.class, description = "Make a device node, fifo (p) or socket (s): no root needed.")
    List<String> mknod;

    @Option(names = "--chmod", paramLabel = "PATH=MODE", parameterConsumer = Collect.class,
            description = "Set the mode bits (setuid 4000, setgid 2000, sticky 1000 included).")
    List<String> chmod;

    @Option(names = "--chown", paramLabel = "PATH=UID:GID", parameterConsumer = Collect.class,
            description = "Set the numeric owner and group.")
    List<String> chown;

    @Option(names = "--script", paramLabel = "FILE", parameterConsumer = Collect.class,
            description = "Apply the operations of FILE, one a line: put, rm, mkdir, symlink, mknod, chmod, chown.")
    List<String> script;

    /** Appends each operation option to {@link #operations} as it is met, keeping the command-line order. */
    static final class Collect implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
            if (args.isEmpty()) {
                throw new CommandLine.ParameterException(commandSpec.commandLine(),
                        "option '" + ((CommandLine.Model.OptionSpec) argSpec).longestName() + "' needs a value");
            }
            String name = ((CommandLine.Model.OptionSpec) argSpec).longestName();
            String value = args.pop();
            EditCommand self = (EditCommand) commandSpec.userObject();
            try {
                self.operations.addAll(parse(name, value));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(commandSpec.commandLine(), name + " " + value + ": " + e.getMessage());
            } catch (java.io.IOException e) {
                throw new CommandLine.ParameterException(commandSpec.commandLine(), name + " " + value + ": " + Main.describe(e));
            }
        }
    }

    static List<EditOperation> parse(String option, String value) throws java.io.IOException {
        Path base = Path.of("");
        switch (option) {
            case "--put": {
                String[] kv = split(value, "SRC=PATH");
                String[] p = kv[1].split(":", -1);
                List<String> words = new ArrayList<>(List.of("put", kv[0], p[0]));
                if (p.length > 1) {
                    words.add(p[1]);
                }
                if (p.length > 2) {
                    words.add(p[2] + ":" + (p.length > 3 ? p[3] : ""));
                }
                return List.of(EditScript.parseLine(words.toArray(String[]::new), base.toAbsolutePath()));
            }
            case "--rm":
                return List.of(EditScript.parseLine(new String[] {"rm", value}, base));
            case "--mkdir": {
                String[] p = value.split(":", -1);
                List<String> words = new ArrayList<>(List.of("mkdir", p[0]));
                if (p.length > 1) {
                    words.add(p[1]);
                }
                if (p.length > 2) {
                    words.add(p[2] + ":" + (p.length > 3 ? p[3] : ""));
                }
                return List.of(EditScript.parseLine(words.toArray(String[]::new), base));
            }
            case "--symlink": {
                String[] kv = split(value, "PATH=TARGET");
                return List.of(EditScript.parseLine(new String[] {"symlink", kv[0], kv[1]}, base));
            }
            case "--mknod": {
                String[] kv = split(value, "PATH=TYPE:...");
                String[] p = kv[1].split(":", -1);
                List<String> words = new ArrayList<>(List.of("mknod", kv[0]));
                int i = 0;
                words.add(p[i++]);
                if (p[0].equals("c") || p[0].equals("b")) {
                    for (int k = 0; k < 2 && i < p.length; k++) {
                        words.add(p[i++]);
                    }
                }
                if (i < p.length) {
                    words.add(p[i++]);
                }
                if (i < p.length) {
                    words.add(p[i] + ":" + (i + 1 < p.length ? p[i + 1] : ""));
                }
                return List.of(EditScript.parseLine(words.toArray(String[]::new), base));
            }
            case "--chmod": {
                String[] kv = split(value, "PATH=MODE");
                return List.of(EditScript.parseLine(new String[] {"chmod", kv[0], kv[1]}, base));
            }
            case "--chown": {
                String[] kv = split(value, "PATH=UID:GID");
                return List.of(EditScript.parseLine(new String[] {"chown", kv[0], kv[1]}, base));
            }
            case "--script":
                return EditScript.parse(Path.of(value));
            default:
                throw new IllegalArgumentException("unknown operation " + option);
        }
    }

    private static String[] split(String value, String form) {
        int eq = value.indexOf('=');
        if (eq <= 0 || eq == value.length() - 1) {
            throw new IllegalArgumentException("expected " + form);
        }
        return new String[] {value.substring(0, eq), value.substring(eq + 1)};
    }

    @Override
    public Integer call() throws Exception {
        Path target = output.target(spec.commandLine(), image);
        if (output.appendsOnly(spec.commandLine())) {
            Path source = input(image);
            try (Progress progress = Progress.working(err(), common.quiet, "edit", null)) {
                output.save(spec.commandLine(), target, t -> EditOperation.append(source,
                        dev.remaster.cpio.ReadOptions.defaults(), operations, t, output.saveOptions()));
            }
        } else {
            edit(target);
        }
        note("remaster edit: " + operations.size() + " operation" + (operations.size() == 1 ? "" : "s")
                + " applied, wrote " + InputFiles.displayName(target).replace("standard input", "standard output"));
        return ExitCode.OK;
    }

    private void edit(Path target) throws Exception {
        try (EditableImage img = EditableImage.open(input(image));
                Progress progress = Progress.working(err(), common.quiet, "edit", null)) {
            for (EditOperation op : operations) {
                op.applyTo(img);
            }
            output.save(spec.commandLine(), img, target);
        }
    }
}
