package dev.remaster.compress.zstd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes one zstd frame (RFC 8878) with a content checksum: the input is cut into jobs of a fixed size
 * (four windows, see {@link LevelParameters#jobSize()}), each compressed with the preceding input of
 * its overlap as history, so the output is the same for any number of threads. The window is at most
 * 8 MiB. When the whole input arrives before the first job is full, the frame header also records the
 * content size.
 */
public final class ZstdFrameOutputStream extends OutputStream {
    private static final int MAGIC = 0xFD2FB528;

    private final OutputStream out;
    private final LevelParameters params;
    private final int threads;
    private final int jobSize;
    private final int overlap;
    private final XxHash64 checksum = new XxHash64();
    private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
    private final ArrayDeque<JobCompressor> compressors = new ArrayDeque<>();
    private ExecutorService executor;
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
        this.out = Objects.requireNonNull(out, "out");
        if (threads < 1) {
            throw new IllegalArgumentException("threads (" + threads + ") must be at least 1");
        }
        this.params = LevelParameters.of(level);
        this.threads = threads;
        this.jobSize = params.jobSize();
        this.overlap = params.overlap();
        this.buffer = new byte[Math.min(jobSize, 1 << 16)];
    }

    @Override
    public void write(int b) throws IOException {
        one[0] = (byte) b;
        write(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        checksum.update(b, off, len);
        while (len > 0) {
            int room = prefixLength + jobSize - length;
            if (room == 0) {
                submit(false);
                continue;
            }
            int take = Math.min(room, len);
            if (length + take > buffer.length) {
                // a large write announces a large input: grow straight to a whole job, not by doubling
                int want = take >= 1 << 16 ? prefixLength + jobSize : Math.max(length + take, buffer.length * 2);
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
        int windowLog = params.windowLog();
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
        byte[] data = buffer;
        int start = prefixLength;
        int end = length;
        int prefixStart = Math.max(0, start - overlap);
        if (threads == 1) {
            out.write(compress(data, prefixStart, start, end, last));
        } else {
            if (executor == null) {
                executor = Executors.newFixedThreadPool(threads, r -> {
                    Thread t = new Thread(r, "zstd-job");
                    t.setDaemon(true);
                    return t;
                });
            }
            while (pending.size() > threads) {
                out.write(await(pending.poll()));
            }
            pending.add(executor.submit(() -> compress(data, prefixStart, start, end, last)));
        }
        if (!last) {
            int keep = Math.min(overlap, end);
            if (threads > 1) {
                // the pending job still reads the old buffer
                buffer = new byte[keep + jobSize];
            }
            System.arraycopy(data, end - keep, buffer, 0, keep);
            prefixLength = keep;
            length = keep;
        }
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

    private static byte[] await(Future<byte[]> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw new IOException("zstd compression failed", e.getCause());
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
            while (!pending.isEmpty()) {
                out.write(await(pending.poll()));
            }
            int c = (int) checksum.digest();
            out.write(new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24)});
            out.close();
        } finally {
            if (executor != null) {
                executor.shutdownNow();
            }
        }
    }
}
