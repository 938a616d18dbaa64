package dev.remaster.compress.zstd;

import java.io.IOException;

/**
 * Zstd data that {@link ZstdFrameDecoder} cannot decode: corrupt, truncated, failing its checksum, or
 * using a feature it does not support (dictionaries, windows above {@link ZstdFrameDecoder#MAX_WINDOW_SIZE}).
 * {@link #offset()} is a position in the frame: the start of the frame header or of the bad block's
 * header, or where the input ended.
 */
public final class ZstdFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Bytes from the start of the frame to the fault. */
    private final long offset;
    /** What is wrong, without the offset. */
    private final String detail;

    ZstdFormatException(long offset, String detail) {
        super("at byte " + offset + " of the zstd frame: " + detail);
        this.offset = offset;
        this.detail = detail;
    }

    /**
     * Where the fault is.
     *
     * @return the number of bytes from the start of the frame to the header of the bad frame or block
     */
    public long offset() {
        return offset;
    }

    /**
     * What is wrong.
     *
     * @return what is wrong, in a few words, without the offset
     */
    public String detail() {
        return detail;
    }
}
