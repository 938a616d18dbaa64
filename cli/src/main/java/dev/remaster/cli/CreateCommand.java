package dev.remaster.cli;

import dev.remaster.cpio.Owner;
import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.cpio.CpioFormat;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.WriteOptions;
import dev.remaster.image.ImageWriter;
import dev.remaster.reproducible.ReproducibleOptions;
import dev.remaster.internal.AtomicOutput;
import dev.remaster.spec.SpecArchiveOptions;
import dev.remaster.spec.SpecArchiver;
import dev.remaster.spec.SpecParser;
import dev.remaster.spec.TreeArchiver;
import dev.remaster.spec.TreeOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/** {@code remaster create}: a new image from a directory or a gen_init_cpio description. */
@Command(mixinStandardHelpOptions = true, versionProvider = Version.class, name = "create", sortOptions = false,
        description = {"Create an image from a directory tree (like find . | cpio -o -H newc, but sorted, "
                + "with hard links kept and no root needed for owners) or from a gen_init_cpio description file "
                + "(file, dir, nod, slink, pipe, sock lines), so device nodes and owners need no root."},
        footer = {"", "The compression defaults to what OUT's name says (.gz, .zst, .xz, .lzma, .bz2, .lz4, .lzo), else none.",
            "With --reproducible (or SOURCE_DATE_EPOCH set), inodes are renumbered and mtimes clamped to SOURCE_DATE_EPOCH.",
            "", "Examples:",
            "  remaster create rootfs/ -o core.gz --owner 0:0",
            "  remaster create initramfs.list -o initrd.img --compress zstd",
            "  SOURCE_DATE_EPOCH=1700000000 remaster create rootfs/ -o initrd.xz --reproducible"})
final class CreateCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "DIR|SPEC", description = "A directory, or a gen_init_cpio description file.")
    Path source;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "The image to write; '-' is standard output (written as a stream).")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", completionCandidates = Candidates.Formats.class, description = "newc (default), crc or odc.")
    String format = "newc";

    @Option(names = "--compress", paramLabel = "CODEC", completionCandidates = Candidates.Codecs.class, description = "none, gzip, zstd, xz, lzma, bzip2, lz4 or lzo.")
    String compress;

    @Option(names = "--level", paramLabel = "N", description = "Compression level (default: the codec's).")
    Integer level;

    @Option(names = "--owner", paramLabel = "UID:GID", description = "Give every entry of a directory this owner.")
    String owner;

    @Option(names = "--reproducible", description = "Renumber inodes; clamp mtimes to SOURCE_DATE_EPOCH when it is set.")
    boolean reproducible;

    @Option(names = "--no-root-entry", description = "Leave out the \".\" entry of a directory.")
    boolean noRootEntry;

    @Option(names = "--threads", paramLabel = "N", description = "Compression threads (default: all cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        CpioFormat f = switch (format.toLowerCase(Locale.ROOT)) {
            case "newc" -> CpioFormat.NEWC;
            case "crc" -> CpioFormat.CRC;
            case "odc" -> CpioFormat.ODC;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--format must be newc, crc or odc, not '" + format + "'");
        };
        Compression c = compress != null ? Compression.fromName(compress) : Compression.forFileName(output.getFileName().toString());
        EncoderOptions enc = EncoderOptions.defaults(c);
        if (level != null) {
            enc = enc.withLevel(level);
        }
        if (threads != null) {
            enc = enc.withThreads(threads);
        }
        Long epoch = sourceDateEpoch();
        if (InputFiles.isDash(output)) {
            // Standard output is a stream, as for cpio -o: written as the entries come.
            try (Progress progress = Progress.working(err(), common.quiet, "create", null)) {
                write(ImageWriter.of(new UnclosedOutput(root().stdout)), c, enc, f, epoch, java.util.Set.of());
            }
            root().stdout.flush();
        } else {
            try (AtomicOutput out = AtomicOutput.create(output);
                    Progress progress = Progress.working(err(), common.quiet, "create", () -> position(out))) {
                // An output inside the tree must not archive itself or its temporary file.
                write(ImageWriter.of(out.stream()), c, enc, f, epoch, java.util.Set.of(out.target(), out.temporaryFile()));
                out.commit();
            }
        }
        note("remaster create: wrote " + (InputFiles.isDash(output) ? "standard output" : output) + " ("
                + f.name().toLowerCase(Locale.ROOT) + ", " + c.displayName() + ")");
        return ExitCode.OK;
    }

    private void write(ImageWriter writer, Compression c, EncoderOptions enc, CpioFormat f, Long epoch,
            java.util.Set<Path> excluded) throws IOException {
        try (ImageWriter image = writer;
                CpioWriter w = image.beginArchive(c, enc, WriteOptions.defaults().withFormat(f))) {
            if (Files.isDirectory(source)) {
                TreeOptions t = TreeOptions.defaults().withIncludeRoot(!noRootEntry)
                        // odc inode fields have 18 bits: disk inode numbers rarely fit, so they are renumbered.
                        .withRenumberInodes(reproducible || epoch != null || f == CpioFormat.ODC).withMtimeClamp(epoch);
                if (owner != null) {
                    t = t.withOwner(Owner.parse(owner));
                }
                TreeArchiver.of(t).write(source, excluded, w);
            } else {
                if (owner != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--owner applies to a directory; a description file gives each entry its owner");
                }
                SpecArchiver.of(SpecArchiveOptions.defaults().withMtime(epoch))
                        .write(SpecParser.withSystemEnvironment().parse(source), w);
            }
        }
    }

    /** Standard output, which the image writer may close: closing it only flushes. */
    private static final class UnclosedOutput extends java.io.FilterOutputStream {
        UnclosedOutput(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private static long position(AtomicOutput out) {
        try {
            return out.channel().position();
        } catch (IOException e) {
            return -1;
        }
    }

    private Long sourceDateEpoch() {
        // IllegalArgumentException (exit 2) names the variable and its value when it is not a number.
        OptionalLong epoch = ReproducibleOptions.fromEnvironment().sourceDateEpoch();
        return epoch.isPresent() ? epoch.getAsLong() : null;
    }
}
