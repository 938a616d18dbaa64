package dev.remaster.cli;

import dev.remaster.cpio.Limits;
import dev.remaster.extract.ExtractOptions;
import dev.remaster.extract.ExtractReport;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The options of every command that unpacks into a directory ({@code extract}, {@code tcz extract}):
 * the one privilege switch and the limits, turned into the library's {@link ExtractOptions}; and the
 * report those commands print.
 */
final class ExtractionOptions {
    @Option(names = "--rootfs", description = "A faithful root file system, as the kernel would make it: owners, device nodes, FIFOs, sockets, setuid/setgid/sticky bits (as root; as an ordinary user these are skipped and listed). Without it nothing that carries privilege is restored, for root as for anyone.")
    boolean rootfs;

    @Option(names = "--no-owners", description = "With --rootfs: do not restore owners.")
    boolean noOwners;

    @Option(names = "--no-devices", description = "With --rootfs: do not create device nodes, FIFOs and sockets.")
    boolean noDevices;

    @Option(names = "--special-bits", description = "Keep setuid, setgid and sticky bits (applied only where owners are restored, so with --rootfs, which implies it).")
    boolean specialBits;

    @Option(names = "--max-bytes", paramLabel = "N", description = "Stop past N bytes written (default 64 GiB).")
    Long maxBytes;

    @Option(names = "--max-entries", paramLabel = "N", description = "Stop past N entries (default 10,000,000).")
    Long maxEntries;

    @Option(names = "--max-name-size", paramLabel = "N", description = "Refuse names longer than N bytes with their NUL (default 4096, the kernel's PATH_MAX).")
    Integer maxNameSize;

    @Option(names = "--max-link-target-size", paramLabel = "N", description = "Refuse symbolic link targets longer than N bytes (default 4096).")
    Integer maxLinkTargetSize;

    @Option(names = "--max-depth", paramLabel = "N", description = "Refuse names of more than N components (default 256).")
    Integer maxDepth;

    /** The library's options for what was given. */
    ExtractOptions toLibrary() {
        ExtractOptions base = rootfs ? ExtractOptions.rootFileSystem() : ExtractOptions.defaults();
        ExtractOptions.Builder o = base.toBuilder();
        if (noOwners) {
            o.restoreOwners(false);
        }
        if (noDevices) {
            o.restoreDevices(false);
        }
        if (specialBits) {
            o.restoreSpecialBits(true);
        }
        o.limits(given(base.limits()));
        if (maxDepth != null) {
            o.maxDepth(maxDepth);
        }
        return o.build();
    }

    /**
     * The limits for reading the image: the reader's defaults, raised wherever a limit given is
     * higher, so that a limit raised for the extraction is not met first by the reader. A lower
     * limit is the extraction's to apply (with its own message).
     */
    Limits readLimits() {
        Limits d = Limits.defaults();
        Limits g = given(d);
        return new Limits(Math.max(d.maxNameSize(), g.maxNameSize()), Math.max(d.maxLinkTargetSize(), g.maxLinkTargetSize()),
                Math.max(d.maxEntries(), g.maxEntries()), Math.max(d.maxTotalBytes(), g.maxTotalBytes()));
    }

    /** {@code limits} with every limit given on the command line. */
    private Limits given(Limits limits) {
        Limits l = limits;
        if (maxBytes != null) {
            l = l.withMaxTotalBytes(maxBytes);
        }
        if (maxEntries != null) {
            l = l.withMaxEntries(maxEntries);
        }
        if (maxNameSize != null) {
            l = l.withMaxNameSize(maxNameSize);
        }
        if (maxLinkTargetSize != null) {
            l = l.withMaxLinkTargetSize(maxLinkTargetSize);
        }
        return l;
    }

    /**
     * Prints {@code report} as {@code command} (skipped entries always, notes when {@code verbose},
     * the summary and the total; nothing when {@code quiet}) and returns the exit code: a failure when
     * {@code paths} were asked for and none matched.
     */
    static int finish(PrintWriter err, String command, boolean quiet, boolean verbose, ExtractReport report,
            Path target, List<String> paths) {
        boolean selected = paths != null && !paths.isEmpty();
        if (!quiet) {
            for (ExtractReport.Note n : report.skipped()) {
                err.println(command + ": skipped " + HumanText.escape(OptionNames.forCommandLine(n.toString())));
            }
            for (ExtractReport.Note n : verbose ? report.notes() : List.<ExtractReport.Note>of()) {
                err.println(command + ": " + HumanText.escape(OptionNames.forCommandLine(n.toString())));
            }
            for (String line : report.summary()) {
                err.println(command + ": " + HumanText.escape(OptionNames.forCommandLine(line)));
            }
            err.println(command + ": " + report.extracted() + " entries, " + Progress.size(report.bytesWritten())
                    + " written to " + target);
        }
        if (selected && report.extracted() == 0) {
            err.println(command + ": no entry matched " + String.join(", ", paths));
            return ExitCode.FAILURE;
        }
        return ExitCode.OK;
    }
}
