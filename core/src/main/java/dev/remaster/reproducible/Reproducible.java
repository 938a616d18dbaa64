package dev.remaster.reproducible;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioFormat;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.WriteOptions;
import dev.remaster.image.ArchiveSegment;
import dev.remaster.image.ImageReader;
import dev.remaster.image.ImageWriter;
import dev.remaster.image.Segment;
import dev.remaster.internal.AtomicOutput;
import dev.remaster.overlay.EditableImage;
import dev.remaster.overlay.SaveOptions;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;

/**
 * Rewrites an image so that its bytes depend only on the files it holds: the same tree, built at
 * another time, listed in another order, from another file system, gives the same image.
 *
 * <pre>{@code
 * ReproducibleOptions options = ReproducibleOptions.fromEnvironment();     // SOURCE_DATE_EPOCH
 * Reproducible.rewrite(source, target, Compression.ZSTD,
 *         EncoderOptions.defaults(Compression.ZSTD), options);
 * }</pre>
 *
 * <p><b>What changes.</b> In every archive of the source (the entries up to each trailer):
 * <ul>
 *   <li>entries are sorted in {@link PathOrder} (parents first, siblings by bytes); entries with
 *       the same name keep their order, so the one the kernel keeps is still the last;
 *   <li>names are {@linkplain PathOrder#normalize(byte[]) normalized} ({@code ./etc//x} becomes
 *       {@code etc/x}), which the kernel resolves the same way;
 *   <li>mtimes are clamped to, or set to, {@code SOURCE_DATE_EPOCH} when given; owners are forced
 *       when asked;
 *   <li>inode numbers are renumbered in output order, device numbers zeroed and link counts
 *       recomputed (see {@link ReproducibleOptions#renumberInodes()}), hard link groups kept;
 *   <li>each hard link group's data is written on its last link in the new order (the links
 *       before it have size 0), as GNU cpio and the kernel's gen_init_cpio do;
 *   <li>headers are written afresh in newc with upper-case hex, and each archive is padded to
 *       512 bytes after its trailer.
 * </ul>
 *
 * <p><b>What stays.</b> Archive boundaries and their order: later archives still override earlier
 * ones and hard links are never joined across a trailer. Archives at the uncompressed start of
 * the image that hold files for the kernel's early loaders (names under {@code kernel/}, such as
 * the microcode) stay uncompressed and first, as lib/earlycpio.c needs; every other archive is
 * written as one member of the chosen compression. Padding between segments is not kept (plain
 * archives are still placed at 4-aligned offsets).
 *
 * <p><b>Compressors.</b> The encoders write no timestamps or names (gzip: flags 0, mtime 0, OS
 * Unix; lzop: mtime 0, no name), so the bytes depend on the codec and level only: the gzip
 * encoder's output is the same for any number of threads. The image is written by an
 * {@link ImageWriter}, as every other image is.
 *
 * <p><b>Memory and passes.</b> The source is read once with an
 * {@link dev.remaster.image.ImageReader}, keeping only headers. The data of entries in plain
 * segments is read again from the source file at its offset; the data of entries in compressed
 * segments is copied to a temporary file during that pass (deleted at the end), since sorting
 * needs it in another order and decompressing again for each entry would cost a pass over the
 * segment per entry. No file data is held in memory.
 */
public final class Reproducible {
    private static final WriteOptions CPIO = new WriteOptions(CpioFormat.NEWC, 512, WriteOptions.InodePolicy.KEEP, false);

    private Reproducible() {
    }

    /**
     * Rewrites {@code source} into {@code target} (which may be the same file): written to a
     * temporary file beside it and moved over it only when complete.
     *
     * @param source where the data comes from
     * @param target the link target
     * @param compression the compression
     * @param encoder the encoder
     * @param options the options
     * @throws IOException if reading or writing fails
     */
    public static void rewrite(Path source, Path target, Compression compression, EncoderOptions encoder,
            ReproducibleOptions options) throws IOException {
        Objects.requireNonNull(target, "target");
        try (AtomicOutput out = AtomicOutput.create(target)) {
            rewrite(source, out.stream(), compression, encoder, options);
            out.commit();
        }
    }

