package dev.remaster.compress.zstd;

/**
 * One block of a frame as read and entropy-decoded, before its sequences are executed: what the
 * reading side of {@link ZstdFrameDecoder} hands to the executing side (possibly on another
 * thread). Instances are reused from block to block.
 */
final class ParsedBlock {
    static final int RAW = 0;
    static final int RLE = 1;
    static final int COMPRESSED = 2;
    /** Carries {@link #error}: reading or parsing failed at this point of the frame. */
    static final int FAILED = 3;

    int type;
    /** The block's content as read: raw bytes, the run-length byte, or the compressed block. */
    final byte[] src = new byte[ZstdFrameDecoder.BLOCK_SIZE_MAX + ZstdFrameDecoder.PAD];
    /** The decoded literals, unless raw literals are used in place in {@link #src}. */
    final byte[] literals = new byte[ZstdFrameDecoder.BLOCK_SIZE_MAX + ZstdFrameDecoder.PAD];
    byte[] lit;
    int litStart;
    int litSize;
    int nbSeq;
    int[] literalLengths = new int[0];
    int[] matchLengths = new int[0];
    int[] offsets = new int[0];

    long compressedOffset;
    int compressedSize;
    long contentOffset;
    int contentSize;
    long earliestDependency;
    boolean last;
    /** For the last block of a frame with a checksum: the checksum read after it. */
    boolean hasChecksum;
    int checksum;
    Throwable error;

    void ensureSequences(int n) {
        if (offsets.length < n) {
            int size = Math.max(n, Math.min(2 * offsets.length + 1024, ZstdFrameDecoder.BLOCK_SIZE_MAX / 3 + 1));
            literalLengths = new int[size];
            matchLengths = new int[size];
            offsets = new int[size];
        }
    }

    BlockSpan span() {
        return new BlockSpan(compressedOffset, compressedSize, contentOffset, contentSize, earliestDependency);
    }
}
