package dev.remaster.overlay;

import dev.remaster.compress.Compression;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioFormat;
import dev.remaster.cpio.CpioReader;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.ReadOptions;
import dev.remaster.cpio.WriteOptions;
import dev.remaster.image.ArchiveSegment;
import dev.remaster.image.ImageWriter;
import dev.remaster.image.Segment;
import dev.remaster.image.SegmentStreams;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link MergePlan}: untouched segments are copied byte for byte; a touched segment is
 * streamed from the source again, each entry kept, dropped, re-headed or replaced as planned, with
 * new entries from the edit view in between.
 */
final class MergeWriter {
    private final FileChannel channel;
    private final String sourceName;
    private final List<Segment> layout;
    private final FileSystem jimfs;
    private final Map<Object, Node> nodes;
    private final Hydrator hydrator;
    private final ReadOptions readOptions;

    MergeWriter(FileChannel channel, String sourceName, List<Segment> layout, FileSystem jimfs,
            Map<Object, Node> nodes, Hydrator hydrator, ReadOptions readOptions) {
        this.channel = channel;
        this.sourceName = sourceName;
        this.layout = layout;
        this.jimfs = jimfs;
        this.nodes = nodes;
        this.hydrator = hydrator;
        this.readOptions = readOptions;
    }

    /** Writes the whole image. */
    void write(MergePlan plan, SaveOptions options, ImageWriter out) throws IOException {
        for (int i = 0; i < layout.size(); i++) {
            Segment seg = layout.get(i);
            if (!(seg instanceof ArchiveSegment a) || (plan.untouched(i) && !options.forcesRewrite(a))) {
                out.copy(channel, seg);
            } else {
                rewrite(a, plan.steps().get(i), options, out);
            }
        }
    }

    /** Writes the added and changed entries of {@code plan} as one new archive. */
    void writeAppended(MergePlan plan, Compression compression, SaveOptions options, ImageWriter out)
            throws IOException {
        CpioWriter w = out.beginArchive(compression, options.encoderFor(compression),
                WriteOptions.defaults().withBlockSize(0));
        for (List<Step> steps : plan.steps()) {
            if (steps == null) {
                continue;
            }
            for (Step s : steps) {
                if (s instanceof Step.Overlay o) {
                    writeOverlay(w, o);
                } else if (s instanceof Step.Reheader r) {
                    CpioEntry h = r.header();
                    if (h.type() == dev.remaster.cpio.EntryType.REGULAR && h.size() > 0) {
                        writeOverlay(w, new Step.Overlay(r.source(), r.source().path(), h, true));
                    } else {
                        w.write(h);
                    }
                }
            }
        }
        w.close();
    }

    private void rewrite(ArchiveSegment seg, List<Step> steps, SaveOptions options, ImageWriter out)
            throws IOException {
        Compression c = options.compressionFor(seg);
        CpioFormat format = seg.formats().contains(CpioFormat.CRC) && !seg.formats().contains(CpioFormat.NEWC)
                ? CpioFormat.CRC
                : seg.formats().equals(java.util.Set.of(CpioFormat.ODC)) ? CpioFormat.ODC : CpioFormat.NEWC;
        CpioWriter w = out.beginArchive(c, options.encoderFor(c), WriteOptions.defaults().withFormat(format).withBlockSize(0));
        String name = sourceName + " (" + seg.compression().displayName() + " segment at offset " + seg.offset() + ")";
        try (CpioReader r = CpioReader.of(SegmentStreams.cpioBytes(channel, seg, sourceName),
                readOptions.withSourceName(name).withBaseOffset(seg.offset()).withStopAtForeignData(seg.isPlain()))) {
            for (Step step : steps) {
                CpioEntry e = null;
                if (step.source() != null) {
                    e = r.next();
                    if (e == null || e.headerOffset() != step.source().header().headerOffset()) {
                        throw new IOException(sourceName + ": the segment at offset " + seg.offset()
                                + " changed while it was being edited");
                    }
                }
                if (step instanceof Step.Keep) {
                    if (e.isTrailer() && e.size() > 0) {
                        // The reader has skipped a trailer's data, as the kernel does: none is written.
                        w.write(e.toBuilder().size(0).build());
                    } else {
                        w.write(e, r.data());
                    }
                } else if (step instanceof Step.Reheader rh) {
                    if (rh.header().linkTargetBytes() != null) {
                        w.write(rh.header());
                    } else {
                        w.write(rh.header(), r.data());
                    }
                } else if (step instanceof Step.Overlay o) {
                    writeOverlay(w, o);
                }
            }
        }
        w.close();
    }

    private void writeOverlay(CpioWriter w, Step.Overlay o) throws IOException {
        if (!o.withData()) {
            w.write(o.header().size() == 0 || o.header().linkTargetBytes() != null ? o.header()
                    : o.header().toBuilder().size(0).build());
            return;
        }
        Path p = jimfs.getPath(o.path());
        Object key = TreeLoader.attributes(p).fileKey();
        Node n = nodes.get(key);
        if (n != null && n.pending) {
            hydrator.hydrate(p, key);
        }
        w.write(o.header(), p);
    }

    static BasicFileAttributes attrs(Path p) throws IOException {
        return TreeLoader.attributes(p);
    }
}
