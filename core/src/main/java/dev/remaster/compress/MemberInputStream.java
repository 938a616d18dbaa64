package dev.remaster.compress;

import java.io.IOException;
import java.io.InputStream;

/**
 * The decompressed bytes of exactly one compressed member (one gzip member, one xz stream, one
 * zstd frame, ...), as returned by {@link Compression#newDecoder}.
 *
 * <p>Once {@link #read()} has returned -1 the member has been checked completely (checksums,
 * trailer, sizes) and {@link #compressedSize()} says how many bytes of the raw input it occupied,
 * so the caller can find where the next member starts. A decoder may have read the raw input
 * beyond that point; the caller repositions it.
 *
 * <p>Closing a member stream releases the decoder but never closes the raw input, which belongs to
 * the caller. Not thread-safe.
 */
public abstract class MemberInputStream extends InputStream {
    private final byte[] one = new byte[1];

    /** For subclasses. */
    protected MemberInputStream() {
    }

    /**
     * Reads one byte through {@link #read(byte[], int, int)}, which a subclass implements.
     *
     * @return the byte, 0 to 255, or -1 at the end of the member
     * @throws IOException if the member's data is corrupt or reading the raw input fails
     */
    @Override
    public int read() throws IOException {
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    /**
     * The exact number of compressed bytes of this member, header and trailer included.
     *
     * @throws IllegalStateException if {@link #read()} has not yet returned -1
     * @return the exact number of compressed bytes of this member, header and trailer included
     */
    public abstract long compressedSize();

    /**
     * The codec of this member.
     *
     * @return the codec of this member
     */
    public abstract Compression compression();
}
