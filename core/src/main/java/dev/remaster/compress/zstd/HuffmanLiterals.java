package dev.remaster.compress.zstd;

import java.util.Arrays;

/**
 * Writes the literals section of a compressed block (RFC 8878 section 3.1.1.3.1): raw, run-length or
 * Huffman-coded in one or four streams, whichever is smallest.
 */
final class HuffmanLiterals {
    private static final int MAX_BITS = 11;
    private final int[] counts = new int[256];
    private final int[] lengths = new int[256];
    private final int[] codes = new int[256];
    private final BitWriter bits = new BitWriter(1 << 17);
    private final byte[] description = new byte[256];
    private final int[] weightCounts = new int[13];
    private final byte[] weights = new byte[256];
    /** The code the decoder holds from the previous Huffman-coded literals, for treeless literals. */
    private final int[] previousLengths = new int[256];
    private final int[] previousCodes = new int[256];
    private boolean previousValid;
    private final int[] savedLengths = new int[256];
    private final int[] savedCodes = new int[256];
    private boolean savedValid;

    /** Forgets the previous code: the decoder's is unknown at the start of a job. */
    void reset() {
        previousValid = false;
    }

    /** Remembers the previous code before a block that may end up stored instead. */
    void save() {
        savedValid = previousValid;
        System.arraycopy(previousLengths, 0, savedLengths, 0, 256);
        System.arraycopy(previousCodes, 0, savedCodes, 0, 256);
    }

    /** Restores the code remembered by {@link #save()}. */
    void restore() {
        previousValid = savedValid;
        System.arraycopy(savedLengths, 0, previousLengths, 0, 256);
        System.arraycopy(savedCodes, 0, previousCodes, 0, 256);
    }

    /** Writes the literals section for {@code lit[0..n)} at {@code out[off]}; returns its length. */
    int write(byte[] lit, int n, byte[] out, int off) {
        if (n == 0) {
            out[off] = 0;
            return 1;
        }
        Arrays.fill(counts, 0);
        for (int i = 0; i < n; i++) {
            counts[lit[i] & 0xFF]++;
        }
        int maxSymbol = 255;
        while (counts[maxSymbol] == 0) {
            maxSymbol--;
        }
        int distinct = 0;
        for (int s = 0; s <= maxSymbol; s++) {
            if (counts[s] > 0) {
                distinct++;
            }
        }
        if (distinct == 1) {
            int h = rawHeader(1, n, out, off);
            out[off + h] = lit[0];
            return h + 1;
        }
        if (n >= 64) {
            int written = writeHuffman(lit, n, maxSymbol, out, off);
            if (written > 0) {
                return written;
            }
        }
        int h = rawHeader(0, n, out, off);
        System.arraycopy(lit, 0, out, off + h, n);
        return h + n;
    }

    private static int rawHeader(int type, int n, byte[] out, int off) {
        if (n < 32) {
            out[off] = (byte) (type | (n << 3));
            return 1;
        } else if (n < 4096) {
            int v = type | (1 << 2) | (n << 4);
            out[off] = (byte) v;
            out[off + 1] = (byte) (v >>> 8);
            return 2;
        } else {
            int v = type | (3 << 2) | (n << 4);
            out[off] = (byte) v;
            out[off + 1] = (byte) (v >>> 8);
            out[off + 2] = (byte) (v >>> 16);
            return 3;
        }
    }

