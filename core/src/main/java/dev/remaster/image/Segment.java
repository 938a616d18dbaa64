package dev.remaster.image;

/**
 * One stretch of an initramfs file, as the kernel's unpacker sees it: NUL padding, or a run of cpio
 * data (plain or compressed). Segments are contiguous: each starts where the previous one ends.
 */
public sealed interface Segment permits PaddingSegment, ArchiveSegment {
    /**
     * Where the segment starts in the file.
     *
     * @return where the segment starts in the file
     */
    long offset();

    /**
     * Its length in bytes, in the file (compressed length for a compressed segment).
     *
     * @return its length in bytes, in the file (compressed length for a compressed segment)
     */
    long length();

    /**
     * Where the segment ends: {@code offset() + length()}.
     *
     * @return where the segment ends: {@code offset() + length()}
     */
    default long end() {
        return offset() + length();
    }
}
