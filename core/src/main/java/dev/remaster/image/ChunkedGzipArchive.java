package dev.remaster.image;

import dev.remaster.compress.ChunkedGzipOutputStream;
import dev.remaster.compress.DeflateSpan;
import dev.remaster.cpio.CpioWriter;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A gzip archive being written by an {@link ImageWriter} in independent chunks (see
 * {@link ChunkedGzipOutputStream}): entries are written with {@link #cpio()}, and between entries
 * whole chunks of another gzip segment can be copied in verbatim with {@link #copyChunk}, so that
 * an edit recompresses only the chunks it changes.
 *
 * <p>Closing ends the archive: with a trailer written by the cpio writer, unless the last thing
 * written was a copied chunk that ends at a trailer.
 */
public final class ChunkedGzipArchive implements Closeable {
    private final CpioWriter cpio;
    private final ChunkedGzipOutputStream gzip;
    private boolean lastWasCopy;
    private boolean copyEndedAtTrailer;
    private long cpioPositionAtCopy;
    private boolean closed;

    ChunkedGzipArchive(CpioWriter cpio, ChunkedGzipOutputStream gzip) {
        this.cpio = cpio;
        this.gzip = gzip;
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
     * @param chunk a verified independent chunk (see {@link GzipChunkIndex}) of {@code source}
     * @param endsAtTrailer whether, once the chunk is copied, the last entry of the archive so far is
     *     a trailer (with its padding)
     * @throws IOException if reading or writing fails
     */
    public void copyChunk(FileChannel source, DeflateSpan chunk, boolean endsAtTrailer) throws IOException {
        if (closed) {
            throw new IllegalStateException("the archive is closed");
        }
        if (chunk.compressedLength() > Integer.MAX_VALUE - 8) {
            throw new IOException("chunk of " + chunk.compressedLength() + " bytes is too large to copy");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) chunk.compressedLength());
        while (buf.hasRemaining()) {
            if (source.read(buf, chunk.compressedStart() + buf.position()) < 0) {
                throw new EOFException("the source ends inside the chunk at " + chunk.compressedStart());
            }
        }
        gzip.writeCompressedChunk(buf.array(), 0, buf.capacity(), chunk.crc32(), chunk.uncompressedLength(),
                chunk.endsStream());
        lastWasCopy = true;
        copyEndedAtTrailer = endsAtTrailer;
        cpioPositionAtCopy = cpio.position();
    }

    /** Ends the archive and the gzip member. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (lastWasCopy && copyEndedAtTrailer && cpio.position() == cpioPositionAtCopy) {
            // The archive's trailer came in the copied chunk, and the cpio writer has flushed all it
            // was given at the last entry boundary: end the member without another trailer.
            gzip.close();
        } else {
            cpio.close();
        }
    }
}
