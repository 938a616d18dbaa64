package dev.remaster.compress.gzip;

import dev.remaster.internal.BulkInputStream;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The decompressed bytes of an independent chunk (see {@link IndependentChunks}), inflated from
 * its first compressed byte by a fresh raw inflater. Exactly the chunk's length is returned; the
 * CRC-32 is checked when the last byte has been read, so a source changed since it was verified
 * is reported rather than copied. Closing does not close the channel.
 */
final class ChunkInputStream extends BulkInputStream {
    private final FileChannel source;
    private final DeflateSpan chunk;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final ByteBuffer input = ByteBuffer.allocate(64 * 1024);
    private long position;
    private long left;
    private boolean closed;

    ChunkInputStream(FileChannel source, DeflateSpan chunk) {
        this.source = Objects.requireNonNull(source, "source");
        this.chunk = Objects.requireNonNull(chunk, "chunk");
        this.position = chunk.compressedStart();
        this.left = chunk.uncompressedLength();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (left == 0) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int want = (int) Math.min(len, left);
        while (true) {
            int n;
            try {
                n = inflater.inflate(b, off, want);
            } catch (DataFormatException e) {
                throw changed("invalid deflate data: " + e.getMessage());
            }
            if (n > 0) {
                crc.update(b, off, n);
                left -= n;
                if (left == 0 && crc.getValue() != chunk.crc32()) {
                    throw changed(String.format("CRC-32 0x%08X instead of 0x%08X", crc.getValue(), chunk.crc32()));
                }
                return n;
            }
            if (inflater.finished() || inflater.needsDictionary()) {
                throw changed("the deflate data ends " + left + " bytes early");
            }
            if (inflater.needsInput()) {
                feed();
            }
        }
    }

    private void feed() throws IOException {
        if (position >= chunk.compressedEnd()) {
            throw changed("the compressed bytes end " + left + " bytes early");
        }
        input.clear();
        input.limit((int) Math.min(input.capacity(), chunk.compressedEnd() - position));
        while (input.hasRemaining()) {
            if (source.read(input, position + input.position()) < 0) {
                throw new EOFException("the source ends at " + (position + input.position()) + ", inside a chunk");
            }
        }
        inflater.setInput(input.array(), 0, input.limit());
        position += input.limit();
    }

    private IOException changed(String detail) {
        return new IOException("the gzip chunk at offset " + chunk.compressedStart()
                + " no longer decodes as it did (has the file changed?): " + detail);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            inflater.end();
        }
    }
}