    private int writeHuffman(byte[] lit, int n, int maxSymbol, byte[] out, int off) {
        int maxBits = buildLengths(maxSymbol);
        int descriptionLength = describe(maxSymbol, maxBits);
        if (descriptionLength < 0) {
            return -1;
        }
        int type = 2;
        if (previousValid) {
            long fresh = 8L * descriptionLength;
            long old = 0;
            for (int sym = 0; sym <= maxSymbol && old != Long.MAX_VALUE; sym++) {
                if (counts[sym] > 0) {
                    fresh += (long) counts[sym] * lengths[sym];
                    old = previousLengths[sym] == 0 ? Long.MAX_VALUE : old + (long) counts[sym] * previousLengths[sym];
                }
            }
            if (old < fresh) {
                type = 3;
                System.arraycopy(previousLengths, 0, lengths, 0, 256);
                System.arraycopy(previousCodes, 0, codes, 0, 256);
                descriptionLength = 0;
            }
        }
        boolean four = n > 256;
        int headerLength = !four ? 3 : n < 1024 ? 3 : n < 16384 ? 4 : 5;
        int p = off + headerLength;
        System.arraycopy(description, 0, out, p, descriptionLength);
        p += descriptionLength;
        if (!four) {
            p += encodeStream(lit, 0, n, out, p);
        } else {
            int segment = (n + 3) / 4;
            int jump = p;
            p += 6;
            for (int i = 0; i < 4; i++) {
                int start = i * segment;
                int end = Math.min(n, start + segment);
                int len = encodeStream(lit, start, end, out, p);
                p += len;
                if (i < 3) {
                    out[jump + 2 * i] = (byte) len;
                    out[jump + 2 * i + 1] = (byte) (len >>> 8);
                }
            }
        }
        int compressed = p - off - headerLength;
        if (compressed + headerLength >= n + (n < 32 ? 1 : n < 4096 ? 2 : 3)) {
            return -1;
        }
        long header;
        if (!four) {
            header = type | ((long) n << 4) | ((long) compressed << 14);
        } else if (headerLength == 3) {
            header = type | (1 << 2) | ((long) n << 4) | ((long) compressed << 14);
        } else if (headerLength == 4) {
            header = type | (2 << 2) | ((long) n << 4) | ((long) compressed << 18);
        } else {
            header = type | (3 << 2) | ((long) n << 4) | ((long) compressed << 22);
        }
        if (compressed >= (1 << ((headerLength - 3) * 4 + 10))) {
            return -1;
        }
        if (type == 2) {
            System.arraycopy(lengths, 0, previousLengths, 0, 256);
            System.arraycopy(codes, 0, previousCodes, 0, 256);
            previousValid = true;
        }
        for (int i = 0; i < headerLength; i++) {
            out[off + i] = (byte) (header >>> (8 * i));
        }
        return p - off;
    }

    private int encodeStream(byte[] lit, int start, int end, byte[] out, int off) {
        bits.reset();
        int i = end - 1;
        // Counted up from 0 by one: the down-counting loop's limit check failed at run time and
        // deoptimized this method (twice in a level-3 run).
        int quads = (end - start) >>> 2;
        // four codes of at most MAX_BITS (11) on top of fewer than 8 bits fit in the 64 held
        for (int q = 0; q < quads; q++, i -= 4) {
            int s0 = lit[i] & 0xFF;
            int s1 = lit[i - 1] & 0xFF;
            int s2 = lit[i - 2] & 0xFF;
            int s3 = lit[i - 3] & 0xFF;
            bits.addFitting(codes[s0], lengths[s0]);
            bits.addFitting(codes[s1], lengths[s1]);
            bits.addFitting(codes[s2], lengths[s2]);
            bits.addFitting(codes[s3], lengths[s3]);
            bits.flushBytes();
        }
        for (int r = (end - start) & 3; r > 0; r--, i--) {
            int s = lit[i] & 0xFF;
            bits.add(codes[s], lengths[s]);
        }
        int len = bits.close();
        System.arraycopy(bits.buffer(), 0, out, off, len);
        return len;
    }

