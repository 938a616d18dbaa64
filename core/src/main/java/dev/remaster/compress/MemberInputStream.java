package dev.remaster.compress;

import dev.remaster.internal.BulkInputStream;

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
public abstract class MemberInputStream extends BulkInputStream {
    /** For subclasses. */
    protected MemberInputStream() {
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
