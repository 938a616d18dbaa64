package dev.remaster.cli;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.image.ArchiveSegment;
import dev.remaster.image.ImageReader;
import dev.remaster.image.PaddingSegment;
import dev.remaster.image.Segment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** {@code remaster info}: the segments of an image. */
@Command(mixinStandardHelpOptions = true, versionProvider = Version.class, name = "info", description = "Show the segments of an image: offset, length, compression, format, entries, size.",
        footer = {"", "Examples:", "  remaster info /boot/initrd.img-6.1.0-amd64", "  remaster info --json core.gz"})
final class InfoCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The initramfs image. '-' is standard input; standard input, a pipe or a FIFO is first copied to a temporary file (images are read with random access).")
    Path image;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<Segment> segments;
        long fileSize;
        try (ImageReader reader = ImageReader.open(input(image), dev.remaster.cpio.ReadOptions.defaults().withSourceName(InputFiles.displayName(image)));
                Progress progress = Progress.start(err(), common.quiet, "info", reader.fileSize(), reader::bytesRead)) {
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                // Reading every header is what tells where each segment ends.
            }
            segments = reader.segments();
            fileSize = reader.fileSize();
        }
        PrintWriter out = out();
        long entries = 0;
        long uncompressed = 0;
        for (Segment s : segments) {
            if (s instanceof ArchiveSegment a) {
                entries += a.entries();
                uncompressed += a.uncompressedSize();
            }
        }
        if (json) {
            out.println("{\"image\":" + Json.string(InputFiles.displayName(image)) + ",\"size\":" + fileSize
                    + ",\"entries\":" + entries + ",\"uncompressedSize\":" + uncompressed + ",\"segments\":[");
            for (int i = 0; i < segments.size(); i++) {
                out.print("  " + segmentJson(i, segments.get(i)));
                out.println(i + 1 < segments.size() ? "," : "");
            }
            out.println("]}");
        } else {
            out.printf("%-3s %12s %12s  %-8s %-9s %8s %14s  %s%n", "#", "offset", "length", "codec", "format",
                    "entries", "uncompressed", "notes");
            for (int i = 0; i < segments.size(); i++) {
                Segment s = segments.get(i);
                if (s instanceof PaddingSegment p) {
                    out.printf("%-3d %12d %12d  %-8s %-9s %8s %14s  %s%n", i, p.offset(), p.length(), "-", "padding",
                            "-", "-", "NUL bytes");
                } else {
                    ArchiveSegment a = (ArchiveSegment) s;
                    out.printf("%-3d %12d %12d  %-8s %-9s %8d %14d  %s%n", i, a.offset(), a.length(),
                            a.compression().displayName(), formats(a), a.entries(), a.uncompressedSize(), notes(a));
                }
            }
            out.printf("total: %d bytes, %d entries, %d bytes of cpio data%n", fileSize, entries, uncompressed);
        }
        out.flush();
        return ExitCode.OK;
    }

    private static String formats(ArchiveSegment a) {
        return a.formats().stream().map(f -> f.name().toLowerCase()).sorted().collect(Collectors.joining("+"));
    }

    private static String notes(ArchiveSegment a) {
        StringBuilder sb = new StringBuilder();
        sb.append(a.archives()).append(a.archives() == 1 ? " archive" : " archives");
        if (a.members().size() > 1 && !a.isPlain()) {
            sb.append(", ").append(a.members().size()).append(" members");
        }
        if (!a.archiveEndsAtMemberEnds()) {
            sb.append(", a member ends inside an archive (the kernel cannot unpack this)");
        }
        if (a.trailerMissing()) {
            sb.append(", no TRAILER!!! at the end (the kernel unpacks it anyway)");
        }
        return sb.toString();
    }

    private static String segmentJson(int i, Segment s) {
        if (s instanceof PaddingSegment p) {
            return "{\"index\":" + i + ",\"kind\":\"padding\",\"offset\":" + p.offset() + ",\"length\":" + p.length() + "}";
        }
        ArchiveSegment a = (ArchiveSegment) s;
        return "{\"index\":" + i + ",\"kind\":\"archive\",\"offset\":" + a.offset() + ",\"length\":" + a.length()
                + ",\"compression\":" + Json.string(a.compression().displayName())
                + ",\"formats\":" + Json.string(formats(a)) + ",\"archives\":" + a.archives()
                + ",\"members\":" + a.members().size() + ",\"entries\":" + a.entries()
                + ",\"uncompressedSize\":" + a.uncompressedSize() + ",\"trailerMissing\":" + a.trailerMissing() + "}";
    }
}
