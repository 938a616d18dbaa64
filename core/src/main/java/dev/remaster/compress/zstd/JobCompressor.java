package dev.remaster.compress.zstd;

import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Compresses one job, a run of input with some preceding input it may reference, into zstd blocks
 * (RFC 8878 section 3.1.1.2). The repeat offsets a decoder holds when the job starts are not known
 * to it, so it uses repeat codes only once its own offsets have replaced them: jobs compress
 * independently and their blocks concatenate into one frame.
 */
final class JobCompressor {
    static final int BLOCK_SIZE = 128 * 1024;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long PRIME5 = 0xCF1BBCDCBBL;
    private static final long PRIME6 = 0xCF1BBCDCBF9BL;
    private static final long PRIME8 = 0xCF1BBCDCB7A56463L;

    private final LevelParameters params;
    private final int windowSize;
    private final int[] hashTable;
    private final int[] longTable;
    private final int hashShift;
    private final int hashDrop;
    private final long hashPrime;
    private final int longShift;
    private final HuffmanLiterals literals = new HuffmanLiterals();
    private final SequencesSection sequences = new SequencesSection();
    final int[] reps = new int[3];
    private final OptimalParser optimal;
    /** The row match finder of the greedy, lazy and lazy2 strategies, else null. */
    final RowMatchFinder rows;
    /** The binary-tree match finder of the bt strategies, else null. */
    final BinaryTree tree;
    /** Cuts the blocks of the optimal levels where separate entropy tables pay, else null. */
    private final BlockSplitter splitter;

    private int[] litLengths = new int[BLOCK_SIZE / 3 + 16];
    private int[] matchLengths = new int[BLOCK_SIZE / 3 + 16];
    private int[] offsetValues = new int[BLOCK_SIZE / 3 + 16];
    private final byte[] literalBuffer = new byte[BLOCK_SIZE];
    private int sequenceCount;
    private int literalCount;
    private final byte[] blockBuffer = new byte[4 * BLOCK_SIZE];

    byte[] src;
    private int lowLimit;

    JobCompressor(LevelParameters params) {
        this.params = params;
        this.windowSize = 1 << params.windowLog();
        boolean rowStrategy = params.strategy().compareTo(Strategy.GREEDY) >= 0
                && params.strategy().compareTo(Strategy.LAZY2) <= 0;
        // the row match finder keeps its own table
        hashTable = rowStrategy ? null : new int[1 << params.hashLog()];
        hashShift = 64 - params.hashLog();
        // hash the low minMatch bytes: shift the others out, then multiply by that length's prime
        switch (params.minMatch()) {
            case 3 -> {
                hashDrop = 40;
                hashPrime = PRIME6;
            }
            case 4 -> {
                hashDrop = 32;
                hashPrime = PRIME8;
            }
            case 5 -> {
                hashDrop = 24;
                hashPrime = PRIME5;
            }
            default -> {
                hashDrop = 16;
                hashPrime = PRIME6;
            }
        }
        if (params.strategy() == Strategy.DFAST) {
            longTable = new int[1 << params.chainLog()];
            longShift = 64 - params.chainLog();
        } else {
            longTable = null;
            longShift = 0;
        }
        // rows beat hash chains of the same depth at every one of these levels, in size and in time
        rows = rowStrategy ? new RowMatchFinder(this, params, hashDrop, hashPrime) : null;
        tree = params.strategy().compareTo(Strategy.BTLAZY2) >= 0 ? new BinaryTree(this, params, hashTable) : null;
        optimal = params.strategy().compareTo(Strategy.BTOPT) >= 0
                ? new OptimalParser(this, params, params.strategy() == Strategy.BTULTRA) : null;
        splitter = optimal != null ? new BlockSplitter(literals, sequences) : null;
    }

