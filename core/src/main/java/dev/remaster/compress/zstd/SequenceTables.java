package dev.remaster.compress.zstd;

/**
 * The decoding tables of the three sequence symbol streams (RFC 8878 section 3.1.1.3.2): literal
 * lengths, offsets and match lengths. Each state's entry packs into a long the symbol's base value
 * (bits 32-63), the next state's baseline (bits 16-31), the symbol's extra bits (8-15) and the
 * number of bits of the next state (0-7), so that one load serves a sequence's step.
 */
final class SequenceTables {
    static final int LL = 0;
    static final int OF = 1;
    static final int ML = 2;
    static final int[] MAX_SYMBOL = {35, 30, 52};
    static final int[] MAX_LOG = {9, 8, 9};
    static final String[] NAME = {"literal lengths", "offsets", "match lengths"};
    private static final int[][] BASE = new int[3][];
    private static final int[][] EXTRA = new int[3][];
    static final long[][] PREDEFINED = new long[3][];
    static final int[] PREDEFINED_LOG = {6, 5, 6};

    static {
        BASE[LL] = new int[36];
        EXTRA[LL] = new int[36];
        for (int c = 0; c < 36; c++) {
            BASE[LL][c] = c < 16 ? c : SequencesSection.LL_BASE[c - 16];
            EXTRA[LL][c] = c < 16 ? 0 : SequencesSection.LL_BITS[c - 16];
        }
        BASE[ML] = new int[53];
        EXTRA[ML] = new int[53];
        for (int c = 0; c < 53; c++) {
            BASE[ML][c] = c < 32 ? c + 3 : SequencesSection.ML_BASE[c - 32];
            EXTRA[ML][c] = c < 32 ? 0 : SequencesSection.ML_BITS[c - 32];
        }
        BASE[OF] = new int[31];
        EXTRA[OF] = new int[31];
        for (int c = 0; c < 31; c++) {
            BASE[OF][c] = 1 << c;
            EXTRA[OF][c] = c;
        }
        short[][] defaults = {SequencesSection.LL_DEFAULT, SequencesSection.OF_DEFAULT, SequencesSection.ML_DEFAULT};
        for (int k = 0; k < 3; k++) {
            PREDEFINED[k] = new long[1 << PREDEFINED_LOG[k]];
            try {
                build(k, defaults[k], defaults[k].length - 1, PREDEFINED_LOG[k], PREDEFINED[k], new int[512],
                        new int[512], new int[512], 0);
            } catch (ZstdFormatException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private SequenceTables() {
    }

    /** Builds the table of kind {@code k} from a normalized distribution into {@code out}. */
    static void build(int k, short[] norm, int maxSymbol, int log, long[] out, int[] symbols, int[] nbBits,
            int[] baselines, long at) throws ZstdFormatException {
        FseDecoding.build(norm, maxSymbol, log, symbols, nbBits, baselines, NAME[k], at);
        int size = 1 << log;
        for (int u = 0; u < size; u++) {
            out[u] = entry(k, symbols[u], baselines[u], nbBits[u]);
        }
    }

    /** The one-state table of a run-length-coded stream of {@code symbol}. */
    static void rle(int k, int symbol, long[] out) {
        out[0] = entry(k, symbol, 0, 0);
    }

    private static long entry(int k, int symbol, int baseline, int nbBits) {
        return (long) BASE[k][symbol] << 32 | (long) baseline << 16 | EXTRA[k][symbol] << 8 | nbBits;
    }
}
