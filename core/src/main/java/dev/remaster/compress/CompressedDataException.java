package dev.remaster.compress;

import dev.remaster.io.FormatException;
import java.util.Objects;

/**
 * Compressed data that cannot be decoded: corrupt, truncated, failing its checksum, or using a
 * feature the decoder does not support. The message names the source, the offset and the codec,
 * for example {@code initrd.img: at offset 4096 (0x1000): gzip: CRC32 of the data is 0x1234ABCD,
 * the trailer says 0x00000000}.
 *
 * <p>The offset is a position in the source: the member's offset plus the number of compressed
 * bytes consumed when the problem was found (for decoders that read ahead, such as bzip2 and the
 * LZMA family, it may lie a little past the damaged byte). It is -1 when not known.
 *
 * <p>{@link #field()} is the codec's {@link Compression#displayName() display name}.
 */
public class CompressedDataException extends FormatException {
    private static final long serialVersionUID = 1L;

    /** The compression of the data at fault. */
    private final Compression compression;

    /**
     * @param source the file or stream being read, or {@code null} when unknown
     * @param offset the position in the source at which the problem was found, or -1
     * @param compression the codec that found it
     * @param detail what is wrong, in a few words
     */
    public CompressedDataException(String source, long offset, Compression compression, String detail) {
        this(source, offset, compression, detail, null);
    }

    /**
     * As {@link #CompressedDataException(String, long, Compression, String)}, with a cause.
     *
     * @param source where the data comes from
     * @param offset the byte offset
     * @param compression the compression
     * @param detail the detail
     * @param cause the underlying error
     */
    public CompressedDataException(
            String source, long offset, Compression compression, String detail, Throwable cause) {
        super(source, offset, Objects.requireNonNull(compression, "compression").displayName(), null, detail, cause);
        this.compression = compression;
    }

    /**
     * The codec whose data is at fault.
     *
     * @return the codec whose data is at fault
     */
    public Compression compression() {
        return compression;
    }
}
