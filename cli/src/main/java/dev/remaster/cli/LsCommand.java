package dev.remaster.cli;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryType;
import dev.remaster.image.ArchiveSegment;
import dev.remaster.image.ImageReader;
import dev.remaster.image.Segment;
import dev.remaster.spec.SpecWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;

/** {@code remaster ls}: the entries of every segment, like {@code cpio -t} and {@code cpio -tv}. */
@Command(mixinStandardHelpOptions = true, versionProvider = Version.class, name = "ls", description = "List the entries of an image, segment by segment.",
        footer = {"", "Examples:",
            "  remaster ls core.gz",
            "  remaster ls -l /boot/initrd.img-6.1.0-amd64",
            "  remaster ls --json initrd.gz | jq '.[] | select(.type==\"char_device\")'"})
final class LsCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The initramfs image (plain or compressed cpio). '-' is standard input; standard input, a pipe or a FIFO is first copied to a temporary file (images are read with random access).")
    Path image;

    @Option(names = "-l", description = "Long listing like cpio -tv: mode, links, owner, size or device numbers, mtime, name.")
    boolean longFormat;

    @Option(names = "--json", description = "One JSON array of entries, with every header field.")
    boolean json;

    @Option(names = {"-0", "--null"}, description = "Names as stored, each ended by a NUL byte, for scripts "
            + "(xargs -0); without it, control characters in names are escaped (\\n, \\033).")
    boolean nulTerminated;

    @Option(names = "--trailers", description = "Show TRAILER!!! entries too.")
    boolean trailers;

    @Option(names = "--spec", paramLabel = "DIR", description = "Print a gen_init_cpio description that re-creates "
            + "the image with 'remaster create', and write the file contents it names into DIR (new or empty).")
    Path specDir;

    private static final DateTimeFormatter RECENT = DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter OLD = DateTimeFormatter.ofPattern("MMM dd  yyyy", Locale.ROOT);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        if (json && (longFormat || nulTerminated)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--json goes with neither -l nor --null");
        }
        if (specDir != null) {
            try (ImageReader reader = ImageReader.open(input(image), dev.remaster.cpio.ReadOptions.defaults().withSourceName(InputFiles.displayName(image)))) {
                SpecWriter.into(specDir).write(reader, out);
            }
            out.flush();
            return ExitCode.OK;
        }
        OutputStream names = new BufferedOutputStream(root().stdout, 1 << 16);
        out.flush();
        long sixMonthsAgo = Instant.now().getEpochSecond() - 183L * 24 * 3600;
        try (ImageReader reader = ImageReader.open(input(image), dev.remaster.cpio.ReadOptions.defaults().withSourceName(InputFiles.displayName(image)));
                Progress progress = Progress.start(err(), common.quiet, "ls", reader.fileSize(), reader::bytesRead)) {
            try {
                list(reader, out, names, sixMonthsAgo);
            } finally {
                // What was read is printed before an error, as cpio -t does.
                out.flush();
                names.flush();
            }
            noteMissingTrailers(InputFiles.displayName(image), reader.segments());
            if (longFormat && !json && !nulTerminated) {
                long entries = 0;
                int archives = 0;
                for (Segment s : reader.segments()) {
                    if (s instanceof ArchiveSegment a) {
                        entries += a.entries();
                        archives++;
                    }
                }
                out.println("# " + entries + " entries in " + archives + " archive segment" + (archives == 1 ? "" : "s"));
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    private void list(ImageReader reader, PrintWriter out, OutputStream names, long sixMonthsAgo) throws java.io.IOException {
        boolean first = true;
        int shownSegment = -1;
        if (json) {
            out.print('[');
        }
        for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
            if (e.isTrailer() && !trailers) {
                continue;
            }
            if (json) {
                out.print(first ? "\n" : ",\n");
                out.print(toJson(e, reader.segmentIndex()));
                first = false;
                continue;
            }
            if (nulTerminated) {
                names.write(e.nameBytes());
                names.write(0);
                continue;
            }
            if (longFormat && reader.segmentIndex() != shownSegment) {
                shownSegment = reader.segmentIndex();
                names.write(("# segment " + shownSegment + ": " + reader.segmentCompression().displayName()
                        + " at offset " + reader.segmentOffset() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            names.write(longFormat ? longLine(e, sixMonthsAgo) : HumanText.escape(e.nameBytes()));
            names.write('\n');
        }
        if (json) {
            out.println(first ? "]" : "\n]");
        }
        names.flush();
    }

    /** One line of {@code ls -l}, without its newline: the name and link target escaped for people. */
    static byte[] longLine(CpioEntry e, long sixMonthsAgo) {
        String sizeOrDevice = e.type().isDevice()
                ? String.format("%3d, %3d", e.rdevMajor(), e.rdevMinor())
                : Long.toString(e.size());
        ZonedDateTime t = Instant.ofEpochSecond(e.mtime()).atZone(ZoneId.systemDefault());
        String when = (e.mtime() < sixMonthsAgo ? OLD : RECENT).format(t);
        StringBuilder sb = new StringBuilder();
        sb.append(ModeString.of(e.mode())).append(' ')
                .append(String.format("%3d %-8d %-8d %8s ", e.nlink(), e.uid(), e.gid(), sizeOrDevice))
                .append(when).append(' ');
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(sb.length() + e.nameLength() + 16);
        line.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        line.writeBytes(HumanText.escape(e.nameBytes()));
        if (e.type() == EntryType.SYMLINK) {
            line.writeBytes(" -> ".getBytes(StandardCharsets.US_ASCII));
            byte[] target = e.linkTargetBytes();
            int n = target.length > 0 && target[target.length - 1] == 0 ? target.length - 1 : target.length;
            line.writeBytes(HumanText.escape(java.util.Arrays.copyOf(target, n)));
        }
        return line.toByteArray();
    }

    static String toJson(CpioEntry e, int segment) {
        StringBuilder sb = new StringBuilder("  {");
        sb.append("\"segment\":").append(segment)
                .append(",\"name\":").append(Json.string(e.name()));
        if (!e.hasUtf8Name()) {
            // Not UTF-8: "name" has U+FFFD for the bad bytes, "nameBytes" the exact bytes.
            sb.append(",\"nameBytes\":").append(Json.string(Base64.getEncoder().encodeToString(e.nameBytes())));
        }
        sb
                .append(",\"type\":").append(Json.value(e.type()))
                .append(",\"mode\":").append(Json.string("0" + Integer.toOctalString(e.mode())))
                .append(",\"uid\":").append(e.uid())
                .append(",\"gid\":").append(e.gid())
                .append(",\"nlink\":").append(e.nlink())
                .append(",\"mtime\":").append(e.mtime())
                .append(",\"size\":").append(e.size())
                .append(",\"inode\":").append(e.inode())
                .append(",\"dev\":[").append(e.devMajor()).append(',').append(e.devMinor()).append(']')
                .append(",\"rdev\":[").append(e.rdevMajor()).append(',').append(e.rdevMinor()).append(']')
                .append(",\"format\":").append(Json.value(e.format()))
                .append(",\"offset\":").append(e.headerOffset());
        e.linkTarget().ifPresent(t -> sb.append(",\"target\":").append(Json.string(t)));
        return sb.append('}').toString();
    }
}
