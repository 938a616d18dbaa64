package dev.remaster.compress;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip compressor that uses several cores and still writes <em>one ordinary gzip member</em>,
 * which {@code gzip -d}, {@code gzip -t} and the Linux kernel's gunzip accept. This is the design of
 * pigz:
 *
 * <ul>
 *   <li>The input is cut into blocks of {@link #DEFAULT_BLOCK_SIZE} bytes (or the size given).
 *   <li>Each block is deflated on a worker thread by its own {@link Deflater} (raw deflate, no
 *       zlib wrapper), primed with the last 32 KiB of the previous block as a preset dictionary, so
 *       matches may reach back across the block boundary as they would in one serial stream.
 *   <li>Every block but the last ends with a sync flush (an empty stored block that byte-aligns the
 *       output without marking the end); the last one finishes the deflate stream. Raw deflate
 *       segments ending this way simply concatenate into one valid deflate stream.
 *   <li>The compressed blocks are written in input order by the writing thread, between the usual
 *       {@linkplain GzipFormat#header(int) header} and the CRC32/ISIZE trailer. The CRC32 is
 *       computed sequentially on the writing thread as the data arrives (it runs at several GB/s,
 *       far faster than deflate), so no CRC combination is needed.
 * </ul>
 *
 * <p><b>Bounded memory.</b> At most {@code 2 × threads} blocks are in flight (queued or being
 * compressed or waiting to be written); a write blocks until the oldest is written out. Memory is
 * thus about {@code 4 × threads × blockSize} plus one deflater per thread.
 *
 * <p><b>Reproducible.</b> The output depends only on the level, the block size and the input: not
 * on the number of threads or on timing. It is a few bytes per block larger than a serial deflate
 * (about 0.1% at 128 KiB blocks).
 *
 * <p>{@link #flush()} writes the blocks already compressed; it does not cut the current block.
 * Closing writes everything, the trailer, and closes the underlying stream. Not thread-safe: one
 * thread writes.
 */
public final class ParallelGzipOutputStream extends OutputStream {
    /** The default block size, 128 KiB, as pigz uses. */
    public static final int DEFAULT_BLOCK_SIZE = 128 * 1024;
    /** The deflate window: how far back a match may reach, and so the size of each preset dictionary. */
    private static final int DICTIONARY_SIZE = 32 * 1024;

    private final OutputStream out;
    private final int level;
    private final int blockSize;
    private final int maxInFlight;
    private final DeflaterPool workers;
    private final ArrayDeque<Future<Compressed>> inFlight = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private long size;
    private byte[] block;
    private int blockLength;
    private byte[] previous;
    private boolean closed;

    /** A compressor with {@link #DEFAULT_BLOCK_SIZE} blocks. */
    public ParallelGzipOutputStream(OutputStream out, int level, int threads) throws IOException {
        this(out, level, threads, DEFAULT_BLOCK_SIZE);
    }

    /**
     * Writes the gzip header to {@code out} and starts {@code threads} daemon worker threads.
     *
     * @param out where the gzip member goes; closed by {@link #close()}
     * @param level the deflate level, 1 (fastest) to 9 (smallest)
     * @param threads the number of compressing threads, at least 1
     * @param blockSize the size of the blocks compressed in parallel, from 32 KiB to 64 MiB
     */
    public ParallelGzipOutputStream(OutputStream out, int level, int threads, int blockSize) throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        if (blockSize < DICTIONARY_SIZE || blockSize > 64 << 20) {
            throw new IllegalArgumentException("blockSize (" + blockSize + ") must be from 32 KiB to 64 MiB");
        }
        this.level = level;
        this.blockSize = blockSize;
        this.maxInFlight = 2 * threads;
        this.block = new byte[blockSize];
        this.workers = new DeflaterPool("gzip", threads, level);
        try {
            out.write(GzipFormat.header(level));
        } catch (IOException | RuntimeException e) {
            workers.shutDown();
            throw e;
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        crc.update(b, off, len);
        size += len;
        while (len > 0) {
            int n = Math.min(len, blockSize - blockLength);
            System.arraycopy(b, off, block, blockLength, n);
            blockLength += n;
            off += n;
            len -= n;
            if (blockLength == blockSize) {
                submit(false);
            }
        }
    }

    /** Writes the blocks already compressed and flushes the underlying stream. */
    @Override
    public void flush() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        while (!inFlight.isEmpty() && inFlight.peek().isDone()) {
            writeOldest();
        }
        out.flush();
    }

    /** Compresses the last block, writes all blocks and the trailer, and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (out) {
            submit(true);
            while (!inFlight.isEmpty()) {
                writeOldest();
            }
            GzipFormat.writeTrailer(out, crc.getValue(), size);
        } finally {
            workers.shutDown();
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] data = block;
        int length = blockLength;
        byte[] dictionary = previous;
        inFlight.add(workers.submit(() -> compress(data, length, dictionary, last)));
        previous = data;
        if (!last) {
            block = new byte[blockSize];
            blockLength = 0;
        }
        while (inFlight.size() > maxInFlight || (!inFlight.isEmpty() && inFlight.peek().isDone())) {
            writeOldest();
        }
    }

    private void writeOldest() throws IOException {
        Compressed c;
        try {
            c = inFlight.remove().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a compressed block");
        } catch (ExecutionException e) {
            throw new IOException("compressing a block failed", e.getCause());
        }
        out.write(c.data, 0, c.length);
    }

    /** Runs on a worker: deflates one block, primed with the end of the previous one. */
    private Compressed compress(byte[] data, int length, byte[] dictionary, boolean last) {
        Deflater deflater = workers.take();
        try {
            if (dictionary != null) {
                deflater.setDictionary(dictionary, dictionary.length - DICTIONARY_SIZE, DICTIONARY_SIZE);
            }
            deflater.setInput(data, 0, length);
            byte[] buf = new byte[length + (length >> 6) + 64];
            int pos = 0;
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    if (pos == buf.length) {
                        buf = Arrays.copyOf(buf, buf.length * 2);
                    }
                    pos += deflater.deflate(buf, pos, buf.length - pos);
                }
            } else {
                // With SYNC_FLUSH, a return that fills the space means more output may be pending.
                int n;
                do {
                    if (pos == buf.length) {
                        buf = Arrays.copyOf(buf, buf.length * 2);
                    }
                    n = deflater.deflate(buf, pos, buf.length - pos, Deflater.SYNC_FLUSH);
                    pos += n;
                } while (pos == buf.length);
            }
            workers.giveBack(deflater);
            deflater = null;
            return new Compressed(buf, pos);
        } finally {
            if (deflater != null) {
                deflater.end();
            }
        }
    }

    private record Compressed(byte[] data, int length) {
    }
}
