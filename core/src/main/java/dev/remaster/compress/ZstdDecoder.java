package dev.remaster.compress;

import dev.remaster.compress.zstd.ZstdFormatException;
import dev.remaster.compress.zstd.ZstdFrameDecoder;
import java.io.IOException;
import java.io.InputStream;

/**
 * One zstd frame, decoded by our own {@link ZstdFrameDecoder}, which reads exactly the frame's
 * bytes and verifies the content size and checksum; its errors become
 * {@link CompressedDataException}s at the offset of the bad frame header or block.
 */
final class ZstdDecoder extends MemberDecoder {
    private ZstdFrameDecoder frame;

    ZstdDecoder(InputStream raw, String source, long memberOffset) {
        super(raw, Compression.ZSTD, source, memberOffset);
    }

    @Override
    void start() throws IOException {
        frame = new ZstdFrameDecoder(in);
        try {
            frame.start();
        } catch (ZstdFormatException e) {
            throw corruptAt(e.offset(), e.detail(), e);
        }
    }

    @Override
    int decode(byte[] b, int off, int len) throws IOException {
        try {
            return frame.read(b, off, len);
        } catch (ZstdFormatException e) {
            throw corruptAt(e.offset(), e.detail(), e);
        }
    }

    @Override
    void release() {
        if (frame != null) {
            frame.close();
            frame = null;
        }
    }
}
