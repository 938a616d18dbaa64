package dev.remaster.image;

import dev.remaster.compress.CompressedDataException;
import dev.remaster.compress.Compression;
import dev.remaster.compress.MemberInputStream;
import dev.remaster.compress.zstd.ZstdBlockLog;
import dev.remaster.compress.zstd.ZstdFormatException;
import dev.remaster.compress.zstd.ZstdFrameDecoder;
import dev.remaster.internal.BufferedSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One zstd frame decoded as {@link Compression#newDecoder} decodes it (same decoder, same errors at
 * the same offsets), recording its blocks in a {@link ZstdBlockLog} on the way: what a later edit
 * needs to find the frame's independent chunks without decoding it again. The log is handed to
 * {@code whenDone} once the frame's end is verified, on the thread that reads it to the end; never
 * for a frame that fails.
 */
final class LoggedZstdMember extends MemberInputStream {
    private final BufferedSource in;
    private final String source;
    private final long memberOffset;
    private final ZstdFrameDecoder frame;
    private final ZstdBlockLog log = new ZstdBlockLog();
    private final Consumer<ZstdBlockLog> whenDone;
    private final byte[] one = new byte[1];
    private long compressedSize = -1;
    private boolean closed;

    LoggedZstdMember(InputStream raw, String source, long memberOffset, Consumer<ZstdBlockLog> whenDone)
            throws IOException {
        this.in = new BufferedSource(raw);
        this.source = source;
        this.memberOffset = memberOffset;
        this.whenDone = Objects.requireNonNull(whenDone, "whenDone");
        this.frame = new ZstdFrameDecoder(in);
        frame.record(log);
        try {
            frame.start();
        } catch (IOException | RuntimeException e) {
            throw translate(e);
        }
    }

    @Override
    public int read() throws IOException {
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (compressedSize >= 0) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            n = frame.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            throw translate(e);
        }
        if (n < 0) {
            compressedSize = in.position();
            whenDone.accept(log);
        }
        return n;
    }

    /** As the decoders of {@link Compression} report failures: the raw input's own first, then bad data. */
    private IOException translate(Exception e) {
        if (in.sourceFailure() != null) {
            return in.sourceFailure();
        }
        if (e instanceof ZstdFormatException z) {
            return new CompressedDataException(source, memberOffset + z.offset(), Compression.ZSTD, z.detail(), z);
        }
        if (e instanceof RuntimeException) {
            return new CompressedDataException(source, memberOffset + in.position(), Compression.ZSTD,
                    "corrupt data: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        return (IOException) e;
    }

    @Override
    public long compressedSize() {
        if (compressedSize < 0) {
            throw new IllegalStateException("the compressed size of a zstd member is known once read() has returned -1");
        }
        return compressedSize;
    }

    @Override
    public Compression compression() {
        return Compression.ZSTD;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            frame.close();
        }
    }
}
