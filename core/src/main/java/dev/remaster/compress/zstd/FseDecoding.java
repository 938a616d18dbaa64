package dev.remaster.compress.zstd;

/**
 * Reading finite state entropy tables (RFC 8878 section 4.1): the compact description of a
 * normalized distribution, and the decoding table built from it, one entry per state: the symbol,
 * the number of bits to read for the next state and the baseline they are added to.
 */
final class FseDecoding {
    private FseDecoding() {
    }

    /**
     * Reads a distribution description at {@code src[ip..end)} into {@code norm} (zeroed beyond the
     * last symbol described, up to {@code maxSymbol}). Returns the table log in bits 0-7 and the number
     * of bytes the description took from bit 8 on.
     *
     * @param at where the block starts, for error messages
     */
    static int readDistribution(byte[] src, int ip, int end, int maxSymbol, int maxLog, short[] norm, String what,
            long at) throws ZstdFormatException {
        long available = (long) (end - ip) * 8;
        if (available <= 0) {
            throw new ZstdFormatException(at, what + ": the table description is missing");
        }
        int bitPos = 4;
        int log = (int) (Bits.le64(src, ip) & 15) + 5;
        if (log > maxLog) {
            throw new ZstdFormatException(at, what + ": table log " + log + " is larger than " + maxLog);
        }
        int size = 1 << log;
        int remaining = size + 1;
        int threshold = size;
        int nbBits = log + 1;
        int symbol = 0;
        boolean previous0 = false;
        while (remaining > 1 && symbol <= maxSymbol) {
            if (previous0) {
                int to = symbol;
                int repeat;
                do {
                    repeat = (int) (Bits.le64(src, ip + (bitPos >>> 3)) >>> (bitPos & 7)) & 3;
                    bitPos += 2;
                    to += repeat;
                } while (repeat == 3 && to <= maxSymbol && bitPos <= available);
                if (to > maxSymbol || bitPos > available) {
                    throw new ZstdFormatException(at, what + ": the table description is corrupt (zero run)");
                }
                while (symbol < to) {
                    norm[symbol++] = 0;
                }
            }
            int v = (int) (Bits.le64(src, ip + (bitPos >>> 3)) >>> (bitPos & 7));
            int max = (2 * threshold - 1) - remaining;
            int count;
            if ((v & (threshold - 1)) < max) {
                count = v & (threshold - 1);
                bitPos += nbBits - 1;
            } else {
                count = v & (2 * threshold - 1);
                if (count >= threshold) {
                    count -= max;
                }
                bitPos += nbBits;
            }
            count--;
            remaining -= count < 0 ? -count : count;
            norm[symbol++] = (short) count;
            previous0 = count == 0;
            while (remaining < threshold) {
                nbBits--;
                threshold >>= 1;
            }
            if (bitPos > available) {
                break;
            }
        }
        if (remaining != 1 || bitPos > available) {
            throw new ZstdFormatException(at, what + ": the table description is corrupt");
        }
        while (symbol <= maxSymbol) {
            norm[symbol++] = 0;
        }
        return log | ((bitPos + 7) >>> 3) << 8;
    }

    /**
     * Builds the decoding table of {@code norm} (symbols 0 to {@code maxSymbol}, {@code 1 << log}
     * states): {@code symbols[state]}, {@code nbBits[state]}, {@code baselines[state]}.
     */
    static void build(short[] norm, int maxSymbol, int log, int[] symbols, int[] nbBits, int[] baselines,
            String what, long at) throws ZstdFormatException {
        int size = 1 << log;
        if (!FseTable.spread(norm, maxSymbol, log, symbols)) {
            throw new ZstdFormatException(at, what + ": the table's distribution is corrupt");
        }
        int[] next = new int[maxSymbol + 1];
        for (int s = 0; s <= maxSymbol; s++) {
            next[s] = norm[s] == -1 ? 1 : norm[s];
        }
        for (int u = 0; u < size; u++) {
            int s = symbols[u];
            int n = next[s]++;
            int bits = log - Bits.highBit(n);
            nbBits[u] = bits;
            baselines[u] = (n << bits) - size;
        }
    }
}
