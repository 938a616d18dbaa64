package dev.remaster.image;

/** A run of NUL bytes between archives; the kernel skips them. */
public record PaddingSegment(long offset, long length) implements Segment {
    public PaddingSegment {
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("offset (" + offset + ") and length (" + length + ") must be positive");
        }
    }
}
