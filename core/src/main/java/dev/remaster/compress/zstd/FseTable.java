package dev.remaster.compress.zstd;

/**
 * A finite state entropy coding table (RFC 8878 section 4.1): the normalized distribution of a stream
 * of symbols, its description as written in a frame, and the encoder's state transitions.
 */
final class FseTable {
    final int tableLog;
    final short[] normalized;
    final int maxSymbol;
    private final int[] stateTable;
    private final int[] deltaNbBits;
    private final int[] deltaFindState;

    private FseTable(short[] normalized, int maxSymbol, int tableLog) {
        this.normalized = normalized;
        this.maxSymbol = maxSymbol;
        this.tableLog = tableLog;
        int size = 1 << tableLog;
        int[] symbolAt = new int[size];
        spread(normalized, maxSymbol, tableLog, symbolAt);
        int[] cumulative = new int[maxSymbol + 2];
        for (int s = 0; s <= maxSymbol; s++) {
            int n = normalized[s] == -1 ? 1 : normalized[s];
            cumulative[s + 1] = cumulative[s] + n;
        }
        stateTable = new int[size];
        int[] next = cumulative.clone();
        for (int u = 0; u < size; u++) {
            stateTable[next[symbolAt[u]]++] = size + u;
        }
        deltaNbBits = new int[maxSymbol + 1];
        deltaFindState = new int[maxSymbol + 1];
        for (int s = 0; s <= maxSymbol; s++) {
            int n = normalized[s];
            if (n == 0) {
                deltaNbBits[s] = ((tableLog + 1) << 16) - size;
            } else if (n == -1 || n == 1) {
                deltaNbBits[s] = (tableLog << 16) - size;
                deltaFindState[s] = cumulative[s] - 1;
            } else {
                int maxBitsOut = tableLog - highBit(n - 1);
                int minStatePlus = n << maxBitsOut;
                deltaNbBits[s] = (maxBitsOut << 16) - minStatePlus;
                deltaFindState[s] = cumulative[s] - n;
            }
        }
    }

    /**
     * Spreads the symbols of a normalized distribution over the {@code 1 << tableLog} states (RFC 8878
     * section 4.1.1): each "less than 1" symbol (count -1) takes one state from the top down, the others
     * are spread with step {@code (size >> 1) + (size >> 3) + 3}, skipping the states taken at the top.
     * Returns false if the spread does not come back to state 0, which a valid distribution always does.
     */
    static boolean spread(short[] normalized, int maxSymbol, int tableLog, int[] symbolAt) {
        int size = 1 << tableLog;
        int high = size - 1;
        for (int s = 0; s <= maxSymbol; s++) {
            if (normalized[s] == -1) {
                symbolAt[high--] = s;
            }
        }
        int step = (size >> 1) + (size >> 3) + 3;
        int mask = size - 1;
        int pos = 0;
        for (int s = 0; s <= maxSymbol; s++) {
            for (int i = 0; i < normalized[s]; i++) {
                symbolAt[pos] = s;
                do {
                    pos = (pos + step) & mask;
                } while (pos > high);
            }
        }
        return pos == 0;
    }

    static int highBit(int v) {
        return 31 - Integer.numberOfLeadingZeros(v);
    }

    /** A table from a fixed distribution such as the predefined ones of RFC 8878 section 3.1.1.3.2.2. */
    static FseTable of(short[] normalized, int tableLog) {
        int max = normalized.length - 1;
        while (normalized[max] == 0) {
            max--;
        }
        return new FseTable(normalized, max, tableLog);
    }

    /** The table log zstd would choose for {@code total} symbols with the given largest symbol. */
    static int tableLog(int total, int maxSymbol, int maxLog) {
        int log = maxLog;
        int fromSize = highBit(total - 1) - 2;
        if (fromSize < log) {
            log = fromSize;
        }
        int minimum = Math.min(highBit(total - 1) + 1, highBit(Math.max(1, maxSymbol)) + 2);
        if (minimum > log) {
            log = minimum;
        }
        return Math.max(5, Math.min(log, maxLog));
    }

