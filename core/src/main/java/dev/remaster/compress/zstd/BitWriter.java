package dev.remaster.compress.zstd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A bit stream written forwards, least significant bit first, and closed by a 1 bit so that a zstd
 * decoder can read it backwards (RFC 8878 section 4.1).
 */
final class BitWriter {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private byte[] buffer;
    private int position;
    private long bits;
    private int count;

    BitWriter(int capacity) {
        buffer = new byte[Math.max(16, capacity)];
    }

    void reset() {
        position = 0;
        bits = 0;
        count = 0;
    }

    /** Adds the low {@code n} bits of {@code value}, {@code n} at most 32. */
    void add(long value, int n) {
        bits |= (value & ((1L << n) - 1)) << count;
        count += n;
        if (count >= 32) {
            flush32();
        }
    }

    /**
     * Adds {@code value}, which must fit in {@code n} bits, without flushing: the caller keeps the
     * bits held at most 64, calling {@link #flushBytes} in between.
     */
    void addFitting(long value, int n) {
        bits |= value << count;
        count += n;
    }

    /** Writes the whole bytes held, leaving fewer than 8 bits. */
    void flushBytes() {
        if (position + 8 > buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        LONG.set(buffer, position, bits);
        position += count >>> 3;
        bits >>>= count & ~7;
        count &= 7;
    }

    private void flush32() {
        if (position + 8 > buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        INT.set(buffer, position, (int) bits);
        position += 4;
        bits >>>= 32;
        count -= 32;
    }

    /** Adds the closing 1 bit and pads the last byte; returns the stream's length in bytes. */
    int close() {
        add(1, 1);
        while (count > 0) {
            if (position + 1 > buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            buffer[position++] = (byte) bits;
            bits >>>= 8;
            count -= 8;
        }
        count = 0;
        return position;
    }

    byte[] buffer() {
        return buffer;
    }
}
