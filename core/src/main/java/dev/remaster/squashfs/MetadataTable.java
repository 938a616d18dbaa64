package dev.remaster.squashfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Builds one metadata table: 8 KiB blocks, each compressed on its own behind a 2-byte header. */
final class MetadataTable {
    private static final int BLOCK = 8192;

    private final Compressor compressor;
    private final ByteArrayOutputStream stored = new ByteArrayOutputStream();
    private final byte[] current = new byte[BLOCK];
    private int fill;

    MetadataTable(Compressor compressor) {
        this.compressor = compressor;
    }

    /** Where the next byte goes: stored position of its block, shifted left 16, or'ed with the offset in the block. */
    long ref() {
        return (long) stored.size() << 16 | fill;
    }

    /** The stored position of the block the next byte goes to. */
    int blockStart() {
        return stored.size();
    }

    /** Offset of the next byte in its uncompressed block. */
    int offset() {
        return fill;
    }

    void u16(int v) throws IOException {
        write(new byte[] {(byte) v, (byte) (v >>> 8)});
    }

    void u32(long v) throws IOException {
        write(new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
    }

    void u64(long v) throws IOException {
        u32(v);
        u32(v >>> 32);
    }

    void write(byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = Math.min(b.length - off, BLOCK - fill);
            System.arraycopy(b, off, current, fill, n);
            fill += n;
            off += n;
            if (fill == BLOCK) {
                flush();
            }
        }
    }

    private void flush() throws IOException {
        byte[] c = compressor.compress(current, 0, fill);
        if (c.length < fill) {
            stored.write(c.length & 0xff);
            stored.write(c.length >>> 8);
            stored.write(c);
        } else {
            stored.write(fill & 0xff);
            stored.write((fill >>> 8) | 0x80);
            stored.write(current, 0, fill);
        }
        fill = 0;
    }

    /** Ends the last block and returns the stored table. */
    byte[] finish() throws IOException {
        if (fill > 0) {
            flush();
        }
        return stored.toByteArray();
    }
}
