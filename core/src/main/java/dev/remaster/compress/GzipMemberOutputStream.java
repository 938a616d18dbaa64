package dev.remaster.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * One gzip member compressed on the caller's thread: the {@link GzipFormat#header(int) kernel-safe
 * header}, raw deflate from one {@link Deflater}, and the CRC32/ISIZE trailer. Closing finishes the
 * member and closes the underlying stream.
 */
final class GzipMemberOutputStream extends OutputStream {
    private final OutputStream out;
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[64 * 1024];
    private long size;
    private boolean closed;

    GzipMemberOutputStream(OutputStream out, int level) throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        this.deflater = new Deflater(level, true);
        out.write(GzipFormat.header(level));
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return;
        }
        crc.update(b, off, len);
        size += len;
        deflater.setInput(b, off, len);
        while (!deflater.needsInput()) {
            drain();
        }
    }

    /** Passes on what is written so far without ending a deflate block: writes nothing new. */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (out) {
            deflater.finish();
            while (!deflater.finished()) {
                drain();
            }
            GzipFormat.writeTrailer(out, crc.getValue(), size);
        } finally {
            deflater.end();
        }
    }

    private void drain() throws IOException {
        int n = deflater.deflate(buf, 0, buf.length);
        if (n > 0) {
            out.write(buf, 0, n);
        }
    }
}
