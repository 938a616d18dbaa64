package dev.remaster.compress.zstd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The row-based match finder of the greedy, lazy and lazy2 levels, after the idea zstd 1.5 published:
 * a position's hash picks a row of {@code 2^rowLog} slots (16 or 32), the most recent positions of
 * that hash in a ring, and eight more bits of the hash are kept as a one-byte tag per slot in a
 * separate array. A search compares the row's tags with the position's tag eight at a time and
 * reads only the slots whose tag agrees, newest first: where a hash chain follows one pointer per
 * candidate, each a likely cache miss, the row's candidates are filtered in one cache line and most
 * collisions never touch the input.
 *
 * <p>Positions are inserted lazily: a search first inserts every position since the last one it
 * saw (all of them, also inside long matches: an insertion costs a hash and two stores, and skipping
 * the inside of matches over 384 bytes, as zstd does, cost 1.2% of output at level 9 on an
 * installer's cpio, whose files repeat), then looks, then inserts its own.
 */
final class RowMatchFinder {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long ONES = 0x0101010101010101L;
    /** Gathers the top bit of each byte of a word into its top byte (bit {@code 8i+7} to bit {@code 56+i}). */
    private static final long GATHER = 0x0102040810204080L;
    private static final int TAG_BITS = 8;

    private final JobCompressor job;
    private final int rowLog;
    private final int rowMask;
    private final long fullMask;
    private final int[] positions;
    private final byte[] tags;
    private final byte[] heads;
    private final int hashShift;
    private final int hashDrop;
    private final long hashPrime;
    private final int attempts;
    private final int windowSize;
    private final int minMatch;

    private byte[] src;
    private int lowLimit;
    private int nextToUpdate;

    /** The length of the match {@link #search} found, 0 if none. */
    int bestLength;
    /** The distance of the match {@link #search} found. */
    int bestOffset;

    /**
     * A finder of {@code 2^hashLog} slots in rows of {@code 2^searchLog} slots (16 to 64), trying at
     * most {@code 2^searchLog} candidates whose tags agree.
     */
    RowMatchFinder(JobCompressor job, LevelParameters params, int hashDrop, long hashPrime) {
        if (params.minMatch() < 4) {
            // a candidate's first 4 bytes are compared at once
            throw new IllegalArgumentException("minMatch (" + params.minMatch() + ") must be at least 4");
        }
        this.job = job;
        this.rowLog = Math.max(4, Math.min(6, params.searchLog()));
        this.rowMask = (1 << rowLog) - 1;
        this.fullMask = rowLog == 6 ? -1L : (1L << (1 << rowLog)) - 1;
        int hashLog = params.hashLog();
        this.positions = new int[1 << hashLog];
        this.tags = new byte[1 << hashLog];
        this.heads = new byte[1 << (hashLog - rowLog)];
        this.hashShift = 64 - (hashLog - rowLog + TAG_BITS);
        this.hashDrop = hashDrop;
        this.hashPrime = hashPrime;
        this.attempts = 1 << params.searchLog();
        this.windowSize = 1 << params.windowLog();
        this.minMatch = params.minMatch();
    }

    /** Forgets every position: a new job may reference {@code data} from {@code prefixStart} on. */
    void start(byte[] data, int prefixStart) {
        src = data;
        lowLimit = prefixStart;
        nextToUpdate = prefixStart;
        Arrays.fill(positions, -1);
    }

    /** The row hash of {@code p}: the row in the high bits, the tag in the low {@link #TAG_BITS}. */
    private int hash(int p) {
        return (int) ((((long) LONG.get(src, p) << hashDrop) * hashPrime) >>> hashShift);
    }

    private void insert(int p) {
        insertHashed(p, hash(p));
    }

    private void insertHashed(int p, int h) {
        int row = h >>> TAG_BITS;
        int head = (heads[row] - 1) & rowMask;
        heads[row] = (byte) head;
        int slot = (row << rowLog) + head;
        tags[slot] = (byte) h;
        positions[slot] = p;
    }

    /** Inserts the positions from the last one inserted up to {@code target}, exclusive. */
    private void update(int target) {
        for (int p = nextToUpdate; p < target; p++) {
            insert(p);
        }
        nextToUpdate = Math.max(nextToUpdate, target);
    }

    /**
     * The slots of a row whose tag is {@code tag}, as a bit mask rotated so that bit 0 is the newest
     * slot ({@code head}) and each higher bit an older one.
     */
    private long matchingSlots(int base, int tag, int head) {
        long broadcast = (tag & 0xFFL) * ONES;
        long mask = 0;
        int words = 1 << (rowLog - 3);
        for (int i = 0; i < words; i++) {
            long x = (long) LONG.get(tags, base + 8 * i) ^ broadcast;
            // the top bit of each byte of x that is zero, exactly (no borrow between bytes)
            long zero = ~(((x & LOW7) + LOW7) | x | LOW7);
            mask |= ((zero >>> 7) * GATHER >>> 56) << (8 * i);
        }
        int width = 1 << rowLog;
        return ((mask >>> head) | (mask << (width - head))) & fullMask;
    }

    /**
     * Finds the longest match at {@code ip} that ends by {@code end} among the candidates whose tags
     * agree; sets {@link #bestLength} (0 if none of at least minMatch bytes) and {@link #bestOffset}.
     * Positions before {@code ip} are inserted first, {@code ip} itself after the search.
     * {@code ip + 8} may not pass the block's end.
     */
    void search(int ip, int end) {
        int h = hash(ip);
        if (ip < nextToUpdate) {
            // already inserted (a lazy step looked here before): search without inserting again
            find(ip, h, end);
            return;
        }
        update(ip);
        find(ip, h, end);
        insertHashed(ip, h);
        nextToUpdate = ip + 1;
    }

    private void find(int ip, int h, int end) {
        int row = h >>> TAG_BITS;
        int base = row << rowLog;
        int head = heads[row] & rowMask;
        long slots = matchingSlots(base, h & 0xFF, head);
        int lowest = Math.max(lowLimit, ip - windowSize);
        int best = minMatch - 1;
        int length = 0;
        int offset = 0;
        int head4 = (int) INT.get(src, ip);
        for (int tries = attempts; slots != 0 && tries > 0; tries--) {
            int slot = (head + Long.numberOfTrailingZeros(slots)) & rowMask;
            slots &= slots - 1;
            int candidate = positions[base + slot];
            if (candidate < lowest || candidate >= ip) {
                // the ring holds positions newest first: the rest are older still (or the slot is empty)
                if (candidate < lowest) {
                    break;
                }
                continue;
            }
            if (ip + best < end && src[candidate + best] == src[ip + best]
                    && (int) INT.get(src, candidate) == head4) {
                int len = 4 + job.count(ip + 4, candidate + 4, end);
                if (len > best) {
                    best = len;
                    length = len;
                    offset = ip - candidate;
                    if (ip + len >= end) {
                        break;
                    }
                }
            }
        }
        bestLength = length;
        bestOffset = offset;
    }
}