    /**
     * Compresses {@code data[start, end)}, which may reference {@code data[prefixStart, start)}, and
     * writes its blocks to {@code out}, the last one flagged if {@code last}.
     */
    void compress(byte[] data, int prefixStart, int start, int end, boolean last, ByteArrayOutputStream out) {
        src = data;
        lowLimit = prefixStart;
        if (hashTable != null) {
            Arrays.fill(hashTable, -1);
        }
        if (longTable != null) {
            Arrays.fill(longTable, -1);
        }
        reps[0] = 0;
        reps[1] = 0;
        reps[2] = 0;
        sequences.reset();
        literals.reset();
        if (tree != null) {
            tree.start(data, prefixStart, end);
        }
        if (rows != null) {
            rows.start(data, prefixStart);
        }
        if (optimal != null) {
            optimal.start(data, start, end);
        }
        if (start == end) {
            writeHeader(out, last, 0, 0);
            return;
        }
        for (int blockStart = start; blockStart < end; blockStart += BLOCK_SIZE) {
            int blockEnd = Math.min(end, blockStart + BLOCK_SIZE);
            int[] savedReps = reps.clone();
            sequences.save();
            literals.save();
            sequenceCount = 0;
            literalCount = 0;
            findMatches(blockStart, blockEnd);
            boolean isLast = last && blockEnd == end;
            int size = blockEnd - blockStart;
            if (allSame(blockStart, blockEnd)) {
                // the decoder's repeat offsets do not change in a run-length block
                System.arraycopy(savedReps, 0, reps, 0, 3);
                sequences.restore();
                literals.restore();
                writeHeader(out, isLast, 1, size);
                out.write(src[blockStart]);
                continue;
            }
            if (splitter != null) {
                int written = splitter.write(sequenceCount, litLengths, matchLengths, offsetValues, literalBuffer,
                        literalCount, isLast, blockBuffer);
                if (written > 0) {
                    out.write(blockBuffer, 0, written);
                    continue;
                }
            }
            int compressed = writeBlock();
            if (compressed < 0 || compressed >= size) {
                System.arraycopy(savedReps, 0, reps, 0, 3);
                sequences.restore();
                literals.restore();
                writeHeader(out, isLast, 0, size);
                out.write(src, blockStart, size);
            } else {
                writeHeader(out, isLast, 2, compressed);
                out.write(blockBuffer, 0, compressed);
            }
        }
    }

    private boolean allSame(int from, int to) {
        byte b = src[from];
        for (int i = from + 1; i < to; i++) {
            if (src[i] != b) {
                return false;
            }
        }
        return true;
    }

    private static void writeHeader(ByteArrayOutputStream out, boolean last, int type, int size) {
        int h = (last ? 1 : 0) | (type << 1) | (size << 3);
        out.write(h);
        out.write(h >>> 8);
        out.write(h >>> 16);
    }

    private int writeBlock() {
        int p = literals.write(literalBuffer, literalCount, blockBuffer, 0);
        p += sequences.write(sequenceCount, litLengths, matchLengths, offsetValues, blockBuffer, p);
        return p;
    }

    // ---- sequences ----

    private void addLiterals(int from, int to) {
        System.arraycopy(src, from, literalBuffer, literalCount, to - from);
        literalCount += to - from;
    }

    /**
     * The offset value of a sequence whose match is at {@code offset}, the repeat offsets updated
     * (RFC 8878, 3.1.2.5): 1 to 3 name a repeat offset, shifted by one when the sequence has no
     * literals (then 3 means the first repeat offset minus one); anything else is offset + 3.
     */
    private int offsetValue(boolean literals, int offset) {
        int r0 = reps[0];
        if (literals && offset == r0) {
            return 1;
        }
        if (offset == reps[1]) {
            reps[1] = r0;
            reps[0] = offset;
            return literals ? 2 : 1;
        }
        int value;
        if (offset == reps[2]) {
            value = literals ? 3 : 2;
        } else if (!literals && offset == r0 - 1) {
            value = 3;
        } else {
            value = offset + 3;
        }
        reps[2] = reps[1];
        reps[1] = r0;
        reps[0] = offset;
        return value;
    }

