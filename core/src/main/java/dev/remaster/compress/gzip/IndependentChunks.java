package dev.remaster.compress.gzip;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Tells which flush-point candidates of a {@link FlushPointScan} really start independent chunks:
 * a chunk is trusted only after its compressed bytes, fed alone to a fresh raw {@link Inflater}
 * (no dictionary, no earlier data), decode to exactly the length and CRC-32 that the continuous
 * decompression gave for that stretch, consume exactly its bytes, and end the stream exactly when
 * the stretch does.
 *
 * <p>That rejects the false candidates: four bytes {@code 00 00 ff ff} inside a stored block or
 * inside Huffman-coded data (decoding from there reads garbage), and sync-flush points (a real
 * block boundary, but later data refers back across it, which a fresh inflater reports as a
 * distance too far back). A trusted start is thereby also a block boundary of the continuous
 * stream, so the chunk before it ends at one.
 *
 * <p>The spans are first checked one by one, in parallel. A candidate found false merges its span
 * into the previous chunk, which is then checked again as a whole (the data after a false
 * candidate might refer back past the start of the chunk): so every chunk returned has itself
 * been decoded on its own. The first chunk starts the stream and needs no check.
 *
 * <p>Costs about one more decompression of the member, spread over the threads given.
 */
public final class IndependentChunks {
    private static final int READ_SIZE = 64 * 1024;
    /** How many joined chunks may fail to decode alone before the whole stream is taken as one. */
    static final int MAX_FAILED_JOINS = 16;
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private IndependentChunks() {
    }

    /**
     * The independent chunks of the scanned member, in order, tiling its deflate stream: the
     * stream's start and every candidate verified to start a chunk are the cuts.
     *
     * @param source the file the scan was made from (read with positional reads; not closed)
     * @param scan the flush-point scan of one gzip member of {@code source}
     * @param threads how many threads may decode at once, at least 1
     * @return the independent chunks of the scanned member, in order, tiling its deflate stream: the stream's start and every candidate verified to start a chunk are the cuts
     * @throws IOException if reading or writing fails
     */
    public static List<DeflateSpan> verify(FileChannel source, FlushPointScan scan, int threads) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads (" + threads + ") must be at least 1");
        }
        List<DeflateSpan> spans = scan.spans();
        if (spans.size() <= 1) {
            return spans;
        }
        boolean[] startsChunk = new boolean[spans.size()];
        startsChunk[0] = true;
        ExecutorService pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "remaster-verify-" + POOL_NUMBER.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            if (pool == null) {
                for (int k = 1; k < spans.size(); k++) {
                    startsChunk[k] = decodesAlone(source, spans.get(k));
                }
            } else {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int k = 1; k < spans.size(); k++) {
                    DeflateSpan s = spans.get(k);
                    results.add(pool.submit(() -> decodesAlone(source, s)));
                }
                for (int k = 1; k < spans.size(); k++) {
                    startsChunk[k] = await(results.get(k - 1));
                }
            }
        } finally {
            if (pool != null) {
                // Not shutdownNow: interrupting a thread in a FileChannel read closes the channel.
                pool.shutdown();
            }
        }
        return mergeUntilEveryChunkDecodesAlone(source, spans, startsChunk);
    }

    /**
     * Joins the spans into chunks at the trusted starts. A chunk of several spans is decoded again
     * as a whole (the data after an untrusted candidate may refer back past the chunk's start); if
     * it fails, its start is not trusted after all and it joins the chunk before, which is then
     * checked in turn. After {@value #MAX_FAILED_JOINS} such failures the whole stream is taken as
     * one chunk, so that crafted input cannot make this quadratic.
     */
    private static List<DeflateSpan> mergeUntilEveryChunkDecodesAlone(FileChannel source, List<DeflateSpan> spans,
            boolean[] startsChunk) throws IOException {
        List<DeflateSpan> chunks = new ArrayList<>();
        int failures = 0;
        int k = 0;
        while (k < spans.size()) {
            DeflateSpan chunk = spans.get(k);
            boolean several = false;
            for (k++; k < spans.size() && !startsChunk[k]; k++) {
                chunk = chunk.join(spans.get(k));
                several = true;
            }
            // The first chunk starts the stream: it needs no check, however it was joined.
            while (several && !chunks.isEmpty() && !decodesAlone(source, chunk)) {
                if (++failures > MAX_FAILED_JOINS) {
                    DeflateSpan whole = spans.get(0);
                    for (int i = 1; i < spans.size(); i++) {
                        whole = whole.join(spans.get(i));
                    }
                    return List.of(whole);
                }
                chunk = chunks.remove(chunks.size() - 1).join(chunk);
            }
            chunks.add(chunk);
        }
        return chunks;
    }

    /**
     * The decompressed bytes of {@code chunk}, an independent chunk of {@code source} (or several
     * adjacent ones {@linkplain DeflateSpan#join joined}), inflated from its own first byte.
     * Reading fails with an {@link IOException} if the bytes no longer decode to the chunk's
     * length and CRC-32. Closing the stream does not close the channel.
     *
     * @param source where the data comes from
     * @param chunk the chunk
     * @return the decompressed bytes of {@code chunk}, an independent chunk of {@code source} (or several adjacent ones {@linkplain DeflateSpan#join joined}), inflated from its own first byte
     */
    public static InputStream open(FileChannel source, DeflateSpan chunk) {
        return new ChunkInputStream(source, chunk);
    }

    /** Whether {@code span}'s bytes decode alone, from a fresh inflater, to exactly its output. */
    static boolean decodesAlone(FileChannel source, DeflateSpan span) throws IOException {
        Inflater inflater = new Inflater(true);
        try {
            CRC32 crc = new CRC32();
            ByteBuffer in = ByteBuffer.allocate((int) Math.min(READ_SIZE, Math.max(1, span.compressedLength())));
            long expected = span.uncompressedLength();
            byte[] out = new byte[(int) Math.min(4 * READ_SIZE, Math.max(8192, expected + 1))];
            long written = 0;
            long position = span.compressedStart();
            while (position < span.compressedEnd()) {
                if (inflater.finished()) {
                    return false; // the stream ends before the span does
                }
                in.clear();
                in.limit((int) Math.min(in.capacity(), span.compressedEnd() - position));
                readFully(source, in, position);
                position += in.limit();
                inflater.setInput(in.array(), 0, in.limit());
                while (!inflater.needsInput() && !inflater.finished()) {
                    int n = inflater.inflate(out);
                    if (n == 0 && (inflater.needsDictionary() || !inflater.needsInput() && !inflater.finished())) {
                        return false;
                    }
                    crc.update(out, 0, n);
                    written += n;
                    if (written > expected) {
                        return false;
                    }
                }
            }
            // Output the inflater may still hold after its input ran out.
            for (int n = inflater.inflate(out); n > 0; n = inflater.inflate(out)) {
                crc.update(out, 0, n);
                written += n;
                if (written > expected) {
                    return false;
                }
            }
            return written == expected && crc.getValue() == span.crc32() && inflater.getRemaining() == 0
                    && inflater.finished() == span.endsStream();
        } catch (DataFormatException e) {
            return false; // not a block boundary, or a reference back past the span's start
        } finally {
            inflater.end();
        }
    }

    private static void readFully(FileChannel source, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            int n = source.read(buf, position + buf.position());
            if (n < 0) {
                throw new EOFException("the source ends at " + (position + buf.position())
                        + ", inside a scanned gzip member");
            }
        }
        buf.flip();
    }

    private static boolean await(Future<Boolean> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while verifying gzip chunks");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("verifying a gzip chunk failed", e.getCause());
        }
    }
}
