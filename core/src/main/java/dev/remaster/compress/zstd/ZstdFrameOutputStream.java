package dev.remaster.compress.zstd;

import dev.remaster.internal.ChunkSpan;
import dev.remaster.internal.ChunkedOutput;
import dev.remaster.internal.EntryBoundaryAware;
import dev.remaster.internal.OrderedJobs;

import java.io.ByteArrayOutputStream;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Writes one zstd frame (RFC 8878) with a content checksum: the input is cut into jobs of a fixed size
 * (four windows, see {@link LevelParameters#jobSize()}), each compressed with the preceding input of
 * its overlap as history, so the output is the same for any number of threads. The window is at most
 * 8 MiB. When the whole input arrives before the first job is full, the frame header also records the
 * content size.
 *
 * <p><b>Chunked frames.</b> Made with a chunk size, the stream is still one ordinary frame, but its
 * jobs are <em>chunks</em> cut at the entry boundaries a cpio writer reports ({@link EntryBoundaryAware}):
 * the first boundary at or after the chunk size ends a chunk (a chunk that reaches
 * {@value #MAX_CHUNK_FACTOR} times the chunk size is cut where it stands). A chunk is compressed with
 * no history: no match reaches before its first byte, no repeat offset set before it is used (the
 * encoder uses a repeat code only once its own sequences have set that offset, so the frame-start
 * defaults 1, 4, 8 are never used either), and its first compressed block describes its own Huffman
 * and FSE tables. So each chunk's blocks decode the same whatever came before them, and a later edit
 * can copy them into another frame ({@link #writeCompressedChunk}). No block of a chunk is flagged
 * last: the frame ends with an empty raw block flagged last, then the checksum.
 */
public final class ZstdFrameOutputStream extends OutputStream implements EntryBoundaryAware, ChunkedOutput {
    private static final int MAGIC = 0xFD2FB528;
    /** The least chunk size {@link #chunkSizeFor} gives, 1 MiB. */
    static final int MIN_CHUNK_SIZE = 1 << 20;
    /** The largest chunk size {@link #chunkSizeFor} gives, 8 MiB. */
    static final int MAX_CHUNK_SIZE = 8 << 20;
    /** A chunk is cut inside an entry once it holds this many times the chunk size. */
    static final int MAX_CHUNK_FACTOR = 16;
    /** An empty raw block flagged last: how a chunked frame's blocks end. */
    static final byte[] LAST_EMPTY_BLOCK = {0x01, 0x00, 0x00};

    private final OutputStream out;
    private final LevelParameters params;
    private final int threads;
    private final int jobSize;
    private final int overlap;
    /** The chunk size, or 0 for fixed-size jobs with history. */
    private final int chunkSize;
    private final int windowLog;
    private final XxHash64 checksum = new XxHash64();
    /**
     * Content not hashed yet, in frame order, while a chunk copied on the pool has not given its
     * content: the checksum takes the content in order, whichever thread decoded it.
     */
    private final ArrayDeque<CompletableFuture<Slice>> unhashed = new ArrayDeque<>();
    /** Jobs being compressed, in frame order. */
    private final OrderedJobs jobs;
    private final ArrayDeque<JobCompressor> compressors = new ArrayDeque<>();
    /** Holds the overlap kept from earlier input followed by the current job's input. */
    private byte[] buffer;
    private int prefixLength;
    private int length;
    private boolean headerWritten;
    private boolean closed;
    private final byte[] one = new byte[1];

    /**
     * A stream writing a frame to {@code out}.
     *
     * @param out where the frame goes
     * @param level compression level, 1 to 19
     * @param threads number of compressing threads, at least 1
     */
    public ZstdFrameOutputStream(OutputStream out, int level, int threads) {
        this(out, level, threads, 0, 0);
    }

    /**
     * A stream writing a chunked frame to {@code out} (see the class comment).
     *
     * @param out where the frame goes
     * @param level compression level, 1 to 19
     * @param threads number of compressing threads, at least 1
     * @param chunkSize the size after which the next entry boundary ends a chunk, 4 KiB to 64 MiB, or 0
     *     for an unchunked frame
     * @param minWindowLog the least window (log2) the frame header declares, 0 for the level's: chunks
     *     copied in from a frame with a larger window may need it, up to 23
     */
    public ZstdFrameOutputStream(OutputStream out, int level, int threads, int chunkSize, int minWindowLog) {
        this.out = Objects.requireNonNull(out, "out");
        if (threads < 1) {
            throw new IllegalArgumentException("threads (" + threads + ") must be at least 1");
        }
        if (chunkSize != 0 && (chunkSize < 4096 || chunkSize > 64 << 20)) {
            throw new IllegalArgumentException("chunkSize (" + chunkSize + ") must be from 4 KiB to 64 MiB, or 0");
        }
        if (minWindowLog > LevelParameters.MAX_WINDOW_LOG) {
            throw new IllegalArgumentException("minWindowLog (" + minWindowLog + ") may be at most "
                    + LevelParameters.MAX_WINDOW_LOG);
        }
        this.params = LevelParameters.of(level);
        this.threads = threads;
        this.jobs = new OrderedJobs(threads, "zstd-job", "zstd compression");
        this.chunkSize = chunkSize;
        this.jobSize = chunkSize == 0 ? params.jobSize() : chunkSize * MAX_CHUNK_FACTOR;
        this.overlap = chunkSize == 0 ? params.overlap() : 0;
        this.windowLog = Math.max(params.windowLog(), minWindowLog);
        this.buffer = new byte[Math.min(jobSize, 1 << 16)];
    }

    /**
     * The chunk size Remaster writes zstd archives with at {@code level}: two windows, from 1 MiB
     * (levels 1 and 2) to 8 MiB (levels 9 and above). A chunk starts with no history, so a chunk of
     * a few windows loses little; measured on a Debian initramfs (132 MB of cpio) at level 9, 1 MiB
     * chunks cost 3.2% against one unchunked frame, 4 MiB 1.0%, 8 MiB 0.4%.
     *
     * @param level compression level, 1 to 19
     * @return the chunk size
     */
    public static int chunkSizeFor(int level) {
        int twoWindows = 2 << LevelParameters.of(level).windowLog();
        return Math.max(MIN_CHUNK_SIZE, Math.min(MAX_CHUNK_SIZE, twoWindows));
    }

    /** Ends the current chunk here if it has reached the chunk size (chunked frames only). */
    @Override
    public void entryBoundary() throws IOException {
        requireOpen();
        if (chunkSize > 0 && length - prefixLength >= chunkSize) {
            submit(false);
        }
    }

    /**
     * Puts the blocks of a chunk compressed elsewhere into the frame, after what was written so far
     * (which is first ended as a chunk of its own). The blocks must decode the same whatever precedes
     * them (no match, repeat offset or table from before their first byte) and need a window no larger
     * than this frame's; a last-block flag on them is cleared. The chunk's content is given too, for
     * the frame's checksum.
     *
     * @param blocks holds the compressed blocks, block headers included
     * @param off where they start in {@code blocks}
     * @param len their length
     * @param content holds what they decode to
     * @param contentOff where that starts in {@code content}
     * @param contentLen its length
     * @throws IOException if the blocks are not whole blocks, or writing fails
     */
    public void writeCompressedChunk(byte[] blocks, int off, int len, byte[] content, int contentOff, int contentLen)
            throws IOException {
        Objects.checkFromIndexSize(off, len, blocks.length);
        Objects.checkFromIndexSize(contentOff, contentLen, content.length);
        requireOpen();
        if (chunkSize == 0) {
            throw new IllegalStateException("only a chunked frame takes compressed chunks");
        }
        byte[] copy = Arrays.copyOfRange(blocks, off, off + len);
        clearLastFlag(copy, 0, len);
        if (length > prefixLength || !headerWritten) {
            submit(false);
        }
        hash(content, contentOff, contentLen);
        jobs.add(copy, out);
    }

    /**
     * Copies a {@link ZstdSpan}'s blocks from {@code source}, decoding them alone for the checksum
     * and to check them ({@link ZstdSpan#decodeChecked}). With more than one thread the reading and
     * decoding run on the pool, beside the compression of the chunks before it.
     */
    @Override
    public void copyChunk(FileChannel source, ChunkSpan chunk) throws IOException {
        if (!(chunk instanceof ZstdSpan z)) {
            throw new IllegalArgumentException(chunk + " is not a zstd chunk");
        }
        if (z.windowLog() > windowLog) {
            throw new IllegalArgumentException("the chunk needs a window of 2^" + z.windowLog()
                    + " bytes; this frame declares 2^" + windowLog);
        }
        if (threads == 1) {
            byte[] blocks = z.readBlocks(source);
            byte[] content = z.decodeChecked(blocks);
            writeCompressedChunk(blocks, 0, blocks.length, content, 0, content.length);
            return;
        }
        // On the pool: the chunk is read and decoded (for the checksum and the check) while the
        // chunks before it are still being compressed or decoded; its content is hashed in turn.
        requireOpen();
        if (chunkSize == 0) {
            throw new IllegalStateException("only a chunked frame takes compressed chunks");
        }
        if (length > prefixLength || !headerWritten) {
            submit(false);
        }
        CompletableFuture<Slice> content = new CompletableFuture<>();
        jobs.submit(() -> {
            try {
                byte[] blocks = z.readBlocks(source);
                byte[] decoded = z.decodeChecked(blocks);
                clearLastFlag(blocks, 0, blocks.length);
                content.complete(new Slice(decoded, 0, decoded.length));
                return blocks;
            } catch (IOException | RuntimeException e) {
                // Reported as it is by the hashing, which needs this content before the frame can
                // end: the job itself writes nothing.
                content.completeExceptionally(e);
                return new byte[0];
            } catch (Error e) {
                content.completeExceptionally(e);
                throw e;
            }
        }, out);
        unhashed.add(content);
        hashReady(false);
    }

    /** Content to hash: {@code data[off, off + len)}. */
    private record Slice(byte[] data, int off, int len) {
    }

    /** Hashes content now, or after the content before it that a pool thread is still decoding. */
    private void hash(byte[] b, int off, int len) throws IOException {
        if (unhashed.isEmpty()) {
            checksum.update(b, off, len);
        } else {
            unhashed.add(CompletableFuture.completedFuture(new Slice(b, off, len)));
            hashReady(false);
        }
    }

    /** Hashes the waiting content in order as far as it is there; all of it when {@code all}. */
    private void hashReady(boolean all) throws IOException {
        while (!unhashed.isEmpty() && (all || unhashed.peek().isDone())) {
            Slice s;
            try {
                s = unhashed.peek().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while copying a zstd chunk");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    // A new exception each time: the failed content stays first in line, so close()
                    // reports it again, and a try-with-resources cannot suppress an exception into itself.
                    throw new IOException(io.getMessage(), io);
                }
                throw new IOException("copying a zstd chunk failed: " + e.getCause(), e.getCause());
            }
            unhashed.poll();
            checksum.update(s.data(), s.off(), s.len());
        }
    }

    /**
     * Walks the blocks {@code b[off, off + len)} by their headers and clears the last-block flag of
     * the final one.
     *
     * @throws IOException if they are not whole blocks
     */
    static void clearLastFlag(byte[] b, int off, int len) throws IOException {
        int p = 0;
        int lastHeader = -1;
        while (p < len) {
            if (p + 3 > len) {
                throw new IOException("a block header is cut at byte " + p + " of a " + len + "-byte chunk");
            }
            int h = (b[off + p] & 0xFF) | (b[off + p + 1] & 0xFF) << 8 | (b[off + p + 2] & 0xFF) << 16;
            int type = (h >>> 1) & 3;
            if (type == 3) {
                throw new IOException("reserved block type at byte " + p + " of a chunk");
            }
            lastHeader = p;
            p += 3 + (type == 1 ? 1 : h >>> 3);
        }
        if (p != len) {
            throw new IOException("the chunk's last block runs " + (p - len) + " bytes past its end");
        }
        if (lastHeader >= 0) {
            b[off + lastHeader] &= (byte) ~1;
        }
    }

    private void requireOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }

    @Override
    public void write(int b) throws IOException {
        one[0] = (byte) b;
        write(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        requireOpen();
        if (chunkSize == 0) {
            checksum.update(b, off, len);
        }
        while (len > 0) {
            int room = prefixLength + jobSize - length;
            if (room == 0) {
                submit(false);
                continue;
            }
            int take = Math.min(room, len);
            if (length + take > buffer.length) {
                // a large write announces a large input: grow straight to a whole job, not by doubling
                int want = take >= 1 << 16 && chunkSize == 0 ? prefixLength + jobSize
                        : Math.max(length + take, buffer.length * 2);
                buffer = Arrays.copyOf(buffer, Math.min(prefixLength + jobSize, want));
            }
            System.arraycopy(b, off, buffer, length, take);
            length += take;
            off += take;
            len -= take;
        }
    }

    private void writeHeader(long contentSize) throws IOException {
        byte[] h = new byte[14];
        int p = 0;
        h[p++] = (byte) MAGIC;
        h[p++] = (byte) (MAGIC >>> 8);
        h[p++] = (byte) (MAGIC >>> 16);
        h[p++] = (byte) (MAGIC >>> 24);
        if (contentSize >= 0 && contentSize <= (1L << windowLog)) {
            // single segment: the window is the content; no window descriptor
            if (contentSize < 256) {
                h[p++] = 0x24;
                h[p++] = (byte) contentSize;
            } else if (contentSize < 65536 + 256) {
                h[p++] = 0x64;
                h[p++] = (byte) (contentSize - 256);
                h[p++] = (byte) ((contentSize - 256) >>> 8);
            } else {
                h[p++] = (byte) 0xA4;
                for (int i = 0; i < 4; i++) {
                    h[p++] = (byte) (contentSize >>> (8 * i));
                }
            }
        } else if (contentSize < 0) {
            h[p++] = 0x04;
            h[p++] = (byte) ((windowLog - 10) << 3);
        } else {
            boolean small = contentSize <= 0xFFFFFFFFL;
            h[p++] = (byte) (small ? 0x84 : 0xC4);
            h[p++] = (byte) ((windowLog - 10) << 3);
            for (int i = 0; i < (small ? 4 : 8); i++) {
                h[p++] = (byte) (contentSize >>> (8 * i));
            }
        }
        out.write(h, 0, p);
        headerWritten = true;
    }

    private JobCompressor compressor() {
        synchronized (compressors) {
            JobCompressor c = compressors.poll();
            return c != null ? c : new JobCompressor(params);
        }
    }

    private void release(JobCompressor c) {
        synchronized (compressors) {
            compressors.push(c);
        }
    }

    /** Compresses the buffered job and keeps its tail as the next job's history. */
    private void submit(boolean last) throws IOException {
        if (!headerWritten) {
            writeHeader(last ? length : -1);
        }
        if (chunkSize > 0 && length == prefixLength) {
            return; // no empty chunk
        }
        byte[] data = buffer;
        int start = prefixLength;
        int end = length;
        if (chunkSize > 0) {
            // hashed in frame order, after any copied chunk still being decoded (the buffer is
            // not reused while it waits: with several threads each chunk gets a new one)
            hash(data, start, end - start);
        }
        boolean lastBlock = last && chunkSize == 0;
        if (chunkSize == 0) {
            job(data, Math.max(0, start - overlap), start, end, lastBlock);
        } else {
            // A chunk is compressed as jobs of one window (at least 1 MiB), each referencing the
            // window before it inside the chunk only: on several threads a chunk takes the time of
            // its jobs, and the cuts depend on the input alone.
            int span = Math.max(MIN_CHUNK_SIZE, 1 << params.windowLog());
            for (int from = start; from < end; from += span) {
                job(data, Math.max(start, from - span), from, Math.min(end, from + span), false);
            }
        }
        if (!last) {
            int keep = Math.min(overlap, end);
            if (threads > 1) {
                // the pending job still reads the old buffer
                buffer = new byte[chunkSize > 0 ? Math.min(jobSize, chunkSize + chunkSize / 8) : keep + jobSize];
            }
            System.arraycopy(data, end - keep, buffer, 0, keep);
            prefixLength = keep;
            length = keep;
        }
    }

    /** Compresses one job now (one thread) or on the pool, its output queued in order. */
    private void job(byte[] data, int prefixStart, int start, int end, boolean lastBlock) throws IOException {
        jobs.submit(() -> compress(data, prefixStart, start, end, lastBlock), out);
    }

    private byte[] compress(byte[] data, int prefixStart, int start, int end, boolean last) {
        JobCompressor c = compressor();
        try {
            ByteArrayOutputStream blocks = new ByteArrayOutputStream((end - start) / 3 + 64);
            c.compress(data, prefixStart, start, end, last, blocks);
            return blocks.toByteArray();
        } finally {
            release(c);
        }
    }


    /** Compresses what is buffered so far and the frame's end: its last block and content checksum. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            submit(true);
            jobs.drain(out);
            hashReady(true);
            if (chunkSize > 0) {
                out.write(LAST_EMPTY_BLOCK);
            }
            int c = (int) checksum.digest();
            out.write(new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24)});
            out.close();
        } finally {
            jobs.close();
        }
    }
}
