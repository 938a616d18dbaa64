package dev.remaster.compress.zstd;

import java.util.Arrays;

/**
 * zstd's optimal parsing (the btopt and btultra strategies of levels 16 to 19): for up to 4 KiB of
 * input at a time, the cheapest run of literals and matches by estimated bit cost
 * ({@link PriceModel}), found by dynamic programming over every position. Each path carries the
 * repeat offsets it would leave, so repeat matches are priced as the decoder will read them. A
 * match longer than the level's target length is taken at once, as zstd does, which bounds the work
 * on very repetitive input. With {@code twoPasses} (btultra) every block is parsed once to learn
 * its statistics and again to emit it.
 */
final class OptimalParser {
    private static final int WINDOW = 4096;
    private static final int SLACK = 2048;
    private static final int NODES = WINDOW + SLACK + 1;
    private static final int INFINITE = Integer.MAX_VALUE / 2;
    private static final int MIN_REPEAT_LENGTH = 3;
    private static final int MAX_CANDIDATES = 64;

    private final JobCompressor job;
    private final PriceModel prices = new PriceModel();
    private final int minMatch;
    private final int sufficient;
    private final boolean twoPasses;

    private final int[] price = new int[NODES];
    private final int[] litLength = new int[NODES];
    private final int[] previous = new int[NODES];
    private final int[] matchLength = new int[NODES];
    private final int[] matchOffset = new int[NODES];
    private final int[] rep0 = new int[NODES];
    private final int[] rep1 = new int[NODES];
    private final int[] rep2 = new int[NODES];
    private final int[] candidateLength = new int[MAX_CANDIDATES];
    private final int[] candidateOffset = new int[MAX_CANDIDATES];
    private final int[] pathStart = new int[NODES];
    private final int[] pathLength = new int[NODES];
    private final int[] pathOffset = new int[NODES];
    private final int[] reps = new int[3];

    OptimalParser(JobCompressor job, LevelParameters params, boolean twoPasses) {
        this.job = job;
        this.minMatch = params.minMatch();
        this.sufficient = Math.max(params.targetLength(), 16);
        this.twoPasses = twoPasses;
    }

    /** Starts a job over {@code data[from, to)}. */
    void start(byte[] data, int from, int to) {
        prices.start(data, from, to);
    }

    /**
     * Parses {@code [from, limit)} of the job's input into sequences, matches running at most to
     * {@code end}, and emits them; returns where the literals not yet emitted start.
     */
    int parse(int from, int limit, int end) {
        prices.decay();
        if (twoPasses) {
            BinaryTree tree = job.tree;
            if (tree != null) {
                tree.record(from, limit, end);
            }
            run(from, limit, end, false);
            prices.refresh();
            if (tree != null) {
                tree.replay();
                int anchor = run(from, limit, end, true);
                tree.endReplay();
                return anchor;
            }
        }
        return run(from, limit, end, true);
    }

    private int run(int from, int limit, int end, boolean emit) {
        byte[] src = job.src;
        System.arraycopy(job.reps, 0, reps, 0, 3);
        int anchor = from;
        int ip = from;
        while (ip < limit) {
            prices.refresh();
            int last = optimize(ip, ip - anchor, limit, end);
            // Walk back from the last node to collect the chosen matches in order.
            int n = 0;
            for (int node = last; node > 0; node = previous[node]) {
                if (matchLength[node] > 0) {
                    int start = previous[node];
                    pathStart[n] = ip + start;
                    pathLength[n] = matchLength[node];
                    pathOffset[n] = matchOffset[node];
                    n++;
                }
            }
            for (int i = n - 1; i >= 0; i--) {
                int at = pathStart[i];
                int ll = at - anchor;
                for (int p = anchor; p < at; p++) {
                    prices.countLiteral(src[p]);
                }
                int value = offsetValue(ll, pathOffset[i], reps[0], reps[1], reps[2]);
                prices.countSequence(ll, value, pathLength[i]);
                if (emit) {
                    job.emit(anchor, at, pathOffset[i], pathLength[i]);
                }
                anchor = at + pathLength[i];
            }
            reps[0] = rep0[last];
            reps[1] = rep1[last];
            reps[2] = rep2[last];
            ip += last;
        }
        return anchor;
    }

