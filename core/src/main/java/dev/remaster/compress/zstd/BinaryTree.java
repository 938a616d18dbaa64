package dev.remaster.compress.zstd;

/**
 * The binary-tree match finder of the btlazy2, btopt and btultra levels (13 to 19). The positions
 * whose first {@code minMatch} bytes hash alike form a binary search tree, ordered by the bytes that
 * follow each position, newest at the root: inserting a position walks down from the root once,
 * comparing the new suffix with each node on the way, and splits the old tree into the part smaller
 * and the part larger than the new suffix, which become the new root's two subtrees. The nodes a walk
 * passes are the suffixes closest to the new one in sort order, so the walk sees the longest
 * matches that a hash chain of the same depth would often miss, and reports every match longer than
 * the ones before it.
 *
 * <p>Each node takes two entries (smaller and larger child) in a table of {@code 2^chainLog} entries,
 * so the tree holds the last {@code 2^(chainLog-1)} positions. A walk stops after {@code 2^searchLog}
 * nodes, at a node older than the window or the tree, or at a match that reaches its comparison
 * limit (the input's end, or {@link #CAP} bytes): such a node cannot be ordered against the new
 * suffix, so its subtree is dropped, as zstd does. After a position that matched {@link #CAP} bytes
 * the next {@code CAP / 2} positions are not inserted, so that long runs and repeats stay cheap; a
 * position skipped so reports no matches. (zstd skips more: inside any match of a position with
 * itself and inside matches over 384 bytes; here that cost 1.2% of output at level 16 for 3% of time.)
 *
 * <p>For the two-pass optimal parser a block's matches can be recorded while it is first parsed
 * and replayed for the second pass: a tree cannot be searched again at a position already inserted.
 */
final class BinaryTree {
    /** The longest suffix comparison: a node equal this far is dropped rather than ordered. */
    static final int CAP = 4096;
    private static final int NONE = -1;
    /** Positions not inserted after one that matched {@link #CAP} bytes: long runs and repeats stay cheap. */
    private static final int SKIP = CAP / 2;
    private static final int RECORD_MAX = 64;
    private static final int RECENT3_LOG = 17;
    private static final int RECENT3_DISTANCE = 1 << 18;
    private static final long PRIME8 = 0xCF1BBCDCB7A56463L;
    private static final long PRIME6 = 0xCF1BBCDCBF9BL;
    private static final java.lang.invoke.VarHandle LONG = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private final JobCompressor job;
    private final int[] roots;
    private final int[] tree;
    private final int mask;
    private final int depth;
    private final int windowSize;
    private final int minMatch;
    private final int rootShift;
    /** At minMatch 3: the last position of each 3-byte hash, for short matches at short distances. */
    private final int[] recent3;

    private byte[] src;
    private int lowLimit;
    private int dataEnd;
    private int next;

    // the matches of one block, recorded in the first pass and replayed in the second
    private boolean recording;
    private boolean replaying;
    private int recordFrom;
    private int recordTo;
    private int recordEnd;
    private int[] recordStart = new int[JobCompressor.BLOCK_SIZE + 1];
    private int[] recordCount = new int[JobCompressor.BLOCK_SIZE + 1];
    private int[] recordedLength = new int[1 << 16];
    private int[] recordedOffset = new int[1 << 16];
    private int recorded;
    private final int[] scratchLength = new int[RECORD_MAX];
    private final int[] scratchOffset = new int[RECORD_MAX];

    /** A tree over {@code roots}, the job's hash table, which the job clears at each job's start. */
    BinaryTree(JobCompressor job, LevelParameters params, int[] roots) {
        this.job = job;
        this.roots = roots;
        this.tree = new int[1 << params.chainLog()];
        this.mask = (1 << (params.chainLog() - 1)) - 1;
        this.depth = 1 << params.searchLog();
        this.windowSize = 1 << params.windowLog();
        this.minMatch = params.minMatch();
        this.rootShift = 64 - params.hashLog();
        this.recent3 = params.minMatch() == 3 ? new int[1 << RECENT3_LOG] : null;
    }

    /** Starts a job over {@code data}: positions from {@code prefixStart} on, compared up to {@code end}. */
    void start(byte[] data, int prefixStart, int end) {
        src = data;
        lowLimit = prefixStart;
        dataEnd = end;
        next = prefixStart;
        recording = false;
        replaying = false;
        if (recent3 != null) {
            java.util.Arrays.fill(recent3, -1);
        }
    }

    /** The tree a position belongs to: its first 4 bytes when 3-byte matches come from {@link #recent3}. */
    private int root(int p) {
        if (recent3 == null) {
            return job.hash(p);
        }
        return (int) ((((long) LONG.get(src, p)) << 32) * PRIME8 >>> rootShift);
    }

    /**
     * Collects the matches at {@code ip} of increasing length, each at least {@code minLength} long and
     * clipped to {@code end}, into {@code lengths} and {@code offsets}; returns how many (at most
     * {@code max}). Positions must be asked for in increasing order; one passed over (inserted
     * already or skipped) has none. When replaying, answers from the recorded block.
     */
    int find(int ip, int end, int minLength, int[] lengths, int[] offsets, int max) {
        if (replaying) {
            return replay(ip, minLength, lengths, offsets, max);
        }
        insertUpTo(ip);
        if (ip < next) {
            return 0;
        }
        int n;
        if (recording && ip >= recordFrom && ip < recordTo) {
            int found = insert(ip, end, minMatch, scratchLength, scratchOffset, RECORD_MAX);
            record(ip, found);
            n = 0;
            for (int i = 0; i < found && n < max; i++) {
                if (scratchLength[i] >= minLength) {
                    lengths[n] = scratchLength[i];
                    offsets[n] = scratchOffset[i];
                    n++;
                }
            }
        } else {
            n = insert(ip, end, minLength, lengths, offsets, max);
        }
        next = ip + (insertedLongest >= CAP ? SKIP : 1);
        return n;
    }

