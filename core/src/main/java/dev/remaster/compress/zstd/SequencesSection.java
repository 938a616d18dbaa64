package dev.remaster.compress.zstd;

/**
 * Writes the sequences section of a compressed block (RFC 8878 section 3.1.1.3.2), choosing for each of
 * the three symbol streams the predefined, run-length or a compressed table, whichever is smallest.
 */
final class SequencesSection {
    static final short[] LL_DEFAULT = {4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2,
        2, 2, 3, 2, 1, 1, 1, 1, 1, -1, -1, -1, -1};
    static final short[] ML_DEFAULT = {1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1};
    static final short[] OF_DEFAULT = {1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, -1, -1, -1, -1, -1};
    private static final FseTable LL_TABLE = FseTable.of(LL_DEFAULT, 6);
    private static final FseTable ML_TABLE = FseTable.of(ML_DEFAULT, 6);
    private static final FseTable OF_TABLE = FseTable.of(OF_DEFAULT, 5);

    static final int[] LL_BASE = {16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096,
        8192, 16384, 32768, 65536};
    static final int[] LL_BITS = {1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    static final int[] ML_BASE = {35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051,
        4099, 8195, 16387, 32771, 65539};
    static final int[] ML_BITS = {1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    private static final byte[] LL_CODE = new byte[64];
    private static final byte[] ML_CODE = new byte[128];

    static {
        for (int v = 0; v < 64; v++) {
            LL_CODE[v] = (byte) slowCode(v, 16, LL_BASE);
        }
        for (int v = 0; v < 128; v++) {
            ML_CODE[v] = (byte) slowCode(v, 32, ML_BASE);
        }
    }

    private static int slowCode(int v, int direct, int[] base) {
        if (v < direct) {
            return v;
        }
        int c = 0;
        while (c + 1 < base.length && base[c + 1] - (direct == 32 ? 3 : 0) <= v) {
            c++;
        }
        return direct + c;
    }

    static int llCode(int ll) {
        return ll < 64 ? LL_CODE[ll] : FseTable.highBit(ll) + 19;
    }

    static int mlCode(int mlBase) {
        return mlBase < 128 ? ML_CODE[mlBase] : FseTable.highBit(mlBase) + 36;
    }

    /** The extra bits a literal length code carries. */
    static int llExtraBits(int code) {
        return code < 16 ? 0 : LL_BITS[code - 16];
    }

    /** The extra bits a match length code carries. */
    static int mlExtraBits(int code) {
        return code < 32 ? 0 : ML_BITS[code - 32];
    }

    /** The predefined distribution's count of each literal length code, at least 1. */
    static int llDefaultCount(int code) {
        return Math.max(1, LL_DEFAULT[code]);
    }

    /** The predefined distribution's count of each match length code, at least 1. */
    static int mlDefaultCount(int code) {
        return Math.max(1, ML_DEFAULT[code]);
    }

    /** The predefined distribution's count of each offset code, at least 1. */
    static int ofDefaultCount(int code) {
        return code < OF_DEFAULT.length ? Math.max(1, OF_DEFAULT[code]) : 1;
    }

    private final int[] llCounts = new int[36];
    private final int[] mlCounts = new int[53];
    private final int[] ofCounts = new int[32];
    private byte[] llCodes = new byte[1024];
    private byte[] mlCodes = new byte[1024];
    private byte[] ofCodes = new byte[1024];
    private final BitWriter bits = new BitWriter(1 << 17);
    /** The tables the decoder holds from the previous block, for the repeat mode; null where unknown. */
    private final FseTable[] previous = new FseTable[3];
    private final FseTable[] saved = new FseTable[3];

    /** Forgets the previous tables: the decoder's are unknown at the start of a job. */
    void reset() {
        java.util.Arrays.fill(previous, null);
    }

    /** Remembers the previous tables before a block that may end up stored instead. */
    void save() {
        System.arraycopy(previous, 0, saved, 0, 3);
    }

    /** Restores the tables remembered by {@link #save()}: the block was stored raw or as a run. */
    void restore() {
        System.arraycopy(saved, 0, previous, 0, 3);
    }

    /**
     * Writes {@code n} sequences at {@code out[off]}; {@code offsets} hold offset values (1 to 3 repeat
     * codes, otherwise offset + 3). Returns the section's length.
     */
    int write(int n, int[] litLengths, int[] matchLengths, int[] offsets, byte[] out, int off) {
        int p = off;
        if (n < 128) {
            out[p++] = (byte) n;
        } else if (n < 0x7F00) {
            out[p++] = (byte) ((n >>> 8) + 128);
            out[p++] = (byte) n;
        } else {
            out[p++] = (byte) 255;
            out[p++] = (byte) (n - 0x7F00);
            out[p++] = (byte) ((n - 0x7F00) >>> 8);
        }
        if (n == 0) {
            return p - off;
        }
        if (llCodes.length < n) {
            llCodes = new byte[n];
            mlCodes = new byte[n];
            ofCodes = new byte[n];
        }
        java.util.Arrays.fill(llCounts, 0);
        java.util.Arrays.fill(mlCounts, 0);
        java.util.Arrays.fill(ofCounts, 0);
        int llMax = 0;
        int mlMax = 0;
        int ofMax = 0;
        for (int i = 0; i < n; i++) {
            int l = llCode(litLengths[i]);
            int m = mlCode(matchLengths[i] - 3);
            int o = FseTable.highBit(offsets[i]);
            llCodes[i] = (byte) l;
            mlCodes[i] = (byte) m;
            ofCodes[i] = (byte) o;
            llCounts[l]++;
            mlCounts[m]++;
            ofCounts[o]++;
            llMax = Math.max(llMax, l);
            mlMax = Math.max(mlMax, m);
            ofMax = Math.max(ofMax, o);
        }
        int modes = p++;
        FseTable[] chosen = new FseTable[3];
        int[] mode = new int[3];
        p += choose(llCounts, llMax, n, LL_TABLE, 9, out, p, chosen, mode, 0);
        p += choose(ofCounts, ofMax, n, OF_TABLE, 8, out, p, chosen, mode, 1);
        p += choose(mlCounts, mlMax, n, ML_TABLE, 9, out, p, chosen, mode, 2);
        System.arraycopy(chosen, 0, previous, 0, 3);
        out[modes] = (byte) ((mode[0] << 6) | (mode[1] << 4) | (mode[2] << 2));
        FseTable ll = chosen[0];
        FseTable of = chosen[1];
        FseTable ml = chosen[2];
        bits.reset();
        int last = n - 1;
        int mlState = ml == null ? 0 : ml.initialState(mlCodes[last]);
        int ofState = of == null ? 0 : of.initialState(ofCodes[last]);
        int llState = ll == null ? 0 : ll.initialState(llCodes[last]);
        extras(last, litLengths, matchLengths, offsets);
        for (int i = n - 2; i >= 0; i--) {
            if (of != null) {
                ofState = of.encode(bits, ofState, ofCodes[i]);
            }
            if (ml != null) {
                mlState = ml.encode(bits, mlState, mlCodes[i]);
            }
            if (ll != null) {
                llState = ll.encode(bits, llState, llCodes[i]);
            }
            extras(i, litLengths, matchLengths, offsets);
        }
        if (ml != null) {
            ml.flush(bits, mlState);
        }
        if (of != null) {
            of.flush(bits, ofState);
        }
        if (ll != null) {
            ll.flush(bits, llState);
        }
        int len = bits.close();
        System.arraycopy(bits.buffer(), 0, out, p, len);
        return p + len - off;
    }

    private void extras(int i, int[] litLengths, int[] matchLengths, int[] offsets) {
        int l = llCodes[i];
        if (l >= 16) {
            bits.add(litLengths[i] - LL_BASE[l - 16], LL_BITS[l - 16]);
        }
        int m = mlCodes[i];
        if (m >= 32) {
            bits.add(matchLengths[i] - ML_BASE[m - 32], ML_BITS[m - 32]);
        }
        int o = ofCodes[i];
        bits.add(offsets[i], o);
    }

    /** Picks a table mode, writes its description if any; returns the bytes written. */
    private int choose(int[] counts, int max, int n, FseTable predefined, int maxLog, byte[] out, int p,
            FseTable[] chosen, int[] mode, int index) {
        int written = chooseNew(counts, max, n, predefined, maxLog, out, p, chosen, mode, index);
        FseTable repeat = previous[index];
        if (repeat != null && mode[index] != 1) {
            long repeatCost = repeat.cost(counts, max);
            long current = chosen[index].cost(counts, max) + 8L * written;
            if (repeatCost <= current) {
                mode[index] = 3;
                chosen[index] = repeat;
                return 0;
            }
        }
        return written;
    }

    private static int chooseNew(int[] counts, int max, int n, FseTable predefined, int maxLog, byte[] out, int p,
            FseTable[] chosen, int[] mode, int index) {
        int distinct = 0;
        for (int s = 0; s <= max; s++) {
            if (counts[s] > 0) {
                distinct++;
            }
        }
        if (distinct == 1 && n > 2) {
            mode[index] = 1;
            chosen[index] = null;
            out[p] = (byte) max;
            return 1;
        }
        long predefinedCost = predefined.cost(counts, max);
        if (n <= 16 || distinct == 1) {
            if (predefinedCost != Long.MAX_VALUE) {
                mode[index] = 0;
                chosen[index] = predefined;
                return 0;
            }
            if (distinct == 1) {
                mode[index] = 1;
                chosen[index] = null;
                out[p] = (byte) max;
                return 1;
            }
        }
        int log = FseTable.tableLog(n, max, maxLog);
        FseTable table = FseTable.normalize(counts, max, n, log);
        int headerLength = table.writeDescription(out, p);
        long compressedCost = table.cost(counts, max) + 8L * headerLength;
        if (predefinedCost <= compressedCost) {
            mode[index] = 0;
            chosen[index] = predefined;
            return 0;
        }
        mode[index] = 2;
        chosen[index] = table;
        return headerLength;
    }
}
