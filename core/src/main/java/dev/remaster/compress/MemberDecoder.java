package dev.remaster.compress;

import dev.remaster.internal.BufferedSource;
import io.airlift.compress.MalformedInputException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * What every decoder shares: the counted raw input, the member's location for error messages, the
 * one-byte read, the end-of-member bookkeeping, and the translation of whatever a codec library
 * throws on bad data (checked or not) into a {@link CompressedDataException}. An I/O failure of
 * the raw input itself passes through unchanged.
 */
abstract class MemberDecoder extends MemberInputStream {
    final BufferedSource in;
    private final Compression compression;
    private final String source;
    private final long memberOffset;
    private long compressedSize = -1;
    private boolean closed;

    MemberDecoder(InputStream raw, Compression compression, String source, long memberOffset) {
        this.in = new BufferedSource(raw);
        this.compression = compression;
        this.source = source;
        this.memberOffset = memberOffset;
    }

    /** Reads the member's header (if any); called once, by {@link #begin()}. */
    abstract void start() throws IOException;

    /** Decodes up to {@code len > 0} bytes; -1 once the member ended and its trailer was checked. */
    abstract int decode(byte[] b, int off, int len) throws IOException;

    /** The member's compressed size once {@link #decode} has returned -1; by default all bytes consumed. */
    long endOfMember() {
        return in.position();
    }

    /** Releases what the codec holds; the raw input stays open. */
    void release() throws IOException {
    }

    /** Starts decoding: reads the header, reporting a bad one like any other bad data. */
    final MemberDecoder begin() throws IOException {
        try {
            start();
            return this;
        } catch (IOException | RuntimeException e) {
            throw translate(e);
        }
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
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
        try {
            int n = decode(b, off, len);
            if (n < 0) {
                compressedSize = endOfMember();
            }
            return n;
        } catch (IOException | RuntimeException e) {
            throw translate(e);
        }
    }

    @Override
    public final long compressedSize() {
        if (compressedSize < 0) {
            throw new IllegalStateException(
                    "the compressed size of a " + compression.displayName() + " member is known once read() has returned -1");
        }
        return compressedSize;
    }

    @Override
    public final Compression compression() {
        return compression;
    }

    @Override
    public final void close() throws IOException {
        if (!closed) {
            closed = true;
            release();
        }
    }

    /** Corrupt data at the current position. */
    final CompressedDataException corrupt(String detail) {
        return corruptAt(in.position(), detail, null);
    }

    /** Corrupt data at {@code position} bytes into the member. */
    final CompressedDataException corruptAt(long position, String detail, Throwable cause) {
        return new CompressedDataException(source, memberOffset + position, compression, detail, cause);
    }

    /** The input ended inside the member, while reading {@code what}. */
    final CompressedDataException truncated(String what) {
        return corrupt("truncated: the input ends inside the " + what);
    }

    /** Reads one byte of the member, failing if the input ends. */
    final int readByte(String what) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw truncated(what);
        }
        return b;
    }

    /** Reads exactly {@code len} bytes of the member, failing if the input ends. */
    final void readFully(byte[] b, int off, int len, String what) throws IOException {
        if (in.readFully(b, off, len) < len) {
            throw truncated(what);
        }
    }

    private IOException translate(Exception e) {
        if (e instanceof CompressedDataException c) {
            return c;
        }
        if (in.sourceFailure() != null) {
            // The raw input failed: an I/O error, whatever the codec made of it.
            return in.sourceFailure();
        }
        if (e instanceof java.io.InterruptedIOException io) {
            return io;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String detail;
        if (e instanceof EOFException) {
            detail = "truncated: the input ends inside the member";
        } else if (e instanceof MalformedInputException) {
            detail = "corrupt data: " + message;
        } else if (e instanceof RuntimeException) {
            // A library tripped over bad data in a way it does not report as such.
            detail = "corrupt data: " + e.getClass().getSimpleName() + ": " + message;
        } else {
            detail = message;
        }
        return corruptAt(in.position(), detail, e);
    }
}
