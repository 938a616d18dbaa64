package dev.remaster.compress.zstd;

/**
 * One block of a zstd frame as the decoder met it: where its compressed bytes are, which
 * decompressed bytes it gave, and the earliest decompressed position its output depends on (its
 * matches, the sequence that set a repeat offset it used, the block that defined Huffman or FSE
 * tables it reused; the frame-start repeat offsets count as set at position 0).
 *
 * @param compressedOffset where the block header starts, in the frame's source
 * @param compressedSize the block's length, header included
 * @param contentOffset the offset of its first decompressed byte in the frame's content
 * @param contentSize how many bytes it decompresses to
 * @param earliestDependency the smallest decompressed position its output depends on
 */
record BlockSpan(long compressedOffset, int compressedSize, long contentOffset, int contentSize,
        long earliestDependency) {
}
