package dev.remaster.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/** {@link Compression#NONE}: writes through unchanged; closing closes the underlying stream. */
final class PassThroughOutputStream extends OutputStream {
    private final OutputStream out;
    private boolean closed;

    PassThroughOutputStream(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }
}
