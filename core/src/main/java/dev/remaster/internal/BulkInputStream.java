package dev.remaster.internal;

import java.io.IOException;
import java.io.InputStream;

/** An input stream that implements only {@link #read(byte[], int, int)}; one byte is read through it. */
public abstract class BulkInputStream extends InputStream {
    private final byte[] one = new byte[1];

    /** For subclasses. */
    protected BulkInputStream() {
    }

    /**
     * Reads one byte through {@link #read(byte[], int, int)}.
     *
     * @return the byte, 0 to 255, or -1 at the end
     * @throws IOException if reading fails
     */
    @Override
    public int read() throws IOException {
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xFF;
    }
}
