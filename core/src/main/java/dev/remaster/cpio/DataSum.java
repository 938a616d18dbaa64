package dev.remaster.cpio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The crc format's "checksum": the 32-bit unsigned sum of all data bytes. */
final class DataSum {
    private DataSum() {
    }

    static long of(byte[] b, int off, int len, long sum) {
        long s = sum;
        for (int i = off; i < off + len; i++) {
            s += b[i] & 0xff;
        }
        return s & 0xffffffffL;
    }

    static long of(InputStream in, byte[] scratch) throws IOException {
        long sum = 0;
        for (int n; (n = in.read(scratch)) > 0; ) {
            sum = of(scratch, 0, n, sum);
        }
        return sum;
    }

    /** Copies exactly {@code size} bytes (fewer if {@code in} ends) and returns their sum. */
    static long copy(InputStream in, OutputStream out, long size, byte[] scratch) throws IOException {
        long sum = 0;
        long left = size;
        while (left > 0) {
            int n = in.read(scratch, 0, (int) Math.min(left, scratch.length));
            if (n < 0) {
                break;
            }
            out.write(scratch, 0, n);
            sum = of(scratch, 0, n, sum);
            left -= n;
        }
        return sum;
    }
}
