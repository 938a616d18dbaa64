package dev.remaster.compress.gzip;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;

/**
 * The worker threads and raw deflaters of a parallel gzip writer: deflaters are reused between
 * blocks (a new one costs a native allocation) and all ended when the pool shuts down.
 */
final class DeflaterPool {
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final int level;
    private final ExecutorService workers;
    private final ConcurrentLinkedQueue<Deflater> idle = new ConcurrentLinkedQueue<>();

    /** {@code threads} daemon threads named {@code remaster-<name>-<pool>-<n>}, deflating at {@code level}. */
    DeflaterPool(String name, int threads, int level) {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("level (" + level + ") must be from 1 to 9");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads (" + threads + ") must be at least 1");
        }
        this.level = level;
        int pool = POOL_NUMBER.incrementAndGet();
        AtomicInteger number = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "remaster-" + name + "-" + pool + "-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.workers = Executors.newFixedThreadPool(threads, factory);
    }

    /** Runs {@code task} on a worker. */
    <T> Future<T> submit(Callable<T> task) {
        return workers.submit(task);
    }

    /** A raw deflater (no zlib or gzip wrapper) at the pool's level, reset. */
    Deflater take() {
        Deflater d = idle.poll();
        return d != null ? d : new Deflater(level, true);
    }

    /** Gives back a deflater taken with {@link #take()}: reset for the next block. */
    void giveBack(Deflater d) {
        d.reset();
        idle.add(d);
    }

    /** Stops the workers (interrupting them) and ends every idle deflater. */
    void shutDown() throws IOException {
        workers.shutdownNow();
        try {
            workers.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while stopping the compressing threads");
        } finally {
            for (Deflater d; (d = idle.poll()) != null; ) {
                d.end();
            }
        }
    }
}
