package dev.remaster.overlay;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.compress.gzip.ChunkedGzipOutputStream;
import dev.remaster.compress.zstd.ZstdFrameOutputStream;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.WriteOptions;
import dev.remaster.image.ImageWriter;
import dev.remaster.internal.ChunkSpan;
import dev.remaster.internal.ChunkedOutput;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;

/**
 * A gzip or zstd archive being written by an {@link ImageWriter} in independent chunks (gzip: one
 * member of flushed chunks; zstd: one frame whose chunks share no history): entries are written
 * with {@link #cpio()}, and between entries whole chunks of another segment of the same codec can
 * be copied in verbatim with {@link #copyChunk}, so that an edit recompresses only the chunks it
 * changes.
 *
 * <p>Closing ends the archive: with a trailer written by the cpio writer, unless the last thing
 * written was a copied chunk that ends at a trailer.
 */
final class ChunkedArchive implements Closeable {
    private final CpioWriter cpio;
    private final OutputStream compressed;
    private final ChunkedOutput chunks;
    private boolean lastWasCopy;
    private boolean copyEndedAtTrailer;
    private long cpioPositionAtCopy;
    private boolean closed;

    private <T extends OutputStream & ChunkedOutput> ChunkedArchive(T compressed, WriteOptions cpio) {
        this.cpio = CpioWriter.of(compressed, cpio);
        this.compressed = compressed;
        this.chunks = compressed;
    }

    /**
     * Starts a gzip or zstd archive written in independent chunks as the next member of {@code out}.
     *
     * @param minWindowLog for zstd, the least window (log2, up to 23) the frame declares, so that
     *     chunks copied from a frame with a larger window still decode; 0 for the level's own
     */
    static ChunkedArchive begin(ImageWriter out, Compression compression, EncoderOptions encoder, WriteOptions cpio,
            int minWindowLog) throws IOException {
        return switch (compression) {
            case GZIP -> new ChunkedArchive(
                    new ChunkedGzipOutputStream(out.beginMember(), encoder.level(), encoder.threads()), cpio);
            case ZSTD -> new ChunkedArchive(new ZstdFrameOutputStream(out.beginMember(), encoder.level(),
                    encoder.threads(), ZstdFrameOutputStream.chunkSizeFor(encoder.level()), minWindowLog), cpio);
            default -> throw new IllegalArgumentException(compression.displayName() + " is not written in chunks");
        };
    }

    /**
     * The writer for new entries. Do not close it: close this archive.
     *
     * @return the writer for new entries
     */
    public CpioWriter cpio() {
        return cpio;
    }

    /**
     * Copies an independent chunk's compressed bytes from {@code source}, between the entries
     * written so far and the next ones. The chunk must hold whole cpio entries.
     *
     * @param source the file holding the chunk
     * @param chunk a verified independent chunk of a segment of this archive's codec in {@code source}
     *     (see {@link GzipChunkIndex} and {@code ZstdChunks})
     * @param endsAtTrailer whether, once the chunk is copied, the last entry of the archive so far is
     *     a trailer (with its padding)
     * @throws IOException if reading or writing fails
     */
    public void copyChunk(FileChannel source, ChunkSpan chunk, boolean endsAtTrailer) throws IOException {
        if (closed) {
            throw new IllegalStateException("the archive is closed");
        }
        chunks.copyChunk(source, chunk);
        lastWasCopy = true;
        copyEndedAtTrailer = endsAtTrailer;
        cpioPositionAtCopy = cpio.position();
    }

    /** Ends the archive and the compressed member. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (lastWasCopy && copyEndedAtTrailer && cpio.position() == cpioPositionAtCopy) {
            // The archive's trailer came in the copied chunk, and the cpio writer has flushed all it
            // was given at the last entry boundary: end the member without another trailer.
            compressed.close();
        } else {
            cpio.close();
        }
    }
}
