package dev.remaster.compress.zstd;

/**
 * Where one block of a zstd frame lies, in the frame and in the content, and how far back its
 * decoding reaches: what {@link ZstdFrameDecoder} reports for each block it decodes, in order, to
 * the listener given to {@link ZstdFrameDecoder#onBlock}.
 *
 * <p>The contract of {@code earliestDependency}: decoding this block needs the decoder's state from
 * no content position earlier than it. It is the least of
 * <ul>
 *   <li>the block's own start, {@code contentOffset};
 *   <li>for each sequence, the start of the data its match copies ({@code position - offset});
 *   <li>for each sequence using a repeat offset, the content position of the sequence that set that
 *       repeat value (for the frame's initial values 1, 4 and 8: position 0; a value derived from
 *       repeat 1 minus one counts as set where repeat 1 was);
 *   <li>for treeless literals, the {@code contentOffset} of the block that defined the Huffman table;
 *       for each sequence table in repeat mode, the {@code contentOffset} of the block that chose it.
 * </ul>
 * Hence: if every block of a range {@code [a, b)} of blocks has {@code earliestDependency >=} the
 * {@code contentOffset} of block {@code a}, a decoder started afresh (initial repeat offsets, no
 * tables) at block {@code a}'s header decodes the range to the same bytes. Raw and RLE blocks depend
 * on nothing: their {@code earliestDependency} is their {@code contentOffset}.
 *
 * @param compressedOffset the position of the block's 3-byte header, counted from the frame's first byte
 * @param compressedSize the block's size in the frame, header included
 * @param contentOffset the position of the block's first decoded byte in the frame's content
 * @param contentSize the number of bytes the block decodes to
 * @param earliestDependency the least content position this block's decoding depends on, at most
 *     {@code contentOffset}
 */
record BlockSpan(long compressedOffset, int compressedSize, long contentOffset, int contentSize,
        long earliestDependency) {

    /** True if the block decodes from a fresh decoder state started at content position {@code from}. */
    boolean independentFrom(long from) {
        return earliestDependency >= from;
    }
}
