package dev.remaster.cli;

import dev.remaster.extract.ExtractOptions;
import dev.remaster.extract.ExtractReport;
import dev.remaster.extract.Extractor;
import dev.remaster.extract.PathFilter;
import dev.remaster.internal.AtomicOutput;
import dev.remaster.squashfs.Compressor;
import dev.remaster.squashfs.SquashfsEntryReader;
import dev.remaster.squashfs.InodeType;
import dev.remaster.squashfs.LongListing;
import dev.remaster.squashfs.SquashfsEntry;
import dev.remaster.squashfs.SquashfsReader;
import dev.remaster.squashfs.SquashfsWriter;
import dev.remaster.squashfs.WriterOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

/** {@code remaster tcz}: Tiny Core extensions (squashfs 4.0 images). */
@Command(mixinStandardHelpOptions = true, versionProvider = Version.class, name = "tcz",
        description = "Tiny Core extensions (.tcz, squashfs 4.0 images): list, print files, extract, create.",
        subcommands = {TczCommand.Ls.class, TczCommand.Cat.class, TczCommand.Extract.class, TczCommand.Create.class},
        footer = {"", "Examples:", "  remaster tcz ls -l bash.tcz", "  remaster tcz cat bash.tcz /usr/local/bin/bash > bash",
            "  remaster tcz create dir/ -o my.tcz"})
final class TczCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a tcz command is required: ls, cat, extract or create");
    }

    /** {@code remaster tcz ls}. */
    @Command(mixinStandardHelpOptions = true, versionProvider = Version.class, name = "ls",
            description = "List the entries of a squashfs image; -l lists them as unsquashfs -lln does.")
    static final class Ls extends BaseCommand {
        @Parameters(index = "0", paramLabel = "IMAGE", description = "The .tcz (squashfs) image.")
        Path image;

        @Option(names = "-l", description = "Long listing, like unsquashfs -lln (times in the local zone, TZ).")
        boolean longListing;

        @Override
        public Integer call() throws Exception {
            LongListing listing = new LongListing(ZoneId.systemDefault(), "squashfs-root");
            try (SquashfsReader reader = SquashfsReader.open(image)) {
                for (SquashfsEntry e : reader.walk()) {
                    out().println(longListing ? listing.format(e) : e.path().isEmpty() ? "/" : "/" + e.path());
                }
            }
            out().flush();
            return out().checkError() ? ExitCode.FAILURE : ExitCode.OK;
        }
    }

    /** {@code remaster tcz cat}. */
    @Command(mixinStandardHelpOptions = true, versionProvider = Version.class, name = "cat",
            description = "Write the contents of files in the image to standard output, in the order given.")
    static final class Cat extends BaseCommand {
        @Parameters(index = "0", paramLabel = "IMAGE", description = "The .tcz (squashfs) image.")
        Path image;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH", description = "Paths in the image (with or without a leading /).")
        List<String> paths;

        /** Where the bytes go; standard output unless a test sets it. */
        OutputStream sink = System.out;

        @Override
        public Integer call() throws Exception {
            try (SquashfsReader reader = SquashfsReader.open(image)) {
                List<dev.remaster.squashfs.Inode> inodes = new java.util.ArrayList<>();
                for (String p : paths) {
                    dev.remaster.squashfs.Inode inode = reader.lookup(p);
                    if (inode == null) {
                        throw new NoSuchFileException(image + ": " + p);
                    }
                    if (inode.type() != InodeType.FILE) {
                        throw new IllegalArgumentException(p + " is not a regular file");
                    }
                    inodes.add(inode);
                }
                for (dev.remaster.squashfs.Inode inode : inodes) {
                    try (InputStream in = reader.open(inode)) {
                        in.transferTo(sink);
                    }
                }
            }
            sink.flush();
            if (sink instanceof PrintStream ps && ps.checkError()) {
                return ExitCode.FAILURE;
            }
            return ExitCode.OK;
        }
    }

    /** {@code remaster tcz extract}: the {@code extract} command's options and safety, for a squashfs image. */
    @Command(mixinStandardHelpOptions = true, versionProvider = Version.class, name = "extract",
            description = {"Unpack a squashfs image into a directory, with the same safety as remaster extract: "
                + "nothing is written outside DIR, owners and device nodes only as root."})
    static final class Extract extends BaseCommand {
        @Parameters(index = "0", paramLabel = "IMAGE", description = "The .tcz (squashfs) image.")
        Path image;

        @Parameters(index = "1", paramLabel = "DIR", description = "The target directory (created if missing).")
        Path target;

        @Parameters(index = "2..*", paramLabel = "PATH", description = "Only these paths (and what is under them).")
        List<String> paths;

        @CommandLine.Mixin
        ExtractionOptions extraction;

        @Override
        public Integer call() throws Exception {
            ExtractOptions o = extraction.toLibrary();
            Extractor extractor = Extractor.to(target, o);
            if (paths != null && !paths.isEmpty()) {
                extractor = extractor.selecting(PathFilter.of(paths));
            }
            ExtractReport report;
            try (SquashfsEntryReader reader = new SquashfsEntryReader(SquashfsReader.open(image))) {
                report = extractor.extract(reader);
            }
            return ExtractionOptions.finish(err(), "remaster tcz extract", common.quiet, false, report, target, paths);
        }
    }

    /** {@code remaster tcz create}. */
    @Command(mixinStandardHelpOptions = true, versionProvider = Version.class, name = "create",
            description = {"Create a squashfs 4.0 image from a directory, with Tiny Core's conventions by default "
                + "(gzip, 4 KiB blocks, fragments, no xattrs). The image's time is SOURCE_DATE_EPOCH when set, else 0."})
    static final class Create extends BaseCommand {
        @Parameters(index = "0", paramLabel = "DIR", description = "The directory to pack.")
        Path dir;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "The image to write.")
        Path output;

        @Option(names = "--compress", paramLabel = "CODEC", description = "gzip (default), xz, lzo, lz4, zstd or lzma (lzma: not readable by the kernel).")
        String compress = "gzip";

        @Option(names = "--block-size", paramLabel = "BYTES", description = "Data block size, a power of two from 4096 to 1048576 (default 4096).")
        int blockSize = 4096;

        @Option(names = "--threads", paramLabel = "N", description = "Compression threads (default: all cores).")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(dir)) {
                throw new NoSuchFileException(dir + ": not a directory");
            }
            Compressor c;
            try {
                c = Compressor.valueOf(compress.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--compress " + compress + ": not one of gzip, xz, lzo, lz4, zstd, lzma");
            }
            WriterOptions o = WriterOptions.tinyCore().withCompressor(c).withBlockSize(blockSize);
            if (threads != null) {
                o = o.withThreads(threads);
            }
            SquashfsWriter w = new SquashfsWriter(o);
            w.addTree(dir);
            // Atomic as every output: symlinks followed, devices refused, umask mode, removed on SIGTERM.
            try (AtomicOutput out = AtomicOutput.create(output)) {
                w.write(out.channel());
                out.commit();
            }
            Path abs = output.toAbsolutePath();
            note("tcz create: " + output + " (" + Files.size(abs) + " bytes, " + c.toolName() + ", " + blockSize + "-byte blocks)");
            return ExitCode.OK;
        }
    }
}
