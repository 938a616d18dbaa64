package dev.remaster.compress;

import java.io.IOException;
import java.io.InputStream;

/**
 * A member decoded by a library stream that reads its input no further than its own end: bzip2
 * (Commons Compress, without concatenation), xz (one stream, without the padding after it) and
 * .lzma (XZ for Java). The library reads through the counted {@link RawInput}, so the bytes it
 * consumed are the member's exact size; the tests check this for each codec by appending junk.
 */
final class LibraryDecoder extends MemberDecoder {
    /** Makes the library stream over the counted input, reading the member's header. */
    @FunctionalInterface
    interface Opener {
        InputStream open(InputStream counted) throws IOException;
    }

    private final Opener opener;
    private InputStream decoder;

    LibraryDecoder(InputStream raw, Compression compression, String source, long memberOffset, Opener opener) {
        super(raw, compression, source, memberOffset);
        this.opener = opener;
    }

    @Override
    void start() throws IOException {
        decoder = opener.open(in);
    }

    @Override
    int decode(byte[] b, int off, int len) throws IOException {
        int n;
        do {
            n = decoder.read(b, off, len);
        } while (n == 0);
        return n;
    }

    @Override
    void release() throws IOException {
        if (decoder != null) {
            decoder.close();
        }
    }
}
