package dev.remaster.benchmarks;

import java.io.OutputStream;
import java.util.Objects;

/** An output stream that drops what it is given and counts the bytes, so that no disk is measured. */
final class CountingSink extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        count += len;
    }

    /** Bytes written so far. */
    long count() {
        return count;
    }
}
