package dev.remaster.compress;

import io.airlift.compress.lz4.Lz4Compressor;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes one lz4 legacy frame as {@code lz4 -l} does: the magic, then the input in 8 MiB blocks
 * (the last one shorter), each compressed independently by aircompressor's {@link Lz4Compressor}
 * (the fast LZ4 compressor, like {@code lz4 -1}) and preceded by its 4-byte little-endian
 * compressed size. Empty input gives the magic alone. Closing writes the last block and closes the
 * underlying stream.
 */
final class Lz4LegacyOutputStream extends OutputStream {
    private final OutputStream out;
    private final Lz4Compressor compressor = new Lz4Compressor();
    private byte[] block = new byte[64 * 1024];
    private int blockLength;
    private byte[] compressed;
    private boolean closed;

    Lz4LegacyOutputStream(OutputStream out) throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        byte[] magic = new byte[4];
        Lz4Legacy.putIntLE(magic, 0, Lz4Legacy.MAGIC);
        out.write(magic);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        while (len > 0) {
            if (blockLength == block.length && block.length < Lz4Legacy.BLOCK_SIZE) {
                block = Arrays.copyOf(block, Math.min(block.length * 2, Lz4Legacy.BLOCK_SIZE));
            }
            int n = Math.min(len, block.length - blockLength);
            System.arraycopy(b, off, block, blockLength, n);
            blockLength += n;
            off += n;
            len -= n;
            if (blockLength == Lz4Legacy.BLOCK_SIZE) {
                writeBlock();
            }
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (out) {
            if (blockLength > 0) {
                writeBlock();
            }
        }
    }

    private void writeBlock() throws IOException {
        int bound = compressor.maxCompressedLength(blockLength);
        if (compressed == null || compressed.length < bound + 4) {
            compressed = new byte[bound + 4];
        }
        int n = compressor.compress(block, 0, blockLength, compressed, 4, compressed.length - 4);
        Lz4Legacy.putIntLE(compressed, 0, n);
        out.write(compressed, 0, n + 4);
        blockLength = 0;
    }
}
