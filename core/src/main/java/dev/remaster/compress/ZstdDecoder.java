package dev.remaster.compress;

import dev.remaster.compress.zstd.ZstdBlockLog;
import dev.remaster.internal.ChunkRecording;
import dev.remaster.compress.zstd.ZstdFormatException;
import dev.remaster.compress.zstd.ZstdFrameDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One zstd frame, decoded by our own {@link ZstdFrameDecoder}, which reads exactly the frame's
 * bytes and verifies the content size and checksum; its errors become
 * {@link CompressedDataException}s at the offset of the bad frame header or block. Asked to, it logs
 * the frame's blocks ({@link ZstdBlockLog}, as a {@link ChunkRecording}).
 */
final class ZstdDecoder extends MemberDecoder implements ChunkRecording<ZstdBlockLog> {
    private ZstdFrameDecoder frame;
    private ZstdBlockLog log;
    private Consumer<? super ZstdBlockLog> whenLogged;
    private boolean produced;

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
    public void recordChunks(Consumer<? super ZstdBlockLog> whenDone) {
        Objects.requireNonNull(whenDone, "whenDone");
        if (log != null || produced || frame == null) {
            throw new IllegalStateException("a zstd frame's blocks are logged from its first block, once");
        }
        log = new ZstdBlockLog();
        whenLogged = whenDone;
        frame.record(log);
    }

    @Override
    int decode(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = frame.read(b, off, len);
        } catch (ZstdFormatException e) {
            throw corruptAt(e.offset(), e.detail(), e);
        }
        produced = true;
        if (n < 0 && log != null && log.complete()) {
            Consumer<? super ZstdBlockLog> done = whenLogged;
            whenLogged = null;
            if (done != null) {
                done.accept(log);
            }
        }
        return n;
    }

    @Override
    void release() {
        if (frame != null) {
            frame.close();
            frame = null;
        }
    }
}
