package dev.remaster.cli;

import dev.remaster.extract.ExtractOptions;
import dev.remaster.extract.ExtractReport;
import dev.remaster.extract.Extractor;
import dev.remaster.extract.PathFilter;
import dev.remaster.image.ImageReader;
import picocli.CommandLine;
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

    @CommandLine.Mixin
    ExtractionOptions extraction;

    @Option(names = "--absolute-names", paramLabel = "POLICY", completionCandidates = Candidates.AbsoluteNamePolicies.class, description = "strip (default), skip or fail.")
    String absoluteNames = "strip";

    @Option(names = "--dot-dot", paramLabel = "POLICY", completionCandidates = Candidates.DotDotPolicies.class, description = "Names with '..': skip (default) or fail.")
    String dotDot = "skip";

    @Option(names = "--verbose", description = "List every adjusted entry too (skipped entries are always listed).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        ExtractOptions o = extraction.toLibrary().toBuilder()
                .absoluteNames(ExtractOptions.AbsoluteNames.valueOf(absoluteNames.toUpperCase(java.util.Locale.ROOT)))
                .dotDot(ExtractOptions.DotDot.valueOf(dotDot.toUpperCase(java.util.Locale.ROOT)))
                .build();
        Extractor extractor = Extractor.to(target, o);
        if (paths != null && !paths.isEmpty()) {
            extractor = extractor.selecting(PathFilter.of(paths));
        }
        ExtractReport report;
        try (ImageReader reader = ImageReader.open(input(image), dev.remaster.cpio.ReadOptions.defaults()
                .withSourceName(InputFiles.displayName(image)).withLimits(extraction.readLimits()));
                Progress progress = Progress.start(err(), common.quiet, "extract", reader.fileSize(), reader::bytesRead)) {
            report = extractor.extract(reader);
            noteMissingTrailers(InputFiles.displayName(image), reader.segments());
        }
        return ExtractionOptions.finish(err(), "remaster extract", common.quiet, verbose, report, target, paths);
    }
}
