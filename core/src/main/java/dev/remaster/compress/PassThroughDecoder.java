package dev.remaster.compress;

import java.io.IOException;
import java.io.InputStream;

/** {@link Compression#NONE}: the bytes as they are, to the end of the input. */
final class PassThroughDecoder extends MemberDecoder {
    PassThroughDecoder(InputStream raw, String source, long memberOffset) {
        super(raw, Compression.NONE, source, memberOffset);
    }

    @Override
    void start() {
    }

    @Override
    int decode(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, len);
    }
}
