package dev.remaster.compress.zstd;

/**
 * A simple reader of a backward bit stream (RFC 8878 section 4.1), read from its last byte down,
 * used where little is read (initial states, Huffman weights). Reading past the start yields zero
 * bits and leaves {@link #overflowed()} true.
 */
final class BackwardBits {
    private final byte[] src;
    private final int start;
    private int bitsLeft;

    BackwardBits(byte[] src, int start, int end, long at) throws ZstdFormatException {
        if (end <= start || src[end - 1] == 0) {
            throw new ZstdFormatException(at, "a bit stream is empty or lacks its end mark");
        }
        this.src = src;
        this.start = start;
        this.bitsLeft = (end - start) * 8 - (Integer.numberOfLeadingZeros(src[end - 1] & 0xFF) - 23);
    }

    /** Reads {@code n} (0 to 24) bits. */
    int read(int n) {
        if (n == 0) {
            return 0;
        }
        int left = bitsLeft;
        bitsLeft -= n;
        if (left >= n) {
            return bits(left - n, n);
        }
        if (left <= 0) {
            return 0;
        }
        return bits(0, left) << (n - left);
    }

    private int bits(int low, int n) {
        long w = Bits.le64(src, start + (low >>> 3)) >>> (low & 7);
        return (int) (w & ((1L << n) - 1));
    }

    /** True once more bits were read than the stream holds. */
    boolean overflowed() {
        return bitsLeft < 0;
    }

    /** The bits not yet read. */
    int remaining() {
        return bitsLeft;
    }
}
