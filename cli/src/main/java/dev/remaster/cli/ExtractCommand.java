package dev.remaster.cli;

import dev.remaster.extract.ExtractOptions;
import dev.remaster.extract.ExtractReport;
import dev.remaster.extract.Extractor;
import dev.remaster.extract.PathFilter;
import dev.remaster.image.ImageReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** {@code remaster extract}: unpack an image into a directory, safely. */
@Command(mixinStandardHelpOptions = true, versionProvider = Version.class, name = "extract", sortOptions = false,
        description = {"Unpack every segment of an image into DIR, as the kernel would: later entries win, "
                + "modes and mtimes kept. One privilege rule, for root as for anyone: owners, device nodes, "
                + "FIFOs, sockets and setuid/setgid/sticky bits only with --rootfs (and as root); otherwise skipped, "
                + "with one summary line naming --rootfs.",
            "Safe with hostile images: nothing is written outside DIR, never through a symbolic link; "
                + "absolute names are made relative and names with '..' are skipped, each reported."},
        footer = {"", "Examples:", "  remaster extract core.gz rootfs/",
            "  sudo remaster extract --rootfs core.gz /mnt/vda1    # a disk install, with devices and owners",
            "  remaster extract initrd.img out/ /etc /init         # only these paths"})
final class ExtractCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to unpack. '-' is standard input; standard input, a pipe or a FIFO is first copied to a temporary file (images are read with random access).")
    Path image;

    @Parameters(index = "1", paramLabel = "DIR", description = "The target directory (created if missing).")
    Path target;

    @Parameters(index = "2..*", paramLabel = "PATH", description = "Only these paths (and what is under them).")
    List<String> paths;

    @Option(names = "--rootfs", description = "A faithful root file system, as the kernel would make it: owners, device nodes, FIFOs, sockets, setuid/setgid/sticky bits (as root; as an ordinary user these are skipped and listed). Without it nothing that carries privilege is restored, for root as for anyone.")
    boolean rootfs;

    @Option(names = "--no-owners", description = "With --rootfs: do not restore owners.")
    boolean noOwners;

    @Option(names = "--no-devices", description = "With --rootfs: do not create device nodes, FIFOs and sockets.")
    boolean noDevices;

    @Option(names = "--special-bits", description = "Keep setuid, setgid and sticky bits (applied only where owners are restored, so with --rootfs, which implies it).")
    boolean specialBits;

    @Option(names = "--absolute-names", paramLabel = "POLICY", completionCandidates = Candidates.AbsoluteNamePolicies.class, description = "strip (default), skip or fail.")
    String absoluteNames = "strip";

    @Option(names = "--dot-dot", paramLabel = "POLICY", completionCandidates = Candidates.DotDotPolicies.class, description = "Names with '..': skip (default) or fail.")
    String dotDot = "skip";

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

    @Option(names = "--verbose", description = "List every adjusted entry too (skipped entries are always listed).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        ExtractOptions o = rootfs ? ExtractOptions.rootFileSystem() : ExtractOptions.defaults();
        if (noOwners) {
            o = o.withRestoreOwners(false);
        }
        if (noDevices) {
            o = o.withRestoreDevices(false);
        }
        if (specialBits) {
            o = o.withRestoreSpecialBits(true);
        }
        o = o.withAbsoluteNames(ExtractOptions.AbsoluteNames.valueOf(absoluteNames.toUpperCase(java.util.Locale.ROOT)))
                .withDotDot(ExtractOptions.DotDot.valueOf(dotDot.toUpperCase(java.util.Locale.ROOT)));
        if (maxBytes != null) {
            o = o.withMaxTotalBytes(maxBytes);
        }
        if (maxEntries != null) {
            o = o.withMaxEntries(maxEntries);
        }
        if (maxNameSize != null) {
            o = o.withMaxNameSize(maxNameSize);
        }
        if (maxLinkTargetSize != null) {
            o = o.withMaxLinkTargetSize(maxLinkTargetSize);
        }
        if (maxDepth != null) {
            o = o.withMaxDepth(maxDepth);
        }
        Extractor extractor = Extractor.to(target, o);
        if (paths != null && !paths.isEmpty()) {
            extractor = extractor.selecting(PathFilter.of(paths));
        }
        ExtractReport report;
        try (ImageReader reader = ImageReader.open(input(image), dev.remaster.cpio.ReadOptions.defaults().withSourceName(InputFiles.displayName(image)));
                Progress progress = Progress.start(err(), common.quiet, "extract", reader.fileSize(), reader::bytesRead)) {
            report = extractor.extract(reader);
        }
        if (!common.quiet) {
            for (ExtractReport.Note n : report.skipped()) {
                err().println("remaster extract: skipped " + HumanText.escape(OptionNames.forCommandLine(n.toString())));
            }
            for (ExtractReport.Note n : verbose ? report.notes() : List.<ExtractReport.Note>of()) {
                err().println("remaster extract: " + HumanText.escape(OptionNames.forCommandLine(n.toString())));
            }
            for (String line : report.summary()) {
                err().println("remaster extract: " + HumanText.escape(OptionNames.forCommandLine(line)));
            }
            err().println("remaster extract: " + report.extracted() + " entries, " + Progress.size(report.bytesWritten())
                    + " written to " + target);
        }
        if (paths != null && !paths.isEmpty() && report.extracted() == 0) {
            err().println("remaster extract: no entry matched " + String.join(", ", paths));
            return ExitCode.FAILURE;
        }
        return ExitCode.OK;
    }
}
