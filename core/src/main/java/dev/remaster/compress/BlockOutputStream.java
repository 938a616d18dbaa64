package dev.remaster.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * An encoder that compresses its input in blocks of a fixed size, each on its own (the lz4 legacy
 * frame and lzop): it gathers the input into a block, hands each full block to
 * {@link #writeBlock}, the last (shorter) one when closed, then {@link #finish} ends the stream. The
 * block buffer starts small and grows, so a short stream does not cost a whole block of memory.
 */
abstract class BlockOutputStream extends OutputStream {
    private static final int INITIAL_CAPACITY = 64 * 1024;

    /** Where the compressed stream goes; closed by {@link #close()}. */
    final OutputStream out;
    private final int blockSize;
    private byte[] block;
    private int blockLength;
    private boolean closed;

    BlockOutputStream(OutputStream out, int blockSize) {
        this.out = Objects.requireNonNull(out, "out");
        this.blockSize = blockSize;
        this.block = new byte[Math.min(blockSize, INITIAL_CAPACITY)];
    }

    /** Compresses and writes {@code block[0, length)}, a full block or the last one. */
    abstract void writeBlock(byte[] block, int length) throws IOException;

    /** Writes what ends the stream after the last block; nothing by default. */
    void finish() throws IOException {
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
            if (blockLength == block.length && block.length < blockSize) {
                block = Arrays.copyOf(block, Math.min(block.length * 2, blockSize));
            }
            int n = Math.min(len, block.length - blockLength);
            System.arraycopy(b, off, block, blockLength, n);
            blockLength += n;
            off += n;
            len -= n;
            if (blockLength == blockSize) {
                writeBlock(block, blockLength);
                blockLength = 0;
            }
        }
    }

    /** Passes on what was written; a partly filled block stays until it fills or the stream closes. */
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
                writeBlock(block, blockLength);
                blockLength = 0;
            }
            finish();
        }
    }
}
