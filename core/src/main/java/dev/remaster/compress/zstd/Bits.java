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

    /** The index of the highest set bit of {@code v > 0}. */
    static int highBit(int v) {
        return 31 - Integer.numberOfLeadingZeros(v);
    }
}
