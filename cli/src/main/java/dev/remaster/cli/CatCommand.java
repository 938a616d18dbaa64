package dev.remaster.cli;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryType;
import dev.remaster.image.ImageReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code remaster cat}: file contents to standard output. */
@Command(mixinStandardHelpOptions = true, versionProvider = Version.class, name = "cat", description = "Write the contents of files in the image to standard output, in the order given.",
        footer = {"", "Examples:", "  remaster cat core.gz /etc/init.d/tc-config", "  remaster cat initrd.gz init | head"})
final class CatCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The initramfs image. '-' is standard input; standard input, a pipe or a FIFO is first copied to a temporary file (images are read with random access).")
    Path image;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH", description = "Paths in the image (with or without a leading /).")
    List<String> paths;

    @Override
    public Integer call() throws Exception {
        Set<String> wanted = new LinkedHashSet<>();
        for (String p : paths) {
            wanted.add(normalize(p));
        }
        Path file = input(image);
        // First pass: which entry carries each name's data. Contents are never held in memory;
        // the second pass streams them, whatever their size.
        Map<String, Long> source = locate(file, wanted);
        List<String> missing = new ArrayList<>();
        for (String w : wanted) {
            if (!source.containsKey(w)) {
                missing.add(w);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(InputFiles.displayName(image) + ": not in the image: " + String.join(", ", missing));
        }
        out().flush();
        PrintStream sink = root().stdout;
        List<Long> order = new ArrayList<>();
        for (String p : paths) {
            order.add(source.get(normalize(p)));
        }
        int next = 0;
        while (next < order.size()) {
            // One pass writes every requested entry that comes in archive order; a path asked for
            // again, or before an earlier one in the archive, starts another pass.
            try (ImageReader reader = open(file)) {
                long ordinal = 0;
                for (CpioEntry e = reader.next(); e != null && next < order.size(); e = reader.next(), ordinal++) {
                    if (order.get(next) == ordinal) {
                        reader.data().transferTo(sink);
                        next++;
                    }
                    if (next < order.size() && order.get(next) <= ordinal) {
                        break;
                    }
                }
            }
        }
        sink.flush();
        if (sink.checkError()) {
            return ExitCode.FAILURE;
        }
        return ExitCode.OK;
    }

    private ImageReader open(Path file) throws java.io.IOException {
        return ImageReader.open(file, dev.remaster.cpio.ReadOptions.defaults().withSourceName(InputFiles.displayName(image)));
    }

    /** For each wanted name, the ordinal of the entry whose data is its contents, as the kernel would leave it. */
    private Map<String, Long> locate(Path file, Set<String> wanted) throws Exception {
        // The kernel's rule: a later entry of the same name wins, so the last copy is the one shown.
        Map<String, Long> found = new HashMap<>();
        // Hard links: a name with no data gets the data of the link of its group that carries it.
        Map<String, List<String>> waitingForData = new HashMap<>();
        try (ImageReader reader = open(file);
                Progress progress = Progress.start(err(), common.quiet, "cat", reader.fileSize(), reader::bytesRead)) {
            long ordinal = 0;
            for (CpioEntry e = reader.next(); e != null; e = reader.next(), ordinal++) {
                if (e.isTrailer()) {
                    waitingForData.clear();
                    continue;
                }
                String name = normalize(e.name());
                String group = e.isHardLinked() && e.type() == EntryType.REGULAR
                        ? reader.segmentIndex() + ":" + e.linkKey() : null;
                boolean isWanted = wanted.contains(name);
                if (group != null && e.size() > 0 && waitingForData.containsKey(group)) {
                    for (String n : waitingForData.get(group)) {
                        found.put(n, ordinal);
                    }
                    if (isWanted) {
                        found.put(name, ordinal);
                    }
                    continue;
                }
                if (!isWanted) {
                    continue;
                }
                if (e.type() == EntryType.DIRECTORY) {
                    throw new IllegalArgumentException(name + " is a directory");
                }
                if (group != null && e.size() == 0) {
                    waitingForData.computeIfAbsent(group, k -> new ArrayList<>()).add(name);
                }
                found.put(name, ordinal);
            }
        }
        return found;
    }

    static String normalize(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                sb.append('/').append(part);
            }
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }
}
