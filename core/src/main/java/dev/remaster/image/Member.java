package dev.remaster.image;

/**
 * One compressed member (a gzip member, an xz stream, a zstd frame...) inside an
 * {@link ArchiveSegment}: its byte range in the file.
 */
public record Member(long offset, long length) {
    /**
     * Checks the components.
     *
     * @param offset the offset
     * @param length the length
     * @throws IllegalArgumentException if a component is out of range
     */
    public Member {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset (" + offset + ") and length (" + length + ") may not be negative");
        }
    }

    /**
     * Where the member ends in the file.
     *
     * @return where the member ends in the file
     */
    public long end() {
        return offset + length;
    }
}
