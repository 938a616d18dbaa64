package dev.remaster.compress.zstd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian loads from byte arrays, the primitive under the decoder's bit readers. */
final class Bits {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Bits() {
    }

    /** The 8 bytes at {@code b[i]} as a little-endian long. */
    static long le64(byte[] b, int i) {
        return (long) LONG.get(b, i);
    }

    /** The 2 bytes at {@code b[i]} as an unsigned little-endian value. */
    static int le16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    /** The 3 bytes at {@code b[i]} as an unsigned little-endian value. */
    static int le24(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16;
    }

    /** The 4 bytes at {@code b[i]} as a little-endian int. */
    static int le32(byte[] b, int i) {
        return le24(b, i) | (b[i + 3] & 0xFF) << 24;
    }

    /**
     * Fills {@code a[from..to)} with {@code v}. Unlike {@link java.util.Arrays#fill(byte[], int, int, byte)},
     * fast without C2 (C1 runs it as a byte loop): long runs double by {@link System#arraycopy}.
     */
    static void fill(byte[] a, int from, int to, byte v) {
        int n = to - from;
        if (n < 32) {
            for (int i = from; i < to; i++) {
                a[i] = v;
            }
            return;
        }
        for (int i = from; i < from + 16; i++) {
            a[i] = v;
        }
        for (int done = 16; done < n; ) {
            int chunk = Math.min(done, n - done);
            System.arraycopy(a, from, a, from + done, chunk);
            done += chunk;
        }
    }

    /** The index of the highest set bit of {@code v > 0}. */
    static int highBit(int v) {
        return 31 - Integer.numberOfLeadingZeros(v);
    }
}
