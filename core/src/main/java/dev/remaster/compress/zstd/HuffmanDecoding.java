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
        int ptr = initialPointer(src, start, end, at);
        finish(src, start, ptr, initialConsumed(src, start, end), out, o, o + n, at);
    }

    /**
     * Decodes the four streams of a 4-stream literals section (stream k from {@code bounds[k]} to
     * {@code bounds[k + 1]}) into {@code out[0..size)}, {@code segment} literals each but the last.
     * The four are decoded in step: each symbol's lookup waits for the previous one's length, so one
     * stream at a time would leave the processor idle most of the time.
     */
    void decodeFour(byte[] src, int[] bounds, byte[] out, int segment, int size, long at) throws ZstdFormatException {
        int start1 = bounds[0];
        int start2 = bounds[1];
        int start3 = bounds[2];
        int start4 = bounds[3];
        int p1 = initialPointer(src, start1, start2, at);
        int p2 = initialPointer(src, start2, start3, at);
        int p3 = initialPointer(src, start3, start4, at);
        int p4 = initialPointer(src, start4, bounds[4], at);
        int c1 = initialConsumed(src, start1, start2);
        int c2 = initialConsumed(src, start2, start3);
        int c3 = initialConsumed(src, start3, start4);
        int c4 = initialConsumed(src, start4, bounds[4]);
        int[] t = table;
        int shift = 64 - maxBits;
        int o = 0;
        int last = 3 * segment;
        int end4 = size;
        // All four streams advance together while each has 8 bytes left and room for 5 symbols.
        while (last + o + 5 <= end4 && o + 5 <= segment) {
            int a1 = c1 >>> 3;
            int a2 = c2 >>> 3;
            int a3 = c3 >>> 3;
            int a4 = c4 >>> 3;
            if (p1 - a1 < start1 || p2 - a2 < start2 || p3 - a3 < start3 || p4 - a4 < start4) {
                break;
            }
            p1 -= a1;
            p2 -= a2;
            p3 -= a3;
            p4 -= a4;
            c1 &= 7;
            c2 &= 7;
            c3 &= 7;
            c4 &= 7;
            long b1 = Bits.le64(src, p1);
            long b2 = Bits.le64(src, p2);
            long b3 = Bits.le64(src, p3);
            long b4 = Bits.le64(src, p4);
            for (int k = 0; k < 5; k++) {
                int e1 = t[(int) ((b1 << c1) >>> shift)];
                int e2 = t[(int) ((b2 << c2) >>> shift)];
                int e3 = t[(int) ((b3 << c3) >>> shift)];
                int e4 = t[(int) ((b4 << c4) >>> shift)];
                out[o + k] = (byte) (e1 >>> 4);
                out[segment + o + k] = (byte) (e2 >>> 4);
                out[2 * segment + o + k] = (byte) (e3 >>> 4);
                out[last + o + k] = (byte) (e4 >>> 4);
                c1 += e1 & 15;
                c2 += e2 & 15;
                c3 += e3 & 15;
                c4 += e4 & 15;
            }
            o += 5;
        }
        finish(src, start1, p1, c1, out, o, segment, at);
        finish(src, start2, p2, c2, out, segment + o, 2 * segment, at);
        finish(src, start3, p3, c3, out, 2 * segment + o, last, at);
        finish(src, start4, p4, c4, out, last + o, end4, at);
    }

    private static int initialPointer(byte[] src, int start, int end, long at) throws ZstdFormatException {
        if (end <= start || src[end - 1] == 0) {
            throw new ZstdFormatException(at, "literals: a Huffman stream is empty or lacks its end mark");
        }
        return end - start >= 8 ? end - 8 : start;
    }

    /** The bits of the first load already used: those before a short stream, and the end mark's. */
    private static int initialConsumed(byte[] src, int start, int end) {
        int size = end - start;
        return (size >= 8 ? 0 : (8 - size) * 8) + Integer.numberOfLeadingZeros(src[end - 1] & 0xFF) - 23;
    }

    /** Decodes a stream's literals {@code out[o..oEnd)} from where it stands, then checks its end. */
    private void finish(byte[] src, int start, int ptr, int consumed, byte[] out, int o, int oEnd, long at)
            throws ZstdFormatException {
        long bits;
        int[] t = table;
        int shift = 64 - maxBits;
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
