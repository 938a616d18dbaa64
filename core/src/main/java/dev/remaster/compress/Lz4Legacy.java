package dev.remaster.compress;

/** Constants of the lz4 legacy frame, what {@code lz4 -l} writes and the kernel's unlz4 reads. */
final class Lz4Legacy {
    /** The frame magic, 02 21 4c 18 on disk (little-endian). */
    static final int MAGIC = 0x184C2102;
    /** Every block but the last decompresses to exactly this; none to more. */
    static final int BLOCK_SIZE = 8 << 20;
    /** The largest compressed block: LZ4's bound for {@link #BLOCK_SIZE} bytes. */
    static final int MAX_COMPRESSED_BLOCK = BLOCK_SIZE + BLOCK_SIZE / 255 + 16;

    private Lz4Legacy() {
    }

    static void putIntLE(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    static int intLE(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
