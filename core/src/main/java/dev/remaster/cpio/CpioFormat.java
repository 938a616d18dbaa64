package dev.remaster.cpio;

/**
 * The cpio header formats Remaster reads. {@link #NEWC}, {@link #CRC} and {@link #ODC} can also be
 * written; the two old binary byte orders are read only.
 */
public enum CpioFormat {
    /** SVR4 "new ASCII" format, magic {@code 070701}: the format of every Linux initramfs. */
    NEWC("070701", 110, 4),
    /** SVR4 format with a 32-bit data sum in {@code c_check}, magic {@code 070702}. */
    CRC("070702", 110, 4),
    /** POSIX.1 portable ASCII ("odc"), magic {@code 070707} in octal digits. No padding. */
    ODC("070707", 76, 1),
    /** Old binary format, 16-bit words in little-endian order (PDP-11 and x86 writers). */
    BINARY_LE("\u00c7\u0071", 26, 2),
    /** Old binary format, 16-bit words in big-endian order. */
    BINARY_BE("\u0071\u00c7", 26, 2);

    private final String magic;
    private final int headerLength;
    private final int alignment;

    CpioFormat(String magic, int headerLength, int alignment) {
        this.magic = magic;
        this.headerLength = headerLength;
        this.alignment = alignment;
    }

    /**
     * The magic as text: six ASCII digits for the character formats; for the binary formats, the two
     * bytes of the 16-bit magic {@code 070707} in stream order, as ISO-8859-1 characters.
     *
     * @return the magic as text: six ASCII digits for the character formats; for the binary formats, the two bytes of the 16-bit magic {@code 070707} in stream order, as ISO-8859-1 characters
     */
    public String magic() {
        return magic;
    }

    /**
     * Length in bytes of the fixed part of a header, before the name.
     *
     * @return length in bytes of the fixed part of a header, before the name
     */
    public int headerLength() {
        return headerLength;
    }

    /**
     * The boundary to which header-plus-name and data are each padded with NUL bytes.
     *
     * @return the boundary to which header-plus-name and data are each padded with NUL bytes
     */
    public int alignment() {
        return alignment;
    }

    /**
     * Whether {@link CpioWriter} can write this format.
     *
     * @return whether {@link CpioWriter} can write this format
     */
    public boolean isWritable() {
        return this == NEWC || this == CRC || this == ODC;
    }

    /**
     * Whether this is one of the two SVR4 formats ({@code 070701}, {@code 070702}) the kernel reads.
     *
     * @return whether this is one of the two SVR4 formats ({@code 070701}, {@code 070702}) the kernel reads
     */
    public boolean isSvr4() {
        return this == NEWC || this == CRC;
    }

    /**
     * The format whose header magic starts at {@code b[off]}, or {@code null}: six ASCII digits for
     * the character formats, two bytes in either order for old binary.
     *
     * @param b the bytes
     * @param off where the header starts in {@code b}
     * @param len how many bytes of {@code b} from {@code off} may be read
     * @return the format whose header magic starts at {@code b[off]}, or {@code null}: six ASCII digits for the character formats, two bytes in either order for old binary
     */
    public static CpioFormat detect(byte[] b, int off, int len) {
        return HeaderCodec.detect(b, off, len);
    }

    /**
     * The number of bytes that follow {@code length} bytes to reach this format's alignment.
     *
     * @param length the length in bytes
     * @return the number of bytes that follow {@code length} bytes to reach this format's alignment
     */
    public int padding(long length) {
        // Every alignment is a power of two.
        return (int) (-length & (alignment - 1));
    }
}
