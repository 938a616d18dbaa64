package dev.remaster.compress.gzip;

import dev.remaster.internal.ChannelInput;
import dev.remaster.internal.ChunkSpan;
import dev.remaster.internal.ChunkedOutput;
import dev.remaster.internal.EntryBoundaryAware;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip compressor whose output is <em>one ordinary gzip member</em> (header flags 0, mtime 0,
 * so {@code gzip -t}, {@code zcat} and the Linux kernel's gunzip read it) made of independent
 * chunks that can later be copied into another member without being recompressed.
 *
 * <ul>
 *   <li>The input is cut into chunks of about {@link #DEFAULT_CHUNK_SIZE} bytes (or the size
 *       given), only at the points a writer reports with {@link #entryBoundary()}: the first
 *       boundary at or after the chunk size ends the chunk, so under a cpio writer (which reports
 *       them, see {@link EntryBoundaryAware}) every chunk holds whole cpio entries, and an entry larger
 *       than the chunk size is a chunk of its own. To bound memory, a chunk that reaches
 *       {@value #MAX_CHUNK_FACTOR} times the chunk size is cut where it stands.
 *   <li>Each chunk is deflated on a worker thread by a {@link Deflater} of its own with no preset
 *       dictionary, and ends with a full flush: a byte-aligned empty stored block ({@code 00 00
 *       ff ff}) after which nothing refers back. So a chunk decodes on its own from its first byte.
 *   <li>After the last chunk comes an empty final block ({@code 03 00}), which ends the deflate
 *       stream; then the CRC-32 (the chunks' CRCs {@linkplain Crc32Combine combined}) and the size
 *       modulo 2^32.
 * </ul>
 *
 * <p>{@link #writeCompressedChunk} puts a chunk compressed elsewhere (typically copied from an
 * earlier output of this class) in the stream, so that an edit recompresses only what it changes.
 *
 * <p>The output depends only on the level, the chunk size, the input and where its entry
 * boundaries fall: not on the number of threads. At most {@code 2 × threads} chunks are in flight.
 * Closing writes everything and closes the underlying stream. Not thread-safe: one thread writes.
 */
public final class ChunkedGzipOutputStream extends OutputStream implements EntryBoundaryAware, ChunkedOutput {
    /** The default chunk size, 1 MiB: about 0.1% larger output than one stream at level 9. */
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;
    /** A chunk is cut inside an entry once it holds this many times the chunk size. */
    static final int MAX_CHUNK_FACTOR = 16;
    /** An empty fixed-Huffman block with BFINAL set: what ends the deflate stream after the chunks. */
    static final byte[] FINAL_EMPTY_BLOCK = {0x03, 0x00};

    private final OutputStream out;
    private final int level;
    private final int chunkSize;
    private final int maxChunk;
    private final int maxInFlight;
    private final DeflaterPool workers;
    private final ArrayDeque<Future<Piece>> inFlight = new ArrayDeque<>();
    private byte[] chunk;
    private int chunkLength;
    private long crc;
    private long size;
    private long compressedSize;
    private boolean streamEnded;
    private boolean closed;

    /**
     * A compressor with {@link #DEFAULT_CHUNK_SIZE} chunks.
     *
     * @param out the stream written to
     * @param level the compression level
     * @param threads the number of threads (at least 1)
     * @throws IOException if reading or writing fails
     */
    public ChunkedGzipOutputStream(OutputStream out, int level, int threads) throws IOException {
        this(out, level, threads, DEFAULT_CHUNK_SIZE);
    }

    /**
     * Writes the gzip header to {@code out} and starts {@code threads} daemon worker threads.
     *
     * @param out where the gzip member goes; closed by {@link #close()}
     * @param level the deflate level, 1 (fastest) to 9 (smallest)
     * @param threads the number of compressing threads, at least 1
     * @param chunkSize the size after which the next entry boundary ends a chunk, from 4 KiB to 64 MiB
     * @throws IOException if reading or writing fails
     */
    public ChunkedGzipOutputStream(OutputStream out, int level, int threads, int chunkSize) throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        if (chunkSize < 4096 || chunkSize > 64 << 20) {
            throw new IllegalArgumentException("chunkSize (" + chunkSize + ") must be from 4 KiB to 64 MiB");
        }
        this.level = level;
        this.chunkSize = chunkSize;
        this.maxChunk = (int) Math.min((long) chunkSize * MAX_CHUNK_FACTOR, Integer.MAX_VALUE - 8);
        this.maxInFlight = 2 * threads;
        this.chunk = new byte[chunkSize + chunkSize / 8];
        this.workers = new DeflaterPool("chunked-gzip", threads, level);
        try {
            byte[] header = GzipFormat.header(level);
            out.write(header);
            compressedSize = header.length;
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
        requireOpen();
        while (len > 0) {
            if (chunkLength == chunk.length) {
                if (chunk.length >= maxChunk) {
                    cut();
                } else {
                    chunk = Arrays.copyOf(chunk, (int) Math.min((long) chunk.length * 2, maxChunk));
                }
            }
            int n = Math.min(len, chunk.length - chunkLength);
            System.arraycopy(b, off, chunk, chunkLength, n);
            chunkLength += n;
            off += n;
            len -= n;
        }
    }

    /** Ends the current chunk here if it has reached the chunk size. */
    @Override
    public void entryBoundary() throws IOException {
        requireOpen();
        if (chunkLength >= chunkSize) {
            cut();
        }
    }

    /**
     * Puts a chunk of raw deflate data compressed elsewhere into the stream, after what was
     * written so far (which is first ended as a chunk of its own). The chunk must be independent:
     * it starts at a deflate block boundary, decodes with no preset dictionary and never refers to
     * data before its first byte; and it either ends byte-aligned at a block boundary with no final
     * block ({@code endsStream} false, as every chunk of this class ends), or ends the deflate
     * stream ({@code endsStream} true), after which only {@link #close()} may be called.
     *
     * @param data the compressed bytes, copied before this method returns
     * @param crc32 the CRC-32 of the chunk's decompressed bytes
     * @param uncompressedLength how many bytes the chunk decompresses to
     * @param off where the chunk starts in {@code data}
     * @param len the chunk's compressed length
     * @param endsStream whether ends stream
     * @throws IOException if reading or writing fails
     */
    public void writeCompressedChunk(byte[] data, int off, int len, long crc32, long uncompressedLength,
            boolean endsStream) throws IOException {
        Objects.checkFromIndexSize(off, len, data.length);
        requireOpen();
        if (uncompressedLength < 0) {
            throw new IllegalArgumentException("uncompressedLength (" + uncompressedLength + ") may not be negative");
        }
        cut();
        Piece p = new Piece(Arrays.copyOfRange(data, off, off + len), len, crc32 & 0xFFFFFFFFL, uncompressedLength);
        inFlight.add(CompletableFuture.completedFuture(p));
        streamEnded = endsStream;
        drain(false);
    }

    /** Copies a {@link DeflateSpan}'s compressed bytes from {@code source} (see {@link #writeCompressedChunk}). */
    @Override
    public void copyChunk(FileChannel source, ChunkSpan chunk) throws IOException {
        if (!(chunk instanceof DeflateSpan d)) {
            throw new IllegalArgumentException(chunk + " is not a deflate chunk");
        }
        if (d.compressedLength() > Integer.MAX_VALUE - 8) {
            throw new IOException("chunk of " + d.compressedLength() + " bytes is too large to copy");
        }
        byte[] data = ChannelInput.readAt(source, d.compressedStart(), (int) d.compressedLength(), d.compressedEnd());
        if (data.length < d.compressedLength()) {
            throw new EOFException("the source ends inside the chunk at " + d.compressedStart());
        }
        writeCompressedChunk(data, 0, data.length, d.crc32(), d.uncompressedLength(), d.endsStream());
    }

    /** Writes the chunks already compressed and flushes the underlying stream; cuts no chunk. */
    @Override
    public void flush() throws IOException {
        requireOpen();
        drain(false);
        out.flush();
    }

    /**
     * Bytes of the member written to the underlying stream so far (header included).
     *
     * @return bytes of the member written to the underlying stream so far (header included)
     */
    public long compressedSize() {
        return compressedSize;
    }

    /** Compresses what is left, writes the end of the deflate stream and the trailer, and closes. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try (out) {
            if (!streamEnded) {
                cut();
            }
            closed = true;
            drain(true);
            if (!streamEnded) {
                out.write(FINAL_EMPTY_BLOCK);
                compressedSize += FINAL_EMPTY_BLOCK.length;
            }
            GzipFormat.writeTrailer(out, crc, size);
            compressedSize += 8;
        } finally {
            closed = true;
            workers.shutDown();
        }
    }

    private void requireOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (streamEnded) {
            throw new IOException("the deflate stream was ended by a final chunk: only close() may follow");
        }
    }

    /** Hands the current chunk, if not empty, to a worker. */
    private void cut() throws IOException {
        if (chunkLength == 0) {
            return;
        }
        byte[] data = chunk;
        int length = chunkLength;
        inFlight.add(workers.submit(() -> compress(data, length)));
        chunk = new byte[chunkSize + chunkSize / 8];
        chunkLength = 0;
        drain(false);
    }

    /** Writes finished chunks in order: all of them, or those done plus enough to bound memory. */
    private void drain(boolean all) throws IOException {
        while (!inFlight.isEmpty() && (all || inFlight.size() > maxInFlight || inFlight.peek().isDone())) {
            Piece p;
            try {
                p = inFlight.remove().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a compressed chunk");
            } catch (ExecutionException e) {
                throw new IOException("compressing a chunk failed", e.getCause());
            }
            out.write(p.data, 0, p.length);
            compressedSize += p.length;
            crc = Crc32Combine.combine(crc, p.crc, p.uncompressedLength);
            size += p.uncompressedLength;
        }
    }

    /** Runs on a worker: deflates one chunk from a fresh state and ends it with a full flush. */
    private Piece compress(byte[] data, int length) {
        Deflater deflater = workers.take();
        try {
            CRC32 sum = new CRC32();
            sum.update(data, 0, length);
            deflater.setInput(data, 0, length);
            byte[] buf = new byte[length / 2 + 1024];
            int pos = 0;
            // With FULL_FLUSH, a return that fills the space means more output may be pending.
            do {
                if (pos == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                pos += deflater.deflate(buf, pos, buf.length - pos, Deflater.FULL_FLUSH);
            } while (pos == buf.length);
            workers.giveBack(deflater);
            deflater = null;
            return new Piece(buf, pos, sum.getValue(), length);
        } finally {
            if (deflater != null) {
                deflater.end();
            }
        }
    }

    /** A compressed chunk ready to be written. */
    private record Piece(byte[] data, int length, long crc, long uncompressedLength) {
    }
}
