package dev.remaster.compress;

import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.LZMAOutputStream;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The legacy .lzma encoder with a {@link #flush()} that callers may call: the format has no flush
 * point (xz-java's encoder throws on flush), so flushing here does nothing and every byte is
 * written when the stream is closed. Writers that flush when they finish, like CpioWriter, can
 * then write .lzma like any other compression.
 */
final class LzmaAloneOutputStream extends FilterOutputStream {
    LzmaAloneOutputStream(OutputStream out, LZMA2Options options) throws IOException {
        super(new LZMAOutputStream(out, options, -1));
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void flush() {
        // Nothing can be flushed before the end of a .lzma stream; close() writes everything.
    }
}