    /** Inserts the positions before {@code target} not yet inserted. */
    void insertUpTo(int target) {
        int p = next;
        while (p < target) {
            if (recording && p >= recordFrom && p < recordTo) {
                int found = insert(p, recordEnd, minMatch, scratchLength, scratchOffset, RECORD_MAX);
                record(p, found);
            } else {
                insert(p, dataEnd, Integer.MAX_VALUE, null, null, 0);
            }
            p += insertedLongest >= CAP ? SKIP : 1;
        }
        next = Math.max(next, p);
    }

    private int insertedLongest;

    /**
     * Inserts {@code ip} and collects its matches of at least {@code minLength} bytes into
     * {@code lengths} (clipped to {@code end}), if given; sets {@link #insertedLongest} and
     * the length of the longest match it saw.
     */
    private int insert(int ip, int end, int minLength, int[] lengths, int[] offsets, int max) {
        byte[] s = src;
        int h = root(ip);
        int candidate = roots[h];
        roots[h] = ip;
        int low = Math.max(lowLimit, Math.max(ip - windowSize, ip - mask));
        int limit = Math.min(dataEnd, ip + CAP);
        int room = end - ip;
        int n = 0;
        int best = minLength - 1;
        if (recent3 != null) {
            int h3 = (int) ((((long) LONG.get(s, ip)) << 40) * PRIME6 >>> (64 - RECENT3_LOG));
            int c3 = recent3[h3];
            recent3[h3] = ip;
            if (lengths != null && best < 3 && c3 >= low && ip - c3 < RECENT3_DISTANCE) {
                int len = job.count(ip, c3, Math.min(limit, end));
                if (len >= 3) {
                    lengths[0] = len;
                    offsets[0] = ip - c3;
                    n = 1;
                    best = len;
                }
            }
        }
        int smallerSlot = 2 * (ip & mask);
        int largerSlot = smallerSlot + 1;
        int commonSmaller = 0;
        int commonLarger = 0;
        int compares = depth;
        int longest = 0;
        while (candidate >= low && compares-- > 0) {
            int node = 2 * (candidate & mask);
            int len = Math.min(commonSmaller, commonLarger);
            len += job.count(ip + len, candidate + len, limit);
            if (len > longest) {
                longest = len;
                int clipped = Math.min(len, room);
                if (clipped > best && n < max) {
                    lengths[n] = clipped;
                    offsets[n] = ip - candidate;
                    n++;
                    best = clipped;
                }
            }
            if (ip + len == limit) {
                break;
            }
            if ((s[candidate + len] & 0xFF) < (s[ip + len] & 0xFF)) {
                tree[smallerSlot] = candidate;
                commonSmaller = len;
                smallerSlot = node + 1;
                candidate = tree[node + 1];
            } else {
                tree[largerSlot] = candidate;
                commonLarger = len;
                largerSlot = node;
                candidate = tree[node];
            }
        }
        tree[smallerSlot] = NONE;
        tree[largerSlot] = NONE;
        insertedLongest = longest;
        return n;
    }

    /**
     * Starts recording the matches of positions {@code [from, to)}, clipped to {@code end}, as they
     * are found or inserted.
     */
    void record(int from, int to, int end) {
        recording = true;
        replaying = false;
        recordFrom = from;
        recordTo = to;
        recordEnd = end;
        recorded = 0;
        java.util.Arrays.fill(recordCount, 0, Math.max(0, to - from), 0);
    }

    /** Ends recording, inserting the rest of the block, and answers from the record from now on. */
    void replay() {
        insertUpTo(recordTo);
        recording = false;
        replaying = true;
    }

    /** Ends replaying: positions are searched in the tree again. */
    void endReplay() {
        replaying = false;
    }

    private void record(int ip, int found) {
        if (recorded + found > recordedLength.length) {
            int size = Math.max(recordedLength.length * 2, recorded + found);
            recordedLength = java.util.Arrays.copyOf(recordedLength, size);
            recordedOffset = java.util.Arrays.copyOf(recordedOffset, size);
        }
        System.arraycopy(scratchLength, 0, recordedLength, recorded, found);
        System.arraycopy(scratchOffset, 0, recordedOffset, recorded, found);
        recordStart[ip - recordFrom] = recorded;
        recordCount[ip - recordFrom] = found;
        recorded += found;
    }

    private int replay(int ip, int minLength, int[] lengths, int[] offsets, int max) {
        if (ip < recordFrom || ip >= recordTo) {
            return 0;
        }
        int at = recordStart[ip - recordFrom];
        int count = recordCount[ip - recordFrom];
        int n = 0;
        for (int i = at; i < at + count && n < max; i++) {
            if (recordedLength[i] >= minLength) {
                lengths[n] = recordedLength[i];
                offsets[n] = recordedOffset[i];
                n++;
            }
        }
        return n;
    }
}