    /**
     * Rewrites {@code source} onto {@code out}, which is flushed but not closed.
     *
     * @param compression the compression of every archive but the early-loader ones
     * @param encoder its level (and threads, for gzip, which do not change the output)
     * @throws dev.remaster.cpio.CpioFormatException when the source is not a readable image
     * @param source where the data comes from
     * @param out the stream written to
     * @param options the options
     */
    public static void rewrite(Path source, OutputStream out, Compression compression, EncoderOptions encoder,
            ReproducibleOptions options) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(options, "options");
        try (DataSpool spool = new DataSpool();
                FileChannel channel = FileChannel.open(source, StandardOpenOption.READ)) {
            List<SourceArchive> archives = SourceCollector.collect(source, spool);
            ArchiveRewriter rewriter = new ArchiveRewriter(channel, spool, options);
            try (ImageWriter image = ImageWriter.of(new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    out.flush();  // the caller's stream stays open
                }
            })) {
                for (SourceArchive archive : archives) {
                    Compression c = archive.isEarly() ? Compression.NONE : compression;
                    try (CpioWriter w = image.beginArchive(c, encoder, CPIO)) {
                        rewriter.write(archive, w);
                    }
                }
            }
        }
    }

    /**
     * The header {@code entry} gets in a reproducible image, apart from what depends on its place
     * (inode number, link count, hard link data): newc, name normalized, mtime per {@code options},
     * owner forced when asked, {@code c_check} 0.
     *
     * @param entry the entry
     * @param options the options
     * @return the header {@code entry} gets in a reproducible image, apart from what depends on its place (inode number, link count, hard link data): newc, name normalized, mtime per {@code options}, owner forced when asked, {@code c_check} 0
     */
    public static CpioEntry normalize(CpioEntry entry, ReproducibleOptions options) {
        CpioEntry.Builder b = entry.toBuilder()
                .format(CpioFormat.NEWC)
                .name(PathOrder.normalize(entry.nameBytes()))
                .mtime(options.mtime(entry.mtime()))
                .checksum(0);
        if (options.forceOwner() != null) {
            b.uid(options.forceOwner().uid()).gid(options.forceOwner().gid());
        }
        return b.build();
    }

    /**
     * Writes an edited image to {@code target} reproducibly: the edit is saved to a temporary
     * file beside {@code target}, then rewritten by {@link #rewrite(Path, Path, Compression,
     * EncoderOptions, ReproducibleOptions)}. The compression is {@code save}'s, or else the last
     * archive segment's; the level is {@code save}'s when set. When {@code options} has no
     * {@code sourceDateEpoch}, mtimes are clamped to the newest mtime of the image's source, so that
     * entries the edit adds (stamped with the current time) do not make the output depend on when
     * it was made.
     *
     * @param image the image file
     * @param target the link target
     * @param save the save
     * @param options the options
     * @throws IOException if reading or writing fails
     */
    public static void save(EditableImage image, Path target, SaveOptions save, ReproducibleOptions options)
            throws IOException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(save, "save");
        Objects.requireNonNull(options, "options");
        Path abs = target.toAbsolutePath();
        Path edited = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".edited");
        try {
            image.writeTo(edited, save);
            Compression c = save.compression() != null ? save.compression() : lastCompression(image);
            EncoderOptions encoder = EncoderOptions.defaults(c);
            if (save.level() >= 0) {
                encoder = encoder.withLevel(save.level());
            }
            ReproducibleOptions r = options.sourceDateEpoch().isPresent()
                    ? options : options.withSourceDateEpoch(newestMtime(image.source()));
            rewrite(edited, target, c, encoder, r);
        } finally {
            Files.deleteIfExists(edited);
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