    /** Length-limited Huffman code lengths and canonical codes; returns the largest length. */
    private int buildLengths(int maxSymbol) {
        Arrays.fill(lengths, 0);
        // sort by count ascending, then by symbol: the count above the symbol's 8 bits in one long,
        // so that a primitive sort does it (a boxed sort with a comparator was deoptimized again and again)
        long[] keyed = new long[maxSymbol + 1];
        int used = 0;
        for (int s = 0; s <= maxSymbol; s++) {
            if (counts[s] > 0) {
                keyed[used++] = ((long) counts[s] << 8) | s;
            }
        }
        Arrays.sort(keyed, 0, used);
        int[] order = new int[used];
        for (int i = 0; i < used; i++) {
            order[i] = (int) (keyed[i] & 0xFF);
        }
        // two-queue Huffman over leaves (sorted) and internal nodes
        long[] weight = new long[2 * used];
        int[] parent = new int[2 * used];
        for (int i = 0; i < used; i++) {
            weight[i] = counts[order[i]];
        }
        int leaf = 0;
        int node = used;
        int nodeRead = used;
        for (int k = 0; k < used - 1; k++) {
            int a = leaf < used && (nodeRead >= node || weight[leaf] <= weight[nodeRead]) ? leaf++ : nodeRead++;
            int b = leaf < used && (nodeRead >= node || weight[leaf] <= weight[nodeRead]) ? leaf++ : nodeRead++;
            weight[node] = weight[a] + weight[b];
            parent[a] = node;
            parent[b] = node;
            node++;
        }
        int root = node - 1;
        int[] depth = new int[2 * used];
        depth[root] = 0;
        for (int i = root - 1; i >= 0; i--) {
            depth[i] = depth[parent[i]] + 1;
        }
        int limit = MAX_BITS;
        long kraft = 0;
        for (int i = 0; i < used; i++) {
            int d = Math.min(depth[i], limit);
            lengths[order[i]] = d;
            kraft += 1L << (limit - d);
        }
        long full = 1L << limit;
        // too long codes were shortened: lengthen the rarest short codes until the code fits
        while (kraft > full) {
            int pick = -1;
            for (int i = 0; i < used; i++) {
                int s = order[i];
                if (lengths[s] < limit && (pick < 0 || lengths[s] > lengths[pick])) {
                    pick = s;
                }
            }
            kraft -= 1L << (limit - lengths[pick] - 1);
            lengths[pick]++;
        }
        // fill any slack by shortening the most frequent codes where they fit (zstd needs a complete code)
        while (kraft < full) {
            long deficit = full - kraft;
            boolean changed = false;
            for (int i = used - 1; i >= 0 && kraft < full; i--) {
                int s = order[i];
                if (lengths[s] > 1 && (1L << (limit - lengths[s])) <= deficit) {
                    kraft += 1L << (limit - lengths[s]);
                    lengths[s]--;
                    changed = true;
                    break;
                }
            }
            if (!changed) {
                throw new IllegalStateException("incomplete code");
            }
        }
        int maxBits = 0;
        for (int s = 0; s <= maxSymbol; s++) {
            maxBits = Math.max(maxBits, lengths[s]);
        }
        // canonical codes: longest first, by symbol ascending within a length
        int code = 0;
        int previousLength = maxBits;
        for (int len = maxBits; len >= 1; len--) {
            code >>= (previousLength - len);
            previousLength = len;
            for (int s = 0; s <= maxSymbol; s++) {
                if (lengths[s] == len) {
                    codes[s] = code++;
                }
            }
        }
        return maxBits;
    }

    /** Writes the Huffman tree description to {@link #description}; returns its length or -1. */
    private int describe(int maxSymbol, int maxBits) {
        int n = maxSymbol; // weights of symbols 0..maxSymbol-1; the last is implied
        Arrays.fill(weightCounts, 0);
        for (int s = 0; s < n; s++) {
            int w = lengths[s] == 0 ? 0 : maxBits + 1 - lengths[s];
            weights[s] = (byte) w;
            weightCounts[w]++;
        }
        int best = -1;
        if (n >= 2) {
            best = describeFse(n);
        }
        if (n <= 128 && (best < 0 || (n + 1) / 2 + 1 <= best)) {
            description[0] = (byte) (127 + n);
            for (int i = 0; i < n; i += 2) {
                int hi = weights[i];
                int lo = i + 1 < n ? weights[i + 1] : 0;
                description[1 + i / 2] = (byte) ((hi << 4) | lo);
            }
            return 1 + (n + 1) / 2;
        }
        return best;
    }

    private final byte[] fseScratch = new byte[256];

    private int describeFse(int n) {
        int maxWeight = 12;
        while (weightCounts[maxWeight] == 0) {
            maxWeight--;
        }
        int distinct = 0;
        for (int w = 0; w <= maxWeight; w++) {
            if (weightCounts[w] > 0) {
                distinct++;
            }
        }
        if (distinct < 2) {
            return -1;
        }
        int log = FseTable.tableLog(n, maxWeight, 6);
        FseTable table = FseTable.normalize(weightCounts, maxWeight, n, log);
        int headerLength = table.writeDescription(fseScratch, 0);
        bits.reset();
        // two interleaved states: state 1 decodes even positions, state 2 odd ones
        int last1 = (n - 1) % 2 == 0 ? n - 1 : n - 2;
        int last2 = (n - 1) % 2 == 1 ? n - 1 : n - 2;
        int state1 = table.initialState(weights[last1]);
        int state2 = table.initialState(weights[last2]);
        for (int i = Math.min(last1, last2) - 1; i >= 0; i--) {
            if (i % 2 == 0) {
                state1 = table.encode(bits, state1, weights[i]);
            } else {
                state2 = table.encode(bits, state2, weights[i]);
            }
        }
        table.flush(bits, state2);
        table.flush(bits, state1);
        int len = bits.close();
        int total = headerLength + len;
        if (total >= 128) {
            return -1;
        }
        description[0] = (byte) total;
        System.arraycopy(fseScratch, 0, description, 1, headerLength);
        System.arraycopy(bits.buffer(), 0, description, 1 + headerLength, len);
        return 1 + total;
    }
}
