package dev.remaster.cli;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.image.ArchiveSegment;
import dev.remaster.image.ImageReader;
import dev.remaster.image.Segment;
import dev.remaster.kernel.Reproducible;
import dev.remaster.kernel.ReproducibleOptions;
import dev.remaster.overlay.EditableImage;
import dev.remaster.overlay.SaveOptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where and how an edited image is written: shared by the commands that edit. */
final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Where to write the new image; '-' is standard output (written once the whole image is made).")
    Path output;

    @Option(names = "--in-place", description = "Replace IMAGE (atomically: it is never lost on failure).")
    boolean inPlace;

    @Option(names = "--compress", paramLabel = "CODEC", completionCandidates = Candidates.Codecs.class,
            description = "Compression of rewritten compressed segments: gzip, zstd, xz, lzma, bzip2, lz4, lzo (default: each segment's own).")
    String compress;

    @Option(names = "--level", paramLabel = "N", description = "Compression level (default: the codec's).")
    Integer level;

    @Option(names = "--recompress", description = "Recompress segments that no edit touches too.")
    boolean recompress;

    @Option(names = "--append-segment",
            description = "Append one small segment with the changes instead of rewriting (refused for deletions).")
    boolean appendSegment;

    @Option(names = "--threads", paramLabel = "N", description = "Compression threads (default: all cores).")
    Integer threads;

    @Option(names = "--reproducible", description = "Write a reproducible image: entries sorted parents first, inodes "
            + "renumbered, mtimes clamped to SOURCE_DATE_EPOCH (when unset: to the newest mtime of IMAGE), deterministic compression.")
    boolean reproducible;

    /** The file to write, checking that exactly one of -o and --in-place was given. */
    Path target(CommandLine cl, Path image) {
        if (inPlace == (output != null)) {
            throw new CommandLine.ParameterException(cl, "give exactly one of -o OUT and --in-place");
        }
        if (inPlace && InputFiles.isDash(image)) {
            throw new CommandLine.ParameterException(cl, "--in-place needs a file, not standard input");
        }
        return inPlace ? image : output;
    }

    /**
     * Writes {@code image} to {@code target}, or to standard output when it is {@code -} (through a
     * temporary file: nothing reaches standard output unless the whole image was written).
     */
    void save(CommandLine cl, EditableImage image, Path target) throws IOException {
        if (!InputFiles.isDash(target)) {
            write(cl, image, target);
            return;
        }
        Path temp = Files.createTempFile("remaster-output-", ".img");
        try {
            write(cl, image, temp);
            PrintStream stdout = ((Main) cl.getCommandSpec().root().userObject()).stdout;
            Files.copy(temp, stdout);
            stdout.flush();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    SaveOptions saveOptions() {
        SaveOptions options = SaveOptions.defaults().withRecompress(recompress);
        if (compress != null) {
            options = options.withCompression(Compression.fromName(compress));
        }
        if (level != null) {
            options = options.withLevel(level);
        }
        if (threads != null) {
            options = options.withThreads(threads);
        }
        return options;
    }

    /** Writes {@code image} to {@code target} as these options say. */
    void write(CommandLine cl, EditableImage image, Path target) throws IOException {
        if (appendSegment) {
            if (reproducible) {
                throw new CommandLine.ParameterException(cl, "--append-segment and --reproducible do not go together");
            }
            image.appendTo(target, saveOptions());
        } else if (reproducible) {
            Path abs = target.toAbsolutePath();
            Path edited = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".edited");
            try {
                image.writeTo(edited, saveOptions());
                Compression c = compress != null ? Compression.fromName(compress) : lastCompression(image);
                EncoderOptions enc = EncoderOptions.defaults(c);
                if (level != null) {
                    enc = enc.withLevel(level);
                }
                ReproducibleOptions r = ReproducibleOptions.fromEnvironment();
                if (System.getenv(ReproducibleOptions.SOURCE_DATE_EPOCH) == null) {
                    // Without SOURCE_DATE_EPOCH, entries the edit adds are clamped to the newest mtime
                    // of the source, which depends on the input alone.
                    r = r.withSourceDateEpoch(newestMtime(image.source()));
                }
                Reproducible.rewrite(edited, target, c, enc, r);
            } finally {
                Files.deleteIfExists(edited);
            }
        } else {
            image.writeTo(target, saveOptions());
        }
    }

    private static long newestMtime(Path source) throws IOException {
        long newest = 0;
        try (ImageReader reader = ImageReader.open(source)) {
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                newest = Math.max(newest, e.mtime());
            }
        }
        return newest;
    }

    private static Compression lastCompression(EditableImage image) {
        Compression c = Compression.NONE;
        for (Segment s : image.segments()) {
            if (s instanceof ArchiveSegment a) {
                c = a.compression();
            }
        }
        return c;
    }
}
