package dev.remaster.compress;

import dev.remaster.internal.BufferedSource;
import java.io.IOException;
import java.io.InputStream;

/**
 * A member decoded by a library stream that reads its input no further than its own end: bzip2
 * (Commons Compress, without concatenation), xz (one stream, without the padding after it) and
 * .lzma (XZ for Java). The library reads through the counted {@link BufferedSource}, so the bytes it
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

    /**
     * Checks the magic (except for .lzma, whose first bytes are properties that vary), then lets the
     * library read the header. A header the library refuses is reported at the member's offset.
     */
    @Override
    void start() throws IOException {
        int n = in.fill(Compression.MAGIC_LENGTH);
        if (compression() != Compression.LZMA && Compression.detect(in.buffer(), in.bufferPosition(), n) != compression()) {
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < Math.min(n, 4); i++) {
                hex.append(String.format(" %02x", in.buffer()[in.bufferPosition() + i]));
            }
            throw corruptAt(0, "not " + compression().displayName() + " data: it starts with"
                    + (n == 0 ? " nothing (empty input)" : hex.toString()), null);
        }
        try {
            decoder = opener.open(in);
        } catch (MemoryLimitExceeded e) {
            throw corruptAt(0, "the header asks for " + e.neededKib / 1024 + " MiB of memory to decode, more than the "
                    + e.limitKib / 1024 + " MiB allowed", e);
        } catch (IOException | RuntimeException e) {
            if (in.sourceFailure() != null) {
                throw in.sourceFailure();
            }
            if (e instanceof java.io.EOFException) {
                throw corruptAt(0, "truncated: the input ends inside the header", e);
            }
            throw corruptAt(0, "bad header: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
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

    /**
     * A header that needs more memory than allowed, told by {@link XzCodec} without naming the xz
     * library's own exception here (this class also serves bzip2, which must load without xz).
     */
    static final class MemoryLimitExceeded extends IOException {
        private static final long serialVersionUID = 1L;
        final long neededKib;
        final long limitKib;

        MemoryLimitExceeded(long neededKib, long limitKib, Throwable cause) {
            super("needs " + neededKib + " KiB, limit " + limitKib + " KiB", cause);
            this.neededKib = neededKib;
            this.limitKib = limitKib;
        }
    }
}
