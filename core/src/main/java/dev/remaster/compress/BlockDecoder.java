package dev.remaster.compress;

import java.io.IOException;
import java.io.InputStream;

/**
 * A decoder for formats whose data comes in independently decoded blocks (lzop, lz4 legacy): it
 * hands out one decoded block at a time and asks the format for the next when it runs out.
 */
abstract class BlockDecoder extends MemberDecoder {
    private byte[] decoded = new byte[0];
    private int decodedPos;
    private int decodedLength;
    private boolean finished;

    BlockDecoder(InputStream raw, Compression compression, String source, long memberOffset) {
        super(raw, compression, source, memberOffset);
    }

    /**
     * Decodes the next block and passes its bytes to {@link #emit}; false where the member ends
     * (after checking whatever ends it).
     */
    abstract boolean nextBlock() throws IOException;

    /** The bytes of the block just decoded: {@code length} bytes at the start of {@code buffer}. */
    final void emit(byte[] buffer, int length) {
        decoded = buffer;
        decodedPos = 0;
        decodedLength = length;
    }

    @Override
    final int decode(byte[] b, int off, int len) throws IOException {
        while (decodedPos == decodedLength) {
            if (finished || !nextBlock()) {
                finished = true;
                return -1;
            }
        }
        int n = Math.min(len, decodedLength - decodedPos);
        System.arraycopy(decoded, decodedPos, b, off, n);
        decodedPos += n;
        return n;
    }
}
