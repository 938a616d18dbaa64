package dev.remaster.compress;

import io.airlift.compress.lz4.Lz4Compressor;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one lz4 legacy frame as {@code lz4 -l} does: the magic, then the input in 8 MiB blocks
 * (the last one shorter), each compressed independently by aircompressor's {@link Lz4Compressor}
 * (the fast LZ4 compressor, like {@code lz4 -1}) and preceded by its 4-byte little-endian
 * compressed size. Empty input gives the magic alone. Closing writes the last block and closes the
 * underlying stream.
 */
final class Lz4LegacyOutputStream extends BlockOutputStream {
    private final Lz4Compressor compressor = new Lz4Compressor();
    private byte[] compressed;

    Lz4LegacyOutputStream(OutputStream out) throws IOException {
        super(out, Lz4Legacy.BLOCK_SIZE);
        byte[] magic = new byte[4];
        Lz4Legacy.putIntLE(magic, 0, Lz4Legacy.MAGIC);
        out.write(magic);
    }

    @Override
    void writeBlock(byte[] block, int length) throws IOException {
        int bound = compressor.maxCompressedLength(length);
        if (compressed == null || compressed.length < bound + 4) {
            compressed = new byte[bound + 4];
        }
        int n = compressor.compress(block, 0, length, compressed, 4, compressed.length - 4);
        Lz4Legacy.putIntLE(compressed, 0, n);
        out.write(compressed, 0, n + 4);
    }
}
