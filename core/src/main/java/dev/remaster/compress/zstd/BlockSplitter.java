package dev.remaster.compress.zstd;

import java.util.Arrays;

/**
 * Cuts the sequences of one parsed block into several smaller compressed blocks where their own
 * Huffman and FSE tables make them smaller in total (as zstd does at its optimal levels): a run of
 * sequences is halved while the two halves, each encoded on its own, take fewer bytes than the whole.
 * The repeat offsets carry from one block to the next in a frame, so the sequences' offset values
 * stay valid across the cuts. The sizes are those of real encodings, each from the entropy tables
 * the decoder holds at the block's start.
 */
final class BlockSplitter {
    /** A run of fewer sequences than this is not halved. */
    private static final int MIN_SEQUENCES = 300;
    private static final int MAX_PARTS = 64;

    private final HuffmanLiterals literals;
    private final SequencesSection sequences;
    private final byte[] trial = new byte[4 * JobCompressor.BLOCK_SIZE];
    private final byte[] partLiterals = new byte[JobCompressor.BLOCK_SIZE];
    private int[] partLl = new int[1024];
    private int[] partMl = new int[1024];
    private int[] partOf = new int[1024];
    private int[] literalStart = new int[1024];
    private final int[] cuts = new int[MAX_PARTS + 1];
    private int parts;

    private int count;
    private int[] ll;
    private int[] ml;
    private int[] of;
    private byte[] lit;
    private int literalCount;

    BlockSplitter(HuffmanLiterals literals, SequencesSection sequences) {
        this.literals = literals;
        this.sequences = sequences;
    }

    /**
     * Writes the block's {@code n} sequences and {@code literalCount} literals as several compressed
     * blocks, headers included, into {@code out} from 0 and returns the bytes written; or returns -1,
     * writing nothing the caller relies on, when one block is as small or a part would not compress.
     * The entropy coders must hold the state saved at the block's start; on -1 they hold it again.
     */
    int write(int n, int[] litLengths, int[] matchLengths, int[] offsets, byte[] literalBuffer, int literalCount,
            boolean last, byte[] out) {
        if (n < 2 * MIN_SEQUENCES) {
            return -1;
        }
        count = n;
        ll = litLengths;
        ml = matchLengths;
        of = offsets;
        lit = literalBuffer;
        this.literalCount = literalCount;
        if (literalStart.length < n + 1) {
            literalStart = new int[n + 1];
        }
        int sum = 0;
        for (int i = 0; i < n; i++) {
            literalStart[i] = sum;
            sum += litLengths[i];
        }
        literalStart[n] = sum;
        parts = 0;
        cuts[0] = 0;
        divide(0, n, cost(0, n));
        if (parts < 2) {
            return -1;
        }
        cuts[parts] = n;
        int p = 0;
        for (int k = 0; k < parts; k++) {
            int from = cuts[k];
            int to = cuts[k + 1];
            int size = encode(from, to, out, p + 3);
            if (size < 0 || size >= rawSize(from, to)) {
                literals.restore();
                sequences.restore();
                return -1;
            }
            int h = ((last && k == parts - 1) ? 1 : 0) | (2 << 1) | (size << 3);
            out[p] = (byte) h;
            out[p + 1] = (byte) (h >>> 8);
            out[p + 2] = (byte) (h >>> 16);
            p += 3 + size;
        }
        return p;
    }

    /** Halves {@code [from, to)}, of encoded size {@code whole}, while that pays; records the cuts. */
    private void divide(int from, int to, int whole) {
        if (to - from >= 2 * MIN_SEQUENCES && parts + 2 <= MAX_PARTS) {
            int middle = (from + to) >>> 1;
            int first = cost(from, middle);
            int second = cost(middle, to);
            if (first + second < whole) {
                divide(from, middle, first);
                divide(middle, to, second);
                return;
            }
        }
        cuts[parts++] = from;
    }

    /** The encoded size of sequences {@code [from, to)} as one block, with its header. */
    private int cost(int from, int to) {
        int size = encode(from, to, trial, 0);
        literals.restore();
        sequences.restore();
        return size + 3;
    }

    private int rawSize(int from, int to) {
        int size = literalEnd(to) - literalStart[from];
        for (int i = from; i < to; i++) {
            size += ml[i];
        }
        return size;
    }

    /** The last part also holds the literals after the last sequence. */
    private int literalEnd(int to) {
        return to == count ? literalCount : literalStart[to];
    }

    /** Encodes sequences {@code [from, to)} and their literals at {@code out[off]}; returns the length. */
    private int encode(int from, int to, byte[] out, int off) {
        int n = to - from;
        if (partLl.length < n) {
            partLl = Arrays.copyOf(partLl, n);
            partMl = Arrays.copyOf(partMl, n);
            partOf = Arrays.copyOf(partOf, n);
        }
        System.arraycopy(ll, from, partLl, 0, n);
        System.arraycopy(ml, from, partMl, 0, n);
        System.arraycopy(of, from, partOf, 0, n);
        int litFrom = literalStart[from];
        int litCount = literalEnd(to) - litFrom;
        System.arraycopy(lit, litFrom, partLiterals, 0, litCount);
        int p = literals.write(partLiterals, litCount, out, off);
        p += sequences.write(n, partLl, partMl, partOf, out, off + p);
        return p;
    }
}
