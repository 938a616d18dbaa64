package dev.remaster.compress;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs a decoder on its own thread, so that decompressing overlaps with whatever consumes the
 * bytes (parsing cpio, writing files): a background thread reads the decoder into a fixed set of
 * buffers and hands them over through a bounded queue; the reader gets them in order and gives
 * them back. Memory is {@code bufferCount × bufferSize}, however fast either side is.
 *
 * <p>An exception of the decoder (a {@link CompressedDataException}, an I/O error) is thrown by
 * the read that reaches the point where it happened, and by every read after. {@link #close()}
 * stops the thread (waiting for its current read of the decoder to return, so that once close
 * returns nothing touches the raw input any more) and closes the decoder.
 *
 * <p>{@link #compressedSize()} is the decoder's, known once {@link #read()} has returned -1. Not
 * thread-safe: one thread reads.
 */
public final class PipelinedInputStream extends MemberInputStream {
    /** The default size of each buffer: 256 KiB. */
    public static final int DEFAULT_BUFFER_SIZE = 256 * 1024;
    /** The default number of buffers: 4. */
    public static final int DEFAULT_BUFFER_COUNT = 4;

    /** Put in the free queue by {@link #close()} to wake the producer. */
    private static final byte[] STOP = new byte[0];
    private static final Chunk END = new Chunk(null, 0, null);

    private final MemberInputStream decoder;
    private final BlockingQueue<Chunk> filled;
    private final BlockingQueue<byte[]> free = new LinkedBlockingQueue<>();
    private final Thread producer;
    private volatile boolean closed;

    private Chunk current;
    private int pos;
    private boolean eof;
    private Throwable failure;

    /**
     * Pipelines {@code decoder} with {@link #DEFAULT_BUFFER_COUNT} buffers of {@link #DEFAULT_BUFFER_SIZE}.
     *
     * @param decoder the decoder
     */
    public PipelinedInputStream(MemberInputStream decoder) {
        this(decoder, DEFAULT_BUFFER_SIZE, DEFAULT_BUFFER_COUNT);
    }

    /**
     * Starts the background thread reading {@code decoder}.
     *
     * @param decoder the stream to read ahead; closed by {@link #close()}
     * @param bufferSize the size of each buffer, at least 1
     * @param bufferCount how many buffers circulate, at least 2
     */
    public PipelinedInputStream(MemberInputStream decoder, int bufferSize, int bufferCount) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize (" + bufferSize + ") must be at least 1");
        }
        if (bufferCount < 2) {
            throw new IllegalArgumentException("bufferCount (" + bufferCount + ") must be at least 2");
        }
        // Room for every buffer plus the end or failure mark, so the producer never waits to put.
        this.filled = new ArrayBlockingQueue<>(bufferCount + 1);
        for (int i = 0; i < bufferCount; i++) {
            free.add(new byte[bufferSize]);
        }
        this.producer = new Thread(this::produce, "remaster-decode-" + decoder.compression().displayName());
        producer.setDaemon(true);
        producer.start();
    }

    private void produce() {
        try {
            while (true) {
                byte[] buf = free.take();
                if (buf == STOP || closed) {
                    return;
                }
                int n = 0;
                boolean end = false;
                Throwable failure = null;
                try {
                    while (n < buf.length && !closed) {
                        int r = decoder.read(buf, n, buf.length - n);
                        if (r < 0) {
                            end = true;
                            break;
                        }
                        n += r;
                    }
                } catch (Throwable t) {
                    failure = t;
                }
                // The bytes decoded before a failure come first, so the reader gets the failure
                // exactly where it happened.
                if (n > 0) {
                    filled.add(new Chunk(buf, n, null));
                }
                if (failure != null) {
                    filled.add(new Chunk(null, 0, failure));
                    return;
                }
                if (end) {
                    filled.add(END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            filled.offer(new Chunk(null, 0, new InterruptedIOException("decoding thread interrupted")));
        }
    }

    @Override
    public int read() throws IOException {
        if (!ensureChunk()) {
            return -1;
        }
        return current.data[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            ensureOpen();
            return 0;
        }
        if (!ensureChunk()) {
            return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current.data, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        ensureOpen();
        return current == null ? 0 : current.length - pos;
    }

    /** True when {@link #current} has bytes left; false at the end. */
    private boolean ensureChunk() throws IOException {
        ensureOpen();
        if (current != null && pos < current.length) {
            return true;
        }
        if (current != null) {
            free.add(current.data);
            current = null;
        }
        if (failure != null) {
            throw rethrow(failure);
        }
        if (eof) {
            return false;
        }
        Chunk next;
        try {
            next = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for decompressed data");
        }
        if (next == END) {
            eof = true;
            return false;
        }
        if (next.failure != null) {
            failure = next.failure;
            throw rethrow(failure);
        }
        current = next;
        pos = 0;
        return true;
    }

    private static IOException rethrow(Throwable t) {
        if (t instanceof IOException e) {
            return e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IOException(t);
    }

    @Override
    public long compressedSize() {
        if (!eof) {
            throw new IllegalStateException("the compressed size is known once read() has returned -1");
        }
        return decoder.compressedSize();
    }

    @Override
    public Compression compression() {
        return decoder.compression();
    }

    /** Stops the background thread, waiting for its current read to return, and closes the decoder. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        free.add(STOP);
        boolean interrupted = false;
        while (true) {
            try {
                producer.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        filled.clear();
        current = null;
        decoder.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }

    private record Chunk(byte[] data, int length, Throwable failure) {
    }
}
