package dev.remaster.compress.zstd;

/**
 * Estimated bit costs of literals and sequences for the optimal parser, in 1/256 bit: a symbol's
 * cost is log2 of its share among the symbols counted so far, plus the extra bits its code carries.
 * Counts start from the input's byte histogram and zstd's predefined distributions, then follow
 * what the parser chooses, scaled down at each block so that they adapt.
 */
final class PriceModel {
    static final int BIT = 256;

    private final int[] litCount = new int[256];
    private final int[] llCount = new int[36];
    private final int[] mlCount = new int[53];
    private final int[] ofCount = new int[32];
    private final int[] litPrice = new int[256];
    private final int[] llPrice = new int[36];
    private final int[] mlPrice = new int[53];
    private final int[] ofPrice = new int[32];
    private final int[] llLengthPrice = new int[64];
    private final int[] mlLengthPrice = new int[8192];

    /** Starts a job: literal counts from {@code data[from, to)}, the others from the predefined tables. */
    void start(byte[] data, int from, int to) {
        java.util.Arrays.fill(litCount, 0);
        int step = Math.max(1, (to - from) >>> 16);
        for (int i = from; i < to; i += step) {
            litCount[data[i] & 0xFF]++;
        }
        for (int b = 0; b < 256; b++) {
            litCount[b] = 1 + (litCount[b] >>> 2);
        }
        for (int c = 0; c < llCount.length; c++) {
            llCount[c] = SequencesSection.llDefaultCount(c) * 4;
        }
        for (int c = 0; c < mlCount.length; c++) {
            mlCount[c] = SequencesSection.mlDefaultCount(c) * 4;
        }
        for (int c = 0; c < ofCount.length; c++) {
            ofCount[c] = SequencesSection.ofDefaultCount(c) * 4;
        }
        refresh();
    }

    /**
     * Scales the counts down (to about 2^12 literals and 2^11 of each code, as zstd does): the next
     * block weighs recent choices more.
     */
    void decay() {
        scale(litCount, 12);
        scale(llCount, 11);
        scale(mlCount, 11);
        scale(ofCount, 11);
    }

    /**
     * Divides the counts by a power of two, keeping each at least 1, so that they sum to less than
     * about {@code 2^log}: the previous blocks weigh as much as a few thousand new symbols.
     */
    private static void scale(int[] counts, int log) {
        long sum = 0;
        for (int c : counts) {
            sum += c;
        }
        long factor = sum >>> log;
        if (factor <= 1) {
            return;
        }
        int shift = 63 - Long.numberOfLeadingZeros(factor);
        for (int i = 0; i < counts.length; i++) {
            counts[i] = 1 + (counts[i] >>> shift);
        }
    }

    /** Recomputes the prices from the counts. */
    void refresh() {
        prices(litCount, litPrice);
        prices(llCount, llPrice);
        prices(mlCount, mlPrice);
        prices(ofCount, ofPrice);
        for (int l = 0; l < llLengthPrice.length; l++) {
            int c = SequencesSection.llCode(l);
            llLengthPrice[l] = llPrice[c] + SequencesSection.llExtraBits(c) * BIT;
        }
        for (int l = 3; l < mlLengthPrice.length; l++) {
            int c = SequencesSection.mlCode(l - 3);
            mlLengthPrice[l] = mlPrice[c] + SequencesSection.mlExtraBits(c) * BIT;
        }
    }

    private static void prices(int[] counts, int[] prices) {
        long sum = 0;
        for (int c : counts) {
            sum += c;
        }
        int total = weight(sum);
        for (int i = 0; i < counts.length; i++) {
            // at least a quarter bit: nothing is free
            prices[i] = Math.max(BIT / 4, total - weight(counts[i]));
        }
    }

    /** log2(x) in 1/256 bit, linear between powers of two; x at least 1. */
    static int weight(long x) {
        int hb = 63 - Long.numberOfLeadingZeros(x);
        long frac = hb >= 8 ? (x >>> (hb - 8)) - 256 : (x << (8 - hb)) - 256;
        return hb * BIT + (int) frac;
    }

    int literal(byte b) {
        return litPrice[b & 0xFF];
    }

    int literalLength(int length) {
        if (length < 64) {
            return llLengthPrice[length];
        }
        int c = SequencesSection.llCode(length);
        return llPrice[c] + SequencesSection.llExtraBits(c) * BIT;
    }

    /** The cost of an offset value (1-3 repeat codes, else offset + 3). */
    int offset(int offsetValue) {
        int of = FseTable.highBit(offsetValue);
        return ofPrice[of] + of * BIT;
    }

    /** The cost of a match length, at least 3. */
    int matchLength(int length) {
        if (length < mlLengthPrice.length) {
            return mlLengthPrice[length];
        }
        int ml = SequencesSection.mlCode(length - 3);
        return mlPrice[ml] + SequencesSection.mlExtraBits(ml) * BIT;
    }

    void countLiteral(byte b) {
        litCount[b & 0xFF]++;
    }

    void countSequence(int literalLength, int offsetValue, int length) {
        llCount[SequencesSection.llCode(literalLength)]++;
        mlCount[SequencesSection.mlCode(length - 3)]++;
        ofCount[FseTable.highBit(offsetValue)]++;
    }
}