    /** Records literals {@code [anchor, ip)} followed by a match of {@code length} at {@code offset}. */
    void emit(int anchor, int ip, int offset, int length) {
        int ll = ip - anchor;
        addLiterals(anchor, ip);
        int value = offsetValue(ll > 0, offset);
        if (sequenceCount == litLengths.length) {
            litLengths = Arrays.copyOf(litLengths, sequenceCount * 2);
            matchLengths = Arrays.copyOf(matchLengths, sequenceCount * 2);
            offsetValues = Arrays.copyOf(offsetValues, sequenceCount * 2);
        }
        litLengths[sequenceCount] = ll;
        matchLengths[sequenceCount] = length;
        offsetValues[sequenceCount] = value;
        sequenceCount++;
    }

    // ---- match finding ----

    int count(int a, int b, int limit) {
        int start = a;
        while (a + 8 <= limit) {
            long diff = (long) LONG.get(src, a) ^ (long) LONG.get(src, b);
            if (diff != 0) {
                return a - start + (Long.numberOfTrailingZeros(diff) >>> 3);
            }
            a += 8;
            b += 8;
        }
        while (a < limit && src[a] == src[b]) {
            a++;
            b++;
        }
        return a - start;
    }

    int hash(int p) {
        return (int) ((((long) LONG.get(src, p) << hashDrop) * hashPrime) >>> hashShift);
    }

    private int longHash(int p) {
        return (int) (((long) LONG.get(src, p) * PRIME8) >>> longShift);
    }

    private void findMatches(int from, int to) {
        // positions from which 8 bytes can be read without passing the end of the block
        int limit = to - 8;
        int anchor = from;
        if (limit > from) {
            switch (params.strategy()) {
                case FAST -> anchor = fast(from, limit, to);
                case DFAST -> anchor = doubleFast(from, limit, to);
                case BTOPT, BTULTRA -> anchor = optimal.parse(from, limit, to);
                default -> anchor = lazy(from, limit, to);
            }
        }
        addLiterals(anchor, to);
    }

    // The checks below fold several comparisons into one sign test: a branch that is rarely taken
    // while the JIT profiles (a window limit, the zero repeat offsets of a new job) would otherwise be
    // compiled as a trap, and every later job would deoptimize the match finder again.
    /**
     * Whether {@code offset} is a usable distance at {@code ip} and the 4 bytes there repeat. Without a
     * branch on the offset's validity: its zero value at the start of every job would be such a trap.
     */
    private boolean repeats4(int ip, int offset) {
        int invalid = ((offset - 1) | (windowSize - offset) | (ip - offset - lowLimit)) >> 31;
        int reference = ip - (offset & ~invalid);
        return (((int) INT.get(src, ip) ^ (int) INT.get(src, reference)) | invalid) == 0;
    }

    /** Whether a table entry is a position inside the history and the window of {@code ip}. */
    private boolean inWindow(int ip, int candidate) {
        return ((candidate - lowLimit) | (windowSize - (ip - candidate))) >= 0;
    }

    private int fast(int from, int limit, int end) {
        int anchor = from;
        int ip = from;
        while (ip < limit) {
            int h = hash(ip);
            int candidate = hashTable[h];
            hashTable[h] = ip;
            int rep = reps[0];
            if (ip > anchor && repeats4(ip, rep)) {
                int len = 4 + count(ip + 4, ip - rep + 4, end);
                emit(anchor, ip, rep, len);
                ip += len;
                anchor = ip;
                continue;
            }
            if (inWindow(ip, candidate)
                    && (int) INT.get(src, ip) == (int) INT.get(src, candidate)) {
                int len = 4 + count(ip + 4, candidate + 4, end);
                while (((anchor - ip) & (lowLimit - candidate)) < 0 && src[ip - 1] == src[candidate - 1]) {
                    ip--;
                    candidate--;
                    len++;
                }
                emit(anchor, ip, ip - candidate, len);
                int matchEnd = ip + len;
                // positions near the match's ends, kept before the block's last 8 bytes by clamping
                // (a branch here, rarely taken, would be compiled as a trap)
                int inside = Math.min(ip + 2, limit - 1);
                hashTable[hash(inside)] = inside;
                int beforeEnd = Math.min(matchEnd - 2, limit - 1);
                hashTable[hash(beforeEnd)] = beforeEnd;
                ip = anchor = immediateRepeats(matchEnd, limit, end);
                continue;
            }
            ip += 1 + ((ip - anchor) >> 6);
        }
        return anchor;
    }

