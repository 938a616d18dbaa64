package dev.remaster.compress;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * One zstd frame: {@link ZstdFrameScanner} delimits the frame from its block headers and feeds
 * exactly its bytes to aircompressor's {@link ZstdInputStream}, which decompresses and verifies
 * the content checksum when there is one.
 */
final class ZstdDecoder extends MemberDecoder {
    private ZstdFrameScanner frame;
    private ZstdInputStream zstd;

    ZstdDecoder(InputStream raw, String source, long memberOffset) {
        super(raw, Compression.ZSTD, source, memberOffset);
    }

    @Override
    void start() throws IOException {
        frame = new ZstdFrameScanner(in, this);
        zstd = new ZstdInputStream(frame);
    }

    @Override
    int decode(byte[] b, int off, int len) throws IOException {
        int n;
        do {
            n = zstd.read(b, off, len);
        } while (n == 0);
        if (n < 0 && !frame.done()) {
            throw corrupt("the decoder stopped before the end of the frame");
        }
        return n;
    }
}
