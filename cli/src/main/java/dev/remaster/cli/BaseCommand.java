package dev.remaster.cli;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** What every command shares: the common options and the output streams. */
abstract class BaseCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Standard output. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Standard output as bytes: the stream {@link Main#run} was given, which {@link #out()} writes text to. */
    PrintStream stdout() {
        return root().stdout;
    }

    /** Standard error. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The command line's root: its standard streams and inputs. */
    Main root() {
        return (Main) spec.root().userObject();
    }

    /** A readable regular file with the bytes of the image named {@code given} ({@code -}: standard input). */
    java.nio.file.Path input(java.nio.file.Path given) throws java.io.IOException {
        return root().inputs.open(given);
    }

    /**
     * A note on stderr, unless --quiet. Notes often quote the image (names, boot codes, script
     * lines): control characters are escaped so that an image cannot write on the terminal.
     */
    void note(String line) {
        if (!common.quiet) {
            err().println(HumanText.escape(line));
        }
    }

    /**
     * A note for each archive segment that stops at the end of the file without its TRAILER!!!
     * entry: read to its end, as the kernel unpacks it, where cpio and bsdcpio call it truncated.
     */
    void noteMissingTrailers(String imageName, java.util.List<dev.remaster.image.Segment> segments) {
        for (dev.remaster.image.Segment s : segments) {
            if (s instanceof dev.remaster.image.ArchiveSegment a && a.trailerMissing()) {
                note("remaster " + spec.name() + ": " + imageName + ": the archive at offset " + a.offset()
                        + " ends at offset " + a.end() + " without its TRAILER!!! entry; read to the end as the "
                        + "kernel unpacks it (cpio -t calls it truncated)");
            }
        }
    }
}