    private int doubleFast(int from, int limit, int end) {
        int anchor = from;
        int ip = from;
        while (ip < limit) {
            int hl = longHash(ip);
            int hs = hash(ip);
            int longCandidate = longTable[hl];
            int shortCandidate = hashTable[hs];
            longTable[hl] = ip;
            hashTable[hs] = ip;
            int rep = reps[0];
            if (ip + 1 < limit && repeats4(ip + 1, rep)) {
                int len = 4 + count(ip + 5, ip + 5 - rep, end);
                emit(anchor, ip + 1, rep, len);
                ip += 1 + len;
                anchor = ip;
                insertDouble(ip - 2, limit, from);
                ip = anchor = immediateRepeats(ip, limit, end);
                continue;
            }
            int matchPos = -1;
            int len = 0;
            if (inWindow(ip, longCandidate)
                    && (long) LONG.get(src, ip) == (long) LONG.get(src, longCandidate)) {
                matchPos = longCandidate;
                len = 8 + count(ip + 8, longCandidate + 8, end);
            } else if (inWindow(ip, shortCandidate)
                    && (int) INT.get(src, ip) == (int) INT.get(src, shortCandidate)) {
                // look for a long match at the next position before settling for the short one
                int next = ip + 1;
                int hl1 = longHash(next);
                int c1 = longTable[hl1];
                longTable[hl1] = next;
                if (inWindow(next, c1)
                        && (long) LONG.get(src, next) == (long) LONG.get(src, c1)) {
                    ip = next;
                    matchPos = c1;
                    len = 8 + count(ip + 8, c1 + 8, end);
                } else {
                    matchPos = shortCandidate;
                    len = 4 + count(ip + 4, shortCandidate + 4, end);
                }
            }
            if (matchPos < 0) {
                ip += 1 + ((ip - anchor) >> 8);
                continue;
            }
            while (((anchor - ip) & (lowLimit - matchPos)) < 0 && src[ip - 1] == src[matchPos - 1]) {
                ip--;
                matchPos--;
                len++;
            }
            emit(anchor, ip, ip - matchPos, len);
            int start = ip;
            ip += len;
            anchor = ip;
            insertDouble(start + 2, limit, from);
            insertDouble(ip - 2, limit, from);
            ip = anchor = immediateRepeats(ip, limit, end);
        }
        return anchor;
    }

    /** Emits matches at the second repeat offset right after a match; returns the new anchor. */
    private int immediateRepeats(int ip, int limit, int end) {
        while (ip < limit && repeats4(ip, reps[1])) {
            int len = 4 + count(ip + 4, ip - reps[1] + 4, end);
            emit(ip, ip, reps[1], len);
            if (longTable != null) {
                longTable[longHash(ip)] = ip;
            }
            hashTable[hash(ip)] = ip;
            ip += len;
        }
        return ip;
    }

    /** Inserts {@code p} into both tables, clamped into {@code [from, limit)} (no rarely taken branch). */
    private void insertDouble(int p, int limit, int from) {
        int q = Math.max(from, Math.min(p, limit - 1));
        longTable[longHash(q)] = q;
        hashTable[hash(q)] = q;
    }

    private final int[] treeLengths = new int[64];
    private final int[] treeOffsets = new int[64];
    private int bestLength;
    private int bestOffset;

