package dev.remaster.compress.zstd;

/**
 * The Huffman table of compressed literals (RFC 8878 section 4.2) and the decoding of literal
 * streams with it. The table is indexed by the next {@code maxBits} bits of a stream; each entry
 * holds the symbol (bits 4 and up) and its code length (bits 0-3).
 */
final class HuffmanDecoding {
    static final int MAX_BITS = 11;
    private static final int WEIGHT_LOG = 6;

    private final int[] table = new int[1 << MAX_BITS];
    private int maxBits;
    private final byte[] weights = new byte[256];
    private final short[] norm = new short[13];
    private final int[] fseSymbols = new int[1 << WEIGHT_LOG];
    private final int[] fseBits = new int[1 << WEIGHT_LOG];
    private final int[] fseBaselines = new int[1 << WEIGHT_LOG];

    /** Reads a Huffman tree description at {@code src[ip..end)}; returns the position after it. */
    int readTable(byte[] src, int ip, int end, long at) throws ZstdFormatException {
        if (ip >= end) {
            throw new ZstdFormatException(at, "literals: the Huffman tree description is missing");
        }
        int header = src[ip++] & 0xFF;
        int n;
        if (header < 128) {
            if (header == 0 || ip + header > end) {
                throw new ZstdFormatException(at, "literals: the Huffman weights do not fit in the literals section");
            }
            n = fseWeights(src, ip, ip + header, at);
            ip += header;
        } else {
            n = header - 127;
            int bytes = (n + 1) >>> 1;
            if (ip + bytes > end) {
                throw new ZstdFormatException(at, "literals: the Huffman weights do not fit in the literals section");
            }
            for (int i = 0; i < n; i++) {
                int b = src[ip + (i >>> 1)] & 0xFF;
                weights[i] = (byte) ((i & 1) == 0 ? b >>> 4 : b & 15);
            }
            ip += bytes;
        }
        buildTable(n, at);
        return ip;
    }

    /** Decodes weights compressed with FSE at {@code src[ip..end)}; returns how many. */
    private int fseWeights(byte[] src, int ip, int end, long at) throws ZstdFormatException {
        int r = FseDecoding.readDistribution(src, ip, end, 12, WEIGHT_LOG, norm, "literals: Huffman weights", at);
        int log = r & 0xFF;
        FseDecoding.build(norm, 12, log, fseSymbols, fseBits, fseBaselines, "literals: Huffman weights", at);
        BackwardBits in = new BackwardBits(src, ip + (r >>> 8), end, at);
        int s1 = in.read(log);
        int s2 = in.read(log);
        int n = 0;
        while (true) {
            if (n >= 254) {
                throw new ZstdFormatException(at, "literals: more than 255 Huffman weights");
            }
            weights[n++] = (byte) fseSymbols[s1];
            s1 = fseBaselines[s1] + in.read(fseBits[s1]);
            if (in.overflowed()) {
                weights[n++] = (byte) fseSymbols[s2];
                break;
            }
            weights[n++] = (byte) fseSymbols[s2];
            s2 = fseBaselines[s2] + in.read(fseBits[s2]);
            if (in.overflowed()) {
                weights[n++] = (byte) fseSymbols[s1];
                break;
            }
        }
        return n;
    }

    private void buildTable(int n, long at) throws ZstdFormatException {
        int total = 0;
        int[] rankCount = new int[MAX_BITS + 2];
        for (int i = 0; i < n; i++) {
            int w = weights[i];
            if (w > MAX_BITS) {
                throw new ZstdFormatException(at, "literals: Huffman weight " + w + " is larger than " + MAX_BITS);
            }
            if (w > 0) {
                total += 1 << (w - 1);
            }
        }
        if (total == 0) {
            throw new ZstdFormatException(at, "literals: all Huffman weights are zero");
        }
        int bits = Bits.highBit(total) + 1;
        int leftover = (1 << bits) - total;
        if (bits > MAX_BITS || (leftover & (leftover - 1)) != 0) {
            throw new ZstdFormatException(at, "literals: the Huffman weights do not make a prefix code");
        }
        weights[n] = (byte) (Bits.highBit(leftover) + 1);
        int symbols = n + 1;
        for (int i = 0; i < symbols; i++) {
            rankCount[weights[i]]++;
        }
        int[] rankStart = new int[MAX_BITS + 2];
        int next = 0;
        for (int w = 1; w <= bits; w++) {
            rankStart[w] = next;
            next += rankCount[w] << (w - 1);
        }
        for (int s = 0; s < symbols; s++) {
            int w = weights[s];
            if (w == 0) {
                continue;
            }
            int length = 1 << (w - 1);
            int entry = s << 4 | (bits + 1 - w);
            int from = rankStart[w];
            for (int i = from; i < from + length; i++) {
                table[i] = entry;
            }
            rankStart[w] = from + length;
        }
        maxBits = bits;
    }

    /**
     * Decodes {@code n} literals from the backward bit stream {@code src[start..end)} into
     * {@code out[o..o+n)}; the stream must end exactly after the last one.
     */
    void decodeStream(byte[] src, int start, int end, byte[] out, int o, int n, long at)
            throws ZstdFormatException {
        if (end <= start || src[end - 1] == 0) {
            throw new ZstdFormatException(at, "literals: a Huffman stream is empty or lacks its end mark");
        }
        int size = end - start;
        int ptr;
        int consumed;
        if (size >= 8) {
            ptr = end - 8;
            consumed = 0;
        } else {
            ptr = start;
            consumed = (8 - size) * 8;
        }
        consumed += Integer.numberOfLeadingZeros(src[end - 1] & 0xFF) - 23;
        long bits = Bits.le64(src, ptr);
        int[] t = table;
        int shift = 64 - maxBits;
        int oEnd = o + n;
        // Five symbols take at most 55 bits: one load of 64 (less the up to 7 already used) serves them.
        while (oEnd - o >= 5) {
            int advance = consumed >>> 3;
            if (ptr - advance < start) {
                break;
            }
            ptr -= advance;
            consumed &= 7;
            bits = Bits.le64(src, ptr);
            int e = t[(int) ((bits << consumed) >>> shift)];
            out[o] = (byte) (e >>> 4);
            consumed += e & 15;
            e = t[(int) ((bits << consumed) >>> shift)];
            out[o + 1] = (byte) (e >>> 4);
            consumed += e & 15;
            e = t[(int) ((bits << consumed) >>> shift)];
            out[o + 2] = (byte) (e >>> 4);
            consumed += e & 15;
            e = t[(int) ((bits << consumed) >>> shift)];
            out[o + 3] = (byte) (e >>> 4);
            consumed += e & 15;
            e = t[(int) ((bits << consumed) >>> shift)];
            out[o + 4] = (byte) (e >>> 4);
            consumed += e & 15;
            o += 5;
        }
        while (o < oEnd) {
            int advance = consumed >>> 3;
            if (ptr - advance >= start) {
                ptr -= advance;
                consumed &= 7;
            } else {
                consumed -= (ptr - start) << 3;
                ptr = start;
            }
            bits = Bits.le64(src, ptr);
            int e = t[(int) ((bits << consumed) >>> shift)];
            out[o++] = (byte) (e >>> 4);
            consumed += e & 15;
        }
        if ((long) (ptr - start) * 8 + 64 - consumed != 0) {
            throw new ZstdFormatException(at, "literals: a Huffman stream does not end where its literals do");
        }
    }
}