    /**
     * Finds the cheapest path from {@code ip}, which follows {@code startLiterals} literals, over
     * at most {@link #WINDOW} positions; returns its last node (an offset from {@code ip}).
     */
    private int optimize(int ip, int startLiterals, int limit, int end) {
        byte[] src = job.src;
        int maxNode = Math.min(NODES - 1, end - ip);
        int expandLimit = Math.min(WINDOW, limit - ip);
        Arrays.fill(price, 0, maxNode + 1, INFINITE);
        price[0] = prices.literalLength(startLiterals);
        litLength[0] = startLiterals;
        previous[0] = -1;
        matchLength[0] = 0;
        rep0[0] = reps[0];
        rep1[0] = reps[1];
        rep2[0] = reps[2];
        int lastReached = 0;
        for (int cur = 0; cur < expandLimit; cur++) {
            int here = price[cur];
            int pos = ip + cur;
            int ll = litLength[cur];
            int r0 = rep0[cur];
            int r1 = rep1[cur];
            int r2 = rep2[cur];
            int literal = here + prices.literal(src[pos]) + prices.literalLength(ll + 1) - prices.literalLength(ll);
            if (literal < price[cur + 1]) {
                price[cur + 1] = literal;
                litLength[cur + 1] = ll + 1;
                previous[cur + 1] = cur;
                matchLength[cur + 1] = 0;
                rep0[cur + 1] = r0;
                rep1[cur + 1] = r1;
                rep2[cur + 1] = r2;
            }
            lastReached = Math.max(lastReached, cur + 1);
            int room = Math.min(maxNode - cur, end - pos);
            int base = here + prices.literalLength(0);
            int best = MIN_REPEAT_LENGTH - 1;
            // Repeat offsets first: the cheapest offsets, and the ones a path's history makes.
            for (int k = 0; k < 3; k++) {
                int offset = ll > 0 ? (k == 0 ? r0 : k == 1 ? r1 : r2) : (k == 0 ? r1 : k == 1 ? r2 : r0 - 1);
                if (!job.usableOffset(pos, offset)) {
                    continue;
                }
                int length = Math.min(room, job.count(pos, pos - offset, end));
                if (length > best) {
                    relax(cur, base, ll, offset, best + 1, length, r0, r1, r2);
                    best = length;
                    if (length >= sufficient || cur + length >= maxNode) {
                        return takeNow(cur, offset, length, ll, r0, r1, r2);
                    }
                }
            }
            int found = job.allMatches(pos, end, Math.max(minMatch, best + 1), candidateLength, candidateOffset,
                    MAX_CANDIDATES);
            for (int i = 0; i < found; i++) {
                int length = Math.min(room, candidateLength[i]);
                int offset = candidateOffset[i];
                if (length > best) {
                    relax(cur, base, ll, offset, Math.max(best + 1, minMatch), length, r0, r1, r2);
                    best = length;
                    if (length >= sufficient || cur + length >= maxNode) {
                        return takeNow(cur, offset, length, ll, r0, r1, r2);
                    }
                }
            }
            if (best >= MIN_REPEAT_LENGTH) {
                lastReached = Math.max(lastReached, cur + best);
            }
        }
        // Nodes past the expanded window are reached by matches only; end at the cheapest way
        // to cover the window, the furthest node if several tie.
        return lastReached;
    }

    /** Relaxes the nodes {@code cur + from} to {@code cur + to} through a match at {@code offset}. */
    private void relax(int cur, int base, int ll, int offset, int from, int to, int r0, int r1, int r2) {
        int value = offsetValue(ll, offset, r0, r1, r2);
        int withOffset = base + prices.offset(value);
        for (int length = from; length <= to; length++) {
            int node = cur + length;
            int p = withOffset + prices.matchLength(length);
            if (p < price[node]) {
                setMatch(node, p, cur, offset, length, value, ll, r0, r1, r2);
            }
        }
    }

    /** Ends the window with the match at {@code cur}, whatever the prices: it is long enough. */
    private int takeNow(int cur, int offset, int length, int ll, int r0, int r1, int r2) {
        int node = cur + length;
        setMatch(node, 0, cur, offset, length, offsetValue(ll, offset, r0, r1, r2), ll, r0, r1, r2);
        return node;
    }

    /** Makes {@code node} reached by a match from {@code cur}, with the repeat offsets it leaves (as {@link JobCompressor#emit}). */
    private void setMatch(int node, int p, int cur, int offset, int length, int value, int ll, int r0, int r1, int r2) {
        price[node] = p;
        litLength[node] = 0;
        previous[node] = cur;
        matchLength[node] = length;
        matchOffset[node] = offset;
        if (ll > 0 && value == 1) {
            rep0[node] = r0;
            rep1[node] = r1;
            rep2[node] = r2;
        } else if (value == (ll > 0 ? 2 : 1)) {
            rep0[node] = offset;
            rep1[node] = r0;
            rep2[node] = r2;
        } else {
            rep0[node] = offset;
            rep1[node] = r0;
            rep2[node] = r1;
        }
    }

    /**
     * The offset value a match at {@code offset} is coded with after {@code ll} literals, given the
     * repeat offsets (RFC 8878 section 3.1.2.5): 1 to 3 for a repeat, otherwise offset + 3.
     */
    static int offsetValue(int ll, int offset, int r0, int r1, int r2) {
        if (ll > 0) {
            if (offset == r0) {
                return 1;
            }
            if (offset == r1) {
                return 2;
            }
            if (offset == r2) {
                return 3;
            }
        } else {
            if (offset == r1) {
                return 1;
            }
            if (offset == r2) {
                return 2;
            }
            if (offset == r0 - 1) {
                return 3;
            }
        }
        return offset + 3;
    }
}