    /** Finds the longest match at {@code ip}; sets {@link #bestLength} and {@link #bestOffset}. */
    private void search(int ip, int end) {
        if (tree != null) {
            int n = tree.find(ip, end, params.minMatch(), treeLengths, treeOffsets, treeLengths.length);
            bestLength = n > 0 ? treeLengths[n - 1] : 0;
            bestOffset = n > 0 ? treeOffsets[n - 1] : 0;
            return;
        }
        rows.search(ip, end);
        bestLength = rows.bestLength;
        bestOffset = rows.bestOffset;
    }

    /**
     * Collects the matches at {@code ip} of increasing length, each at least {@code minLength} long,
     * the nearest first among those of one length, into {@code lengths} and {@code offsets}; returns
     * how many. Stops at the level's target length, at {@code end} or after {@code max} matches.
     */
    int allMatches(int ip, int end, int minLength, int[] lengths, int[] offsets, int max) {
        return tree.find(ip, end, minLength, lengths, offsets, max);
    }

    /** Whether {@code offset} can be referenced at {@code ip}: within the window and the job's history. */
    boolean usableOffset(int ip, int offset) {
        return offset > 0 && offset <= windowSize && ip - offset >= lowLimit;
    }

    private int repLength(int ip, int end) {
        int rep = reps[0];
        if (!repeats4(ip, rep)) {
            return 0;
        }
        return 4 + count(ip + 4, ip - rep + 4, end);
    }

    private static int log2(int v) {
        return 31 - Integer.numberOfLeadingZeros(v);
    }

    private int lazy(int from, int limit, int end) {
        int lazy = switch (params.strategy()) {
            case GREEDY -> 0;
            case LAZY -> 1;
            default -> 2;
        };
        int anchor = from;
        int ip = from;
        while (ip < limit) {
            int length = 0;
            int offset = 0;
            boolean isRep = false;
            int matchStart = ip;
            int repHere = ip > anchor ? repLength(ip, end) : 0;
            int firstRep = repLength(ip + 1, end);
            if (repHere >= 4 && repHere >= firstRep) {
                length = repHere;
                offset = reps[0];
                isRep = true;
            } else if (firstRep >= 4) {
                length = firstRep;
                offset = reps[0];
                isRep = true;
                matchStart = ip + 1;
            }
            search(ip, end);
            if (bestLength > length) {
                length = bestLength;
                offset = bestOffset;
                isRep = false;
                matchStart = ip;
            }
            if (length < 4) {
                ip += 1 + ((ip - anchor) >> 8);
                continue;
            }
            ip = matchStart;
            boolean improved = true;
            while (improved) {
                improved = false;
                for (int step = 1; step <= lazy && !improved; step++) {
                    int next = ip + step;
                    if (next >= limit) {
                        break;
                    }
                    int gain1 = (isRep ? length * 4 : length * 4 - log2(offset + 3)) + (step == 1 ? 4 : 7);
                    int r = repLength(next, end);
                    if (r >= 4 && r * 4 > gain1 - 1) {
                        length = r;
                        offset = reps[0];
                        isRep = true;
                        improved = true;
                        gain1 = length * 4 + 7;
                    }
                    search(next, end);
                    if (bestLength >= 4 && bestLength * 4 - log2(bestOffset + 3) > gain1) {
                        length = bestLength;
                        offset = bestOffset;
                        isRep = false;
                        improved = true;
                    }
                    if (improved) {
                        ip = next;
                    }
                }
            }
            if (!isRep) {
                // one sign test for both limits (a rarely failing limit would be compiled as a trap)
                while (((anchor - ip) & (lowLimit - (ip - offset))) < 0 && src[ip - 1] == src[ip - 1 - offset]) {
                    ip--;
                    length++;
                }
            }
            emit(anchor, ip, offset, length);
            ip += length;
            anchor = ip;
            // immediate repeat matches
            while (ip < limit && repeats4(ip, reps[1])) {
                int len = 4 + count(ip + 4, ip - reps[1] + 4, end);
                emit(anchor, ip, reps[1], len);
                ip += len;
                anchor = ip;
            }
        }
        return anchor;
    }
}
