package dev.remaster.compress.zstd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;

/** Streaming XXH64 with seed 0, the content checksum of a zstd frame (RFC 8878 section 3.1.1). */
final class XxHash64 {
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private long v1 = P1 + P2;
    private long v2 = P2;
    private long v3 = 0;
    private long v4 = -P1;
    private final byte[] pending = new byte[32];
    private final long[] words = new long[1024];
    private int pendingLength;
    private long total;

    void update(byte[] b, int off, int len) {
        total += len;
        if (pendingLength > 0) {
            int take = Math.min(32 - pendingLength, len);
            System.arraycopy(b, off, pending, pendingLength, take);
            pendingLength += take;
            off += take;
            len -= take;
            if (pendingLength < 32) {
                return;
            }
            stripe(pending, 0);
            pendingLength = 0;
        }
        if (len >= 32) {
            // Stripes read as longs in bulk: a VarHandle load per long is slow without C2.
            LongBuffer view = ByteBuffer.wrap(b, off, len).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
            while (len >= 32) {
                int n = Math.min(len >>> 3 & ~3, words.length);
                view.get(words, 0, n);
                long a1 = v1;
                long a2 = v2;
                long a3 = v3;
                long a4 = v4;
                for (int i = 0; i < n; i += 4) {
                    a1 = round(a1, words[i]);
                    a2 = round(a2, words[i + 1]);
                    a3 = round(a3, words[i + 2]);
                    a4 = round(a4, words[i + 3]);
                }
                v1 = a1;
                v2 = a2;
                v3 = a3;
                v4 = a4;
                off += n << 3;
                len -= n << 3;
            }
        }
        System.arraycopy(b, off, pending, 0, len);
        pendingLength = len;
    }

    private void stripe(byte[] b, int off) {
        v1 = round(v1, (long) LONG.get(b, off));
        v2 = round(v2, (long) LONG.get(b, off + 8));
        v3 = round(v3, (long) LONG.get(b, off + 16));
        v4 = round(v4, (long) LONG.get(b, off + 24));
    }

    private static long round(long acc, long input) {
        return Long.rotateLeft(acc + input * P2, 31) * P1;
    }

    private static long merge(long acc, long v) {
        return (acc ^ round(0, v)) * P1 + P4;
    }

    long digest() {
        long h;
        if (total >= 32) {
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = P5;
        }
        h += total;
        int i = 0;
        for (; i + 8 <= pendingLength; i += 8) {
            h ^= round(0, (long) LONG.get(pending, i));
            h = Long.rotateLeft(h, 27) * P1 + P4;
        }
        if (i + 4 <= pendingLength) {
            h ^= ((int) INT.get(pending, i) & 0xFFFFFFFFL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            i += 4;
        }
        for (; i < pendingLength; i++) {
            h ^= (pending[i] & 0xFFL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }
}
