package dev.remaster.compress.lzo;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A thorough LZO1X block encoder: output any LZO1X decoder reads (liblzo's {@code lzo1x_decompress},
 * the kernel's {@code lzo1x_decompress_safe}, aircompressor's), as small as the format allows
 * within a bounded search, written from the format as the kernel documents it
 * ({@code Documentation/staging/lzo.rst}).
 *
 * <p>The block is parsed once from start to end with a cost model in bytes (an optimal parse over
 * the format's instruction sizes, see {@link #compress}); matches come from a binary tree over
 * every position of the block, searched to {@link Effort#depth()} nodes, reaching LZO1X's largest
 * distance, 49151 bytes. A match of {@link Effort#niceLength()} bytes or more is taken at once.
 *
 * <p><b>The format</b>, as the encoder writes it. An instruction's first byte {@code t}, read
 * after a match whose last two bits said how many literals follow ("state" 0 to 3), or after a
 * literal run of four or more (state 4):
 * <ul>
 *   <li>{@code t >= 64} (M2): a match of 3 to 8 bytes, {@code LLLDDDSS HHHHHHHH}, distance 1 to
 *       2048;</li>
 *   <li>{@code 32 <= t < 64} (M3): {@code 001LLLLL} [length bytes] {@code DDDDDDSS DDDDDDDD},
 *       distance 1 to 16384, length 3 to 33 in the instruction, longer with zero bytes of 255 each
 *       and a last byte;</li>
 *   <li>{@code 16 <= t < 32} (M4): {@code 0001HLLL} [length bytes] {@code DDDDDDSS DDDDDDDD},
 *       distance 16385 to 49151 (16384 with distance bits 0 ends the stream), length 3 to 9 in
 *       the instruction;</li>
 *   <li>{@code t < 16} in state 0: a literal run, {@code 0000LLLL}: 4 to 18 literals, or with
 *       {@code L = 0} 19 or more with length bytes;</li>
 *   <li>{@code t < 16} in states 1 to 3 (M1): a 2-byte match, distance 1 to 1024;</li>
 *   <li>{@code t < 16} in state 4 (M1): a 3-byte match, distance 2049 to 3072.</li>
 * </ul>
 * The two {@code SS} bits of every match say how many literals (0 to 3) follow it, with no
 * instruction of their own. The stream's first byte may be {@code 17 + n}: {@code n} literals
 * (1 to 238), in state {@code min(n, 4)}. The stream ends with {@code 11 00 00}.
 *
 * <p>An encoder keeps its work arrays between blocks: use one per thread.
 */
public final class Lzo1xEncoder {
    /**
     * How hard the encoder searches: the nodes of the binary tree visited at each position and
     * the match length taken without looking further.
     *
     * @param depth the most tree nodes visited at a position, at least 1
     * @param niceLength the match length at which a match is taken at once, at least 8
     */
    public record Effort(int depth, int niceLength) {
        /**
         * Checks the bounds.
         *
         * @param depth the most tree nodes visited at a position, at least 1
         * @param niceLength the match length at which a match is taken at once, at least 8
         */
        public Effort {
            if (depth < 1) {
                throw new IllegalArgumentException("depth (" + depth + ") must be at least 1");
            }
            if (niceLength < 8) {
                throw new IllegalArgumentException("niceLength (" + niceLength + ") must be at least 8");
            }
        }
    }

    /** The effort used by default: thorough, to match LZO1X-999 (see the README's measurements). */
    public static final Effort THOROUGH = new Effort(64, 256);

    private static final int MAX_DISTANCE = 0xBFFF;
    private static final int M1_MAX_DISTANCE = 0x400;
    private static final int M2_MAX_DISTANCE = 0x800;
    private static final int M1_FAR_MIN = 0x801;
    private static final int M1_FAR_MAX = 0xC00;
    private static final int M3_MAX_DISTANCE = 0x4000;
    /** The most bits of the hash tables' index; small blocks use fewer, so that clearing them is cheap. */
    private static final int MAX_HASH_BITS = 16;
    private static final int INFINITY = Integer.MAX_VALUE / 2;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Effort effort;
    /** The last position of each hash of 3 bytes: the root of its tree. */
    private int[] head = new int[0];
    /** The last position of each hash of 2 bytes, for the 2-byte matches. */
    private int[] last2 = new int[0];
    private int hashBits;
    /** The binary tree: the children of position {@code p} at {@code 2p} (smaller) and {@code 2p + 1} (larger). */
    private int[] tree = new int[0];
    /** The cost of reaching each position in each state: index {@code pos * 5 + state}. */
    private int[] cost = new int[0];
    /** For state 0 (just after a match): the match that reached it. */
    private int[] matchLength = new int[0];
    private int[] matchDistance = new int[0];
    private byte[] matchFrom = new byte[0];
    /** For state 4: the length of the literal run. */
    private int[] runLength = new int[0];
    /** Matches found at the current position: lengths increasing, distances increasing. */
    private final int[] foundLength = new int[64];
    private final int[] foundDistance = new int[64];

    /** An encoder with the {@link #THOROUGH} effort. */
    public Lzo1xEncoder() {
        this(THOROUGH);
    }

    /**
     * An encoder with this effort.
     *
     * @param effort how hard to search
     */
    public Lzo1xEncoder(Effort effort) {
        this.effort = Objects.requireNonNull(effort, "effort");
    }

    /**
     * The most bytes {@link #compress} writes for {@code length} input bytes (liblzo's bound).
     *
     * @param length the input length
     * @return the most bytes {@link #compress} writes for {@code length} input bytes
     */
    public static int maxCompressedLength(int length) {
        return length + length / 16 + 64 + 3;
    }

    /**
     * Compresses {@code in[off..off+len)} into one LZO1X block, end marker included.
     *
     * @param in the input
     * @param off where the input starts
     * @param len the input's length
     * @param out where the block goes, with room for {@link #maxCompressedLength}{@code (len)} bytes
     *     from {@code outOff}
     * @param outOff where the block starts in {@code out}
     * @return the length of the block
     */
    public int compress(byte[] in, int off, int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(off, len, in.length);
        Objects.checkFromIndexSize(outOff, maxCompressedLength(len), out.length);
        if (len == 0) {
            out[outOff] = 0x11;
            out[outOff + 1] = 0;
            out[outOff + 2] = 0;
            return 3;
        }
        parse(in, off, len);
        return emit(in, off, len, out, outOff);
    }

    /**
     * Compresses {@code in[off..off+len)} into one LZO1X block, end marker included.
     *
     * @param in the input
     * @param off where the input starts
     * @param len the input's length
     * @return the block
     */
    public byte[] compress(byte[] in, int off, int len) {
        byte[] out = new byte[maxCompressedLength(len)];
        return Arrays.copyOf(out, compress(in, off, len, out, 0));
    }

    private void ensureCapacity(int n) {
        if (tree.length < 2 * n) {
            tree = new int[2 * n];
            cost = new int[(n + 1) * 5];
            matchLength = new int[n + 1];
            matchDistance = new int[n + 1];
            matchFrom = new byte[n + 1];
            runLength = new int[n + 1];
        }
    }

    /** The bytes a run of {@code length} literals takes, {@code first} when it starts the block. */
    static int literalCost(int length, boolean first) {
        if (length == 0) {
            return 0;
        }
        if (first && length <= 238) {
            return 1 + length;
        }
        if (length <= 3) {
            return length;
        }
        if (length <= 18) {
            return length + 1;
        }
        return length + 2 + (length - 19) / 255;
    }

    /** The bytes an M2, M3 or M4 match takes, or {@link #INFINITY} beyond LZO1X's distances. */
    static int matchCost(int length, int distance) {
        if (distance <= M2_MAX_DISTANCE && length <= 8) {
            return 2;
        }
        if (distance <= M3_MAX_DISTANCE) {
            return length <= 33 ? 3 : 4 + (length - 34) / 255;
        }
        if (distance <= MAX_DISTANCE) {
            return length <= 9 ? 3 : 4 + (length - 10) / 255;
        }
        return INFINITY;
    }

    /** Finds the cheapest way through the block: fills {@link #cost} and the back references. */
    private void parse(byte[] in, int off, int n) {
        ensureCapacity(n);
        hashBits = Math.max(10, Math.min(MAX_HASH_BITS, 33 - Integer.numberOfLeadingZeros(Math.max(n - 1, 1))));
        if (head.length < 1 << hashBits) {
            head = new int[1 << hashBits];
            last2 = new int[1 << hashBits];
        }
        Arrays.fill(head, 0, 1 << hashBits, -1);
        Arrays.fill(last2, 0, 1 << hashBits, -1);
        Arrays.fill(cost, 0, (n + 1) * 5, INFINITY);
        cost[0] = 0;
        int nice = effort.niceLength();
        int skipUntil = 0;
        for (int i = 0; i < n; i++) {
            if (i < skipUntil) {
                insert(in, off, n, i, false);
                continue;
            }
            int base = i * 5;
            int c0 = cost[base];
            int c1 = cost[base + 1];
            int c2 = cost[base + 2];
            int c3 = cost[base + 3];
            int c4 = cost[base + 4];
            // Literals: one more byte of the run that ends at i.
            int next = base + 5;
            relaxLiteral(next + 1, c0, 0, i == 0);
            relaxLiteral(next + 2, c1, 1, i == 1);
            relaxLiteral(next + 3, c2, 2, i == 2);
            // State 4 keeps one run, the cheaper of 3 + 1 literals and the run at i + 1.
            int run4 = runLength[i];
            int via3 = c3 >= INFINITY ? INFINITY : c3 + literalCost(4, i == 3) - literalCost(3, i == 3);
            int via4 = c4 >= INFINITY ? INFINITY
                    : c4 + literalCost(run4 + 1, i == run4) - literalCost(run4, i == run4);
            if (via3 <= via4 && via3 < INFINITY) {
                cost[next + 4] = via3;
                runLength[i + 1] = 4;
            } else if (via4 < INFINITY) {
                cost[next + 4] = via4;
                runLength[i + 1] = run4 + 1;
            }
            // A 2-byte match (M1) after 1 to 3 literals.
            if (i + 1 < n) {
                int h2 = ((((in[off + i] & 0xFF) << 8) | (in[off + i + 1] & 0xFF)) * 0x9E3779B1) >>> (32 - hashBits);
                int p2 = last2[h2];
                last2[h2] = i;
                if (p2 >= 0 && i - p2 <= M1_MAX_DISTANCE && in[off + p2] == in[off + i]
                        && in[off + p2 + 1] == in[off + i + 1]) {
                    int from = c1 <= c2 ? (c1 <= c3 ? 1 : 3) : (c2 <= c3 ? 2 : 3);
                    int c = cost[base + from];
                    if (c < INFINITY) {
                        relaxMatch(i + 2, c + 2, 2, i - p2, from);
                    }
                }
            }
            int found = insert(in, off, n, i, true);
            if (found == 0) {
                continue;
            }
            int from = 0;
            int best = c0;
            if (c1 < best) {
                best = c1;
                from = 1;
            }
            if (c2 < best) {
                best = c2;
                from = 2;
            }
            if (c3 < best) {
                best = c3;
                from = 3;
            }
            if (c4 < best) {
                best = c4;
                from = 4;
            }
            if (best >= INFINITY) {
                continue;
            }
            int longest = foundLength[found - 1];
            if (longest >= nice) {
                // Take it whole, as long as it goes, and look no further inside it.
                int d = foundDistance[found - 1];
                int length = longest;
                while (i + length < n && in[off + i + length] == in[off + i + length - d]) {
                    length++;
                }
                relaxMatch(i + length, best + matchCost(length, d), length, d, from);
                skipUntil = i + length;
                continue;
            }
            int length = 3;
            for (int k = 0; k < found; k++) {
                int d = foundDistance[k];
                int end = foundLength[k];
                for (; length <= end; length++) {
                    relaxMatch(i + length, best + matchCost(length, d), length, d, from);
                }
            }
            // A 3-byte match (M1) at 2049 to 3072 after four literals or more.
            int d3 = foundDistance[0];
            if (c4 < INFINITY && d3 >= M1_FAR_MIN && d3 <= M1_FAR_MAX) {
                relaxMatch(i + 3, c4 + 2, 3, d3, 4);
            }
        }
    }

    private void relaxLiteral(int target, int c, int run, boolean first) {
        if (c >= INFINITY) {
            return;
        }
        int v = c + literalCost(run + 1, first) - literalCost(run, first);
        if (v < cost[target]) {
            cost[target] = v;
        }
    }

    private void relaxMatch(int end, int c, int length, int distance, int from) {
        int at = end * 5;
        if (c < cost[at]) {
            cost[at] = c;
            matchLength[end] = length;
            matchDistance[end] = distance;
            matchFrom[end] = (byte) from;
        }
    }

    /**
     * Inserts position {@code i} into the binary tree and, when {@code collect}, records in
     * {@link #foundLength}/{@link #foundDistance} the matches of 3 bytes or more met on the way,
     * each longer than the one before.
     *
     * @return how many matches were recorded
     */
    private int insert(byte[] in, int off, int n, int i, boolean collect) {
        int limit = Math.min(effort.niceLength(), n - i);
        if (limit < 3) {
            return 0;
        }
        int p = off + i;
        int h = (((in[p] & 0xFF) << 16 | (in[p + 1] & 0xFF) << 8 | (in[p + 2] & 0xFF)) * 0x9E3779B1) >>> (32 - hashBits);
        int cur = head[h];
        head[h] = i;
        // Where the next node met that sorts before (smaller) or after (larger) position i's suffix
        // hangs: first i's own children, then the inner side of the last node met on that side.
        int smallerSlot = 2 * i;
        int largerSlot = 2 * i + 1;
        int lenSmaller = 0;
        int lenLarger = 0;
        int found = 0;
        int bestLength = 2;
        int depth = collect ? effort.depth() : Math.min(effort.depth(), 16);
        int[] t = tree;
        while (true) {
            if (cur < 0 || i - cur > MAX_DISTANCE || depth-- == 0) {
                t[smallerSlot] = -1;
                t[largerSlot] = -1;
                return found;
            }
            int q = off + cur;
            int length = common(in, q, p, Math.min(lenSmaller, lenLarger), limit);
            if (collect && length > bestLength) {
                bestLength = length;
                if (found < foundLength.length) {
                    foundLength[found] = length;
                    foundDistance[found] = i - cur;
                    found++;
                } else {
                    foundLength[found - 1] = length;
                    foundDistance[found - 1] = i - cur;
                }
            }
            if (length == limit) {
                // Equal as far as we compare: cur's children take its place and cur leaves the tree.
                t[smallerSlot] = t[2 * cur];
                t[largerSlot] = t[2 * cur + 1];
                return found;
            }
            if ((in[q + length] & 0xFF) < (in[p + length] & 0xFF)) {
                // cur sorts before i: it hangs on i's smaller side; continue in cur's larger subtree.
                t[smallerSlot] = cur;
                smallerSlot = 2 * cur + 1;
                lenSmaller = length;
                cur = t[smallerSlot];
            } else {
                t[largerSlot] = cur;
                largerSlot = 2 * cur;
                lenLarger = length;
                cur = t[largerSlot];
            }
        }
    }

    /** How far {@code in[q..]} and {@code in[p..]} agree, from {@code length} (known equal) up to {@code limit}. */
    private static int common(byte[] in, int q, int p, int length, int limit) {
        while (length + 8 <= limit) {
            long x = (long) LONGS.get(in, q + length) ^ (long) LONGS.get(in, p + length);
            if (x != 0) {
                return length + (Long.numberOfTrailingZeros(x) >>> 3);
            }
            length += 8;
        }
        while (length < limit && in[q + length] == in[p + length]) {
            length++;
        }
        return length;
    }

    /** Writes the block the parse chose. */
    private int emit(byte[] in, int off, int n, byte[] out, int outOff) {
        // Walk back from the cheapest state at the end, collecting the matches.
        int end = n * 5;
        int state = 0;
        for (int s = 1; s < 5; s++) {
            if (cost[end + s] < cost[end + state]) {
                state = s;
            }
        }
        int count = 0;
        int pos = n;
        // The end position of each match along the path, last first.
        int[] pathEnds = new int[Math.max(16, n / 3 + 1)];
        while (pos > 0) {
            if (state == 0) {
                if (count == pathEnds.length) {
                    pathEnds = Arrays.copyOf(pathEnds, count * 2);
                }
                pathEnds[count++] = pos;
                int from = matchFrom[pos];
                pos -= matchLength[pos];
                state = from;
            } else if (state < 4) {
                pos--;
                state--;
            } else {
                pos -= runLength[pos];
                state = 0;
            }
        }
        int o = outOff;
        int lit = 0; // where the pending literals start
        int ssAt = -1; // where the last match's SS bits are
        for (int k = count - 1; k >= -1; k--) {
            int matchEnd = k >= 0 ? pathEnds[k] : n;
            int length = k >= 0 ? matchLength[matchEnd] : 0;
            int distance = k >= 0 ? matchDistance[matchEnd] : 0;
            int start = matchEnd - length;
            int literals = start - lit;
            // The literals before the match.
            if (literals > 0) {
                if (lit == 0 && literals <= 238) {
                    out[o++] = (byte) (17 + literals);
                } else if (literals <= 3) {
                    out[ssAt] |= (byte) literals;
                } else if (literals <= 18) {
                    out[o++] = (byte) (literals - 3);
                } else {
                    out[o++] = 0;
                    o = lengthBytes(out, o, literals - 18);
                }
                System.arraycopy(in, off + lit, out, o, literals);
                o += literals;
            }
            if (k < 0) {
                break;
            }
            int state4 = literals >= 4 ? 4 : literals;
            if (length == 2) {
                int d = distance - 1;
                ssAt = o;
                out[o++] = (byte) ((d & 3) << 2);
                out[o++] = (byte) (d >>> 2);
            } else if (length == 3 && state4 == 4 && distance >= M1_FAR_MIN && distance <= M1_FAR_MAX) {
                int d = distance - M1_FAR_MIN;
                ssAt = o;
                out[o++] = (byte) ((d & 3) << 2);
                out[o++] = (byte) (d >>> 2);
            } else if (length <= 8 && distance <= M2_MAX_DISTANCE) {
                int d = distance - 1;
                ssAt = o;
                out[o++] = (byte) (((length - 1) << 5) | ((d & 7) << 2));
                out[o++] = (byte) (d >>> 3);
            } else if (distance <= M3_MAX_DISTANCE) {
                int d = distance - 1;
                if (length <= 33) {
                    out[o++] = (byte) (32 | (length - 2));
                } else {
                    out[o++] = 32;
                    o = lengthBytes(out, o, length - 33);
                }
                ssAt = o;
                out[o++] = (byte) ((d & 63) << 2);
                out[o++] = (byte) (d >>> 6);
            } else {
                int d = distance - M3_MAX_DISTANCE;
                int high = (d >>> 14) << 3;
                d &= 0x3FFF;
                if (length <= 9) {
                    out[o++] = (byte) (16 | high | (length - 2));
                } else {
                    out[o++] = (byte) (16 | high);
                    o = lengthBytes(out, o, length - 9);
                }
                ssAt = o;
                out[o++] = (byte) ((d & 63) << 2);
                out[o++] = (byte) (d >>> 6);
            }
            lit = matchEnd;
        }
        out[o++] = 0x11;
        out[o++] = 0;
        out[o++] = 0;
        return o - outOff;
    }

    /** A length beyond an instruction's own bits: a zero byte per 255, then the rest (1 to 255). */
    private static int lengthBytes(byte[] out, int o, int remainder) {
        while (remainder > 255) {
            out[o++] = 0;
            remainder -= 255;
        }
        out[o++] = (byte) remainder;
        return o;
    }
}
