package dev.remaster.cli;

import dev.remaster.kernel.Finding;
import dev.remaster.kernel.KernelLint;
import dev.remaster.kernel.LintReport;
import dev.remaster.kernel.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code remaster verify}: read everything and report what the kernel's unpacker would do. */
@Command(mixinStandardHelpOptions = true, versionProvider = Version.class, name = "verify",
        description = {"Read every segment and entry, check checksums and compressed data, and report what the "
                + "kernel's unpacker would do with the image: skipped entries, children before parents, "
                + "formats and compressions it rejects, split hard links, duplicate paths and which one wins.",
            "Exits 0 when the kernel would unpack the image without error, 1 when it would not, 3 when the image "
                + "cannot be read to its end."},
        footer = {"", "Examples:", "  remaster verify core-new.gz", "  remaster verify --all /boot/initrd.img-6.1.0-amd64"})
final class VerifyCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to check. '-' is standard input; standard input, a pipe or a FIFO is first copied to a temporary file (images are read with random access).")
    Path image;

    @Option(names = "--all", description = "Show INFO findings too (duplicates that agree, compressions some kernels lack...).")
    boolean all;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        LintReport report;
        try (Progress progress = Progress.working(err(), common.quiet, "verify", null)) {
            report = KernelLint.check(input(image));
        }
        PrintWriter out = out();
        List<Finding> shown = report.findings().stream()
                .filter(f -> all || json || f.severity() != Severity.INFO).toList();
        if (json) {
            out.println("{\"image\":" + Json.string(InputFiles.displayName(image)) + ",\"complete\":" + report.complete()
                    + ",\"entries\":" + report.entries() + ",\"errors\":" + report.errors()
                    + ",\"warnings\":" + report.warnings() + ",\"findings\":[");
            for (int i = 0; i < shown.size(); i++) {
                Finding f = shown.get(i);
                out.print("  {\"severity\":" + Json.value(f.severity()) + ",\"code\":" + Json.value(f.code())
                        + ",\"segment\":" + f.segment() + ",\"name\":" + (f.entryName() == null ? "null" : Json.string(f.entryName()))
                        + ",\"offset\":" + f.offset() + ",\"message\":" + Json.string(f.message()) + "}");
                out.println(i + 1 < shown.size() ? "," : "");
            }
            out.println("]}");
        } else {
            for (Finding f : shown) {
                out.println(f);
            }
            long infos = report.count(Severity.INFO);
            out.println(InputFiles.displayName(image) + ": " + report.entries() + " entries in " + report.segments().size() + " segments; "
                    + report.errors() + " errors, " + report.warnings() + " warnings, " + infos + " notes"
                    + (all || infos == 0 ? "" : " (--all shows them)")
                    + (report.complete() ? "" : "; reading stopped at the last error"));
        }
        out.flush();
        if (!report.complete()) {
            return ExitCode.CORRUPT;
        }
        return report.hasErrors() ? ExitCode.FAILURE : ExitCode.OK;
    }
}
