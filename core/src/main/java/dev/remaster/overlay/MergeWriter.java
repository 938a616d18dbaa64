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
import dev.remaster.internal.ChunkSpan;

import java.io.IOException;
import java.io.InputStream;
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
 *
 * <p><b>Reusing chunks.</b> A touched gzip or zstd segment of one member that has independent chunks
 * on entry boundaries (see {@link ChunkIndexes}; every gzip and zstd segment Remaster writes has
 * them) and is written with the same codec again is not recompressed whole: each chunk whose entries are all kept unchanged is copied as
 * its compressed bytes, and only the runs of chunks that hold a changed, dropped or added entry
 * are decompressed (from the run's first chunk, which decodes alone) and written again, in new
 * chunks. Kept entries keep their exact bytes, and every cpio entry is a multiple of 4 bytes
 * long, so the copied chunks are still whole entries at valid offsets.
 */
final class MergeWriter {
    private final FileChannel channel;
    private final String sourceName;
    private final List<Segment> layout;
    private final FileSystem jimfs;
    private final Map<Object, Node> nodes;
    private final Hydrator hydrator;
    private final ReadOptions readOptions;
    private final ChunkIndexes chunkIndexes;

    MergeWriter(FileChannel channel, String sourceName, List<Segment> layout, FileSystem jimfs,
            Map<Object, Node> nodes, Hydrator hydrator, ReadOptions readOptions, ChunkIndexes chunkIndexes) {
        this.channel = channel;
        this.sourceName = sourceName;
        this.layout = layout;
        this.jimfs = jimfs;
        this.nodes = nodes;
        this.hydrator = hydrator;
        this.readOptions = readOptions;
        this.chunkIndexes = chunkIndexes;
    }

    /** Writes the whole image. */
    void write(MergePlan plan, SaveOptions options, ImageWriter out) throws IOException {
        for (int i = 0; i < layout.size(); i++) {
            Segment seg = layout.get(i);
            if (!(seg instanceof ArchiveSegment a) || (plan.untouched(i) && !options.forcesRewrite(a))) {
                out.copy(channel, seg);
            } else {
                rewrite(i, a, plan.steps().get(i), options, out);
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

    private void rewrite(int index, ArchiveSegment seg, List<Step> steps, SaveOptions options, ImageWriter out)
            throws IOException {
        Compression c = options.compressionFor(seg);
        CpioFormat format = seg.formats().contains(CpioFormat.CRC) && !seg.formats().contains(CpioFormat.NEWC)
                ? CpioFormat.CRC
                : seg.formats().equals(java.util.Set.of(CpioFormat.ODC)) ? CpioFormat.ODC : CpioFormat.NEWC;
        WriteOptions cpioOptions = WriteOptions.defaults().withFormat(format).withBlockSize(0);
        if ((c == Compression.GZIP || c == Compression.ZSTD) && seg.compression() == c && !options.recompress()) {
            List<? extends ChunkSpan> chunks = chunkIndexes.of(index, options.threads()).orElse(List.of());
            if (chunks.size() > 1) {
                ChunkReusePlan reuse = ChunkReusePlan.of(steps, chunks, seg.offset(), format);
                if (reuse != null) {
                    rewriteReusingChunks(c, seg, steps, reuse, options, cpioOptions, out);
                    return;
                }
            }
        }
        CpioWriter w = out.beginArchive(c, options.encoderFor(c, seg), cpioOptions);
        try (CpioReader r = CpioReader.of(seg.cpioBytes(channel, sourceName),
                readerOptions(seg, seg.offset()))) {
            for (Step step : steps) {
                writeStep(step, r, w, seg);
            }
        }
        w.close();
    }

    /** Copies the chunks the plan keeps; decompresses and writes again the runs it does not. */
    private void rewriteReusingChunks(Compression c, ArchiveSegment seg, List<Step> steps, ChunkReusePlan reuse,
            SaveOptions options, WriteOptions cpioOptions, ImageWriter out) throws IOException {
        int windowLog = 0;
        for (ChunkReusePlan.Piece piece : reuse.pieces()) {
            if (piece.copy() && piece.chunk() instanceof dev.remaster.compress.zstd.ZstdSpan z) {
                windowLog = Math.max(windowLog, z.windowLog());
            }
        }
        try (ChunkedArchive archive = ChunkedArchive.begin(out, c, options.encoderFor(c, seg), cpioOptions, windowLog)) {
            for (ChunkReusePlan.Piece piece : reuse.pieces()) {
                if (piece.copy()) {
                    archive.copyChunk(channel, piece.chunk(), piece.endsAtTrailer());
                    continue;
                }
                ChunkSpan run = piece.chunk();
                InputStream bytes = run.open(channel);
                try (CpioReader r = CpioReader.of(bytes, readerOptions(seg, seg.offset() + run.uncompressedStart()))) {
                    for (Step step : steps.subList(piece.firstStep(), piece.endStep())) {
                        writeStep(step, r, archive.cpio(), seg);
                    }
                }
            }
        }
    }

    private ReadOptions readerOptions(ArchiveSegment seg, long baseOffset) {
        String name = sourceName + " (" + seg.compression().displayName() + " segment at offset " + seg.offset() + ")";
        return readOptions.withSourceName(name).withBaseOffset(baseOffset).withStopAtForeignData(seg.isPlain());
    }

    /** Writes one step, reading its source entry (if it has one) from {@code r}. */
    private void writeStep(Step step, CpioReader r, CpioWriter w, ArchiveSegment seg) throws IOException {
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
