package dev.remaster.image;

/** A run of NUL bytes between archives; the kernel skips them. */
public record PaddingSegment(long offset, long length) implements Segment {
    /**
     * Checks the components.
     *
     * @param offset the offset
     * @param length the length
     * @throws IllegalArgumentException if a component is out of range
     */
    public PaddingSegment {
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("offset (" + offset + ") and length (" + length + ") must be positive");
        }
    }
}