    /** Normalizes {@code counts} (of {@code total} symbols, at least two distinct) to {@code 1 << tableLog}. */
    static FseTable normalize(int[] counts, int maxSymbol, int total, int tableLog) {
        int size = 1 << tableLog;
        short[] norm = new short[maxSymbol + 1];
        int used = 0;
        int largest = -1;
        double scale = (double) size / total;
        for (int s = 0; s <= maxSymbol; s++) {
            int c = counts[s];
            if (c == 0) {
                continue;
            }
            double ideal = c * scale;
            int n;
            if (ideal < 0.75) {
                norm[s] = -1;
                n = 1;
            } else {
                n = Math.max(1, (int) Math.round(ideal));
                norm[s] = (short) n;
            }
            used += n;
            if (largest < 0 || norm[s] > norm[largest]) {
                largest = s;
            }
        }
        int diff = size - used;
        if (diff > 0) {
            norm[largest] += (short) diff;
        }
        while (diff < 0) {
            int best = -1;
            double bestLoss = Double.MAX_VALUE;
            for (int s = 0; s <= maxSymbol; s++) {
                if (norm[s] > 1) {
                    double loss = counts[s] * Math.log((double) norm[s] / (norm[s] - 1));
                    if (loss < bestLoss) {
                        bestLoss = loss;
                        best = s;
                    }
                }
            }
            if (best < 0) {
                throw new IllegalStateException("more symbols than table slots");
            }
            norm[best]--;
            diff++;
        }
        return new FseTable(norm, maxSymbol, tableLog);
    }

    /** An estimate in bits of coding {@code counts} with this table, or MAX_VALUE if a symbol is missing. */
    long cost(int[] counts, int maxCountSymbol) {
        if (maxCountSymbol > maxSymbol) {
            return Long.MAX_VALUE;
        }
        double bits = 0;
        for (int s = 0; s <= maxCountSymbol; s++) {
            if (counts[s] == 0) {
                continue;
            }
            int n = normalized[s];
            if (n == 0) {
                return Long.MAX_VALUE;
            }
            double p = (n == -1 ? 1 : n) / (double) (1 << tableLog);
            bits += counts[s] * -Math.log(p) / Math.log(2);
        }
        return (long) bits;
    }

    /** Writes this table's description (RFC 8878 section 4.1.1) at {@code out[off]}; returns its length. */
    int writeDescription(byte[] out, int off) {
        int start = off;
        int size = 1 << tableLog;
        long bitStream = tableLog - 5;
        int bitCount = 4;
        int remaining = size + 1;
        int threshold = size;
        int nbBits = tableLog + 1;
        int symbol = 0;
        boolean previous0 = false;
        while (remaining > 1) {
            if (previous0) {
                int zeroStart = symbol;
                while (normalized[symbol] == 0) {
                    symbol++;
                }
                while (symbol >= zeroStart + 3) {
                    zeroStart += 3;
                    bitStream |= 3L << bitCount;
                    bitCount += 2;
                    if (bitCount >= 32) {
                        off = flush32(out, off, bitStream);
                        bitStream >>>= 32;
                        bitCount -= 32;
                    }
                }
                bitStream |= (long) (symbol - zeroStart) << bitCount;
                bitCount += 2;
                if (bitCount >= 32) {
                    off = flush32(out, off, bitStream);
                    bitStream >>>= 32;
                    bitCount -= 32;
                }
            }
            int count = normalized[symbol++];
            int max = (2 * threshold - 1) - remaining;
            remaining -= count < 0 ? -count : count;
            count++;
            if (count >= threshold) {
                count += max;
            }
            bitStream |= (long) count << bitCount;
            bitCount += nbBits;
            if (count < max) {
                bitCount--;
            }
            previous0 = count == 1;
            while (remaining < threshold) {
                nbBits--;
                threshold >>= 1;
            }
            if (bitCount >= 32) {
                off = flush32(out, off, bitStream);
                bitStream >>>= 32;
                bitCount -= 32;
            }
        }
        while (bitCount > 0) {
            out[off++] = (byte) bitStream;
            bitStream >>>= 8;
            bitCount -= 8;
        }
        return off - start;
    }

    private static int flush32(byte[] out, int off, long v) {
        out[off] = (byte) v;
        out[off + 1] = (byte) (v >>> 8);
        out[off + 2] = (byte) (v >>> 16);
        out[off + 3] = (byte) (v >>> 24);
        return off + 4;
    }

    /** The first state of an encoder whose first (last decoded) symbol is {@code symbol}. */
    int initialState(int symbol) {
        int nbBitsOut = (deltaNbBits[symbol] + (1 << 15)) >>> 16;
        int value = (nbBitsOut << 16) - deltaNbBits[symbol];
        return stateTable[(value >> nbBitsOut) + deltaFindState[symbol]];
    }

    /** Encodes {@code symbol} from {@code state}, writing its bits; returns the new state. */
    int encode(BitWriter out, int state, int symbol) {
        int nbBitsOut = (state + deltaNbBits[symbol]) >>> 16;
        out.add(state, nbBitsOut);
        return stateTable[(state >> nbBitsOut) + deltaFindState[symbol]];
    }

    /** Writes the final state. */
    void flush(BitWriter out, int state) {
        out.add(state, tableLog);
    }
}
