package dev.remaster.cli;

import dev.remaster.compress.Compression;
import dev.remaster.reproducible.Reproducible;
import dev.remaster.reproducible.ReproducibleOptions;
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

    @Option(names = "--level", paramLabel = "N", description = "Compression level: gzip 1-9, zstd 1-19, xz/lzma 0-9, "
            + "bzip2 1-9, lzo 2-9 (7-9: thorough, about 7 MB/s), lz4 1 (default: the codec's; for a rewritten zstd segment, see below).")
    Integer level;

    @Option(names = "--recompress", description = "Recompress segments that no edit touches too.")
    boolean recompress;

    @Option(names = "--append-segment",
            description = "Append one small segment with the changes instead of rewriting (refused for deletions); "
                    + "reads the image only as far as the changes need.")
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
        save(cl, target, t -> write(cl, image, t));
    }

    /** Writes an image to a file: what {@link #save} does between choosing the file and showing it. */
    interface ImageOutput {
        void writeTo(Path file) throws IOException;
    }

    /** As {@link #save(CommandLine, EditableImage, Path)}, with {@code output} writing the image. */
    void save(CommandLine cl, Path target, ImageOutput output) throws IOException {
        if (!InputFiles.isDash(target)) {
            output.writeTo(target);
            return;
        }
        Path temp = Files.createTempFile("remaster-output-", ".img");
        try {
            output.writeTo(temp);
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
            if (compress != null) {
                Compression c = Compression.fromName(compress);
                if (level < c.minLevel() || level > c.maxLevel()) {
                    throw new IllegalArgumentException("--level " + level + " is outside " + c.minLevel() + ".."
                            + c.maxLevel() + " for " + c.displayName());
                }
            }
            options = options.withLevel(level);
        }
        if (threads != null) {
            options = options.withThreads(threads);
        }
        return options;
    }

    /**
     * Whether the edit is appended as a new segment, which reads the image only as far as the
     * edit needs ({@link dev.remaster.script.EditOperation#append}) instead of opening it whole.
     */
    boolean appendsOnly(CommandLine cl) {
        if (appendSegment && reproducible) {
            throw new CommandLine.ParameterException(cl, "--append-segment and --reproducible do not go together");
        }
        return appendSegment;
    }

    /** Writes {@code image} to {@code target} as these options say. */
    void write(CommandLine cl, EditableImage image, Path target) throws IOException {
        if (appendSegment) {
            if (reproducible) {
                throw new CommandLine.ParameterException(cl, "--append-segment and --reproducible do not go together");
            }
            image.appendTo(target, saveOptions());
        } else if (reproducible) {
            Reproducible.save(image, target, saveOptions(), ReproducibleOptions.fromEnvironment());
        } else {
            image.writeTo(target, saveOptions());
        }
    }
}
