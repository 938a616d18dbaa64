package dev.remaster.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Blocks compressed on several threads and written in the order they were handed in: the one
 * job queue of the encoders that split their input into independent jobs (zstd jobs, lzop
 * blocks). At most {@code threads} jobs wait at a time, so memory stays bounded; with one thread
 * every job runs at once on the caller's thread. The output is the same for any thread count.
 * Not thread-safe: one writer hands jobs in.
 */
public final class OrderedJobs implements AutoCloseable {
    /** A job: the bytes it gives are written in turn. */
    @FunctionalInterface
    public interface Job {
        /**
         * Does the work.
         *
         * @return the bytes to write
         * @throws IOException if the work fails
         */
        byte[] run() throws IOException;
    }

    private final int threads;
    private final String threadName;
    private final String what;
    private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
    private ExecutorService executor;

    /**
     * A queue that starts its threads when the first job comes.
     *
     * @param threads how many jobs run at once, at least 1
     * @param threadName the name of the worker threads
     * @param what what the jobs do, for the message of a failure ("zstd compression")
     */
    public OrderedJobs(int threads, String threadName, String what) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads (" + threads + ") must be at least 1");
        }
        this.threads = threads;
        this.threadName = threadName;
        this.what = what;
    }

    /**
     * Runs {@code job}, at once with one thread, else on a worker, first writing to {@code out}
     * the results of earlier jobs while more than {@code threads} wait.
     *
     * @param job the work
     * @param out where results go, in the order jobs came
     * @throws IOException if writing fails, or an earlier job failed
     */
    public void submit(Job job, OutputStream out) throws IOException {
        if (threads == 1) {
            out.write(job.run());
            return;
        }
        if (executor == null) {
            executor = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
        }
        trim(out);
        pending.add(executor.submit(job::run));
    }

    /**
     * Queues bytes that need no work, in turn after the jobs before them.
     *
     * @param done the bytes
     * @param out where results go
     * @throws IOException if writing fails, or an earlier job failed
     */
    public void add(byte[] done, OutputStream out) throws IOException {
        if (pending.isEmpty()) {
            out.write(done);
            return;
        }
        pending.add(CompletableFuture.completedFuture(done));
        trim(out);
    }

    /**
     * Waits for every job and writes its result.
     *
     * @param out where results go
     * @throws IOException if writing fails, or a job failed
     */
    public void drain(OutputStream out) throws IOException {
        while (!pending.isEmpty()) {
            out.write(await(pending.poll()));
        }
    }

    /** Stops the workers; jobs not drained are abandoned. */
    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void trim(OutputStream out) throws IOException {
        while (pending.size() > threads) {
            out.write(await(pending.poll()));
        }
    }

    private byte[] await(Future<byte[]> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw new IOException(what + " failed", e.getCause());
        }
    }
}
