package dev.remaster.compress.gzip;

import dev.remaster.compress.CompressedDataException;
import dev.remaster.compress.Compression;
import dev.remaster.compress.MemberInputStream;
import dev.remaster.compress.PipelinedInputStream;
import dev.remaster.compress.gzip.SpanInflater.Piece;
import dev.remaster.internal.ChunkRecording;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One gzip member of a file, inflated on several threads: its deflate data is cut at flush-point
 * candidates found ahead of the decoder ({@link FlushMarkers}), and stretches of it ("tasks") are
 * inflated speculatively by workers, each from a fresh inflater with an empty window, into
 * buffers that are handed out in order.
 *
 * <p><b>Correctness never rests on the speculation.</b> A task's output is used only if the task
 * before it (itself known good) ended exactly at a byte-aligned block boundary
 * ({@link SpanInflater#endsAtBlockBoundary}): from there a fresh inflater decodes what the
 * continuous one would, or fails on a reference back before its start. When a task fails (a sync
 * flush rather than a full one; corrupt data; more output than a worker may hold) it is inflated
 * again here, in order, with the 32 KiB before it as its window, which reports corrupt data at its
 * offset exactly as {@link GzipDecoder} does. When a candidate proves false (not a block
 * boundary), the rest of the member is inflated here in one go from the last good boundary.
 *
 * <p>The CRC-32 of the member is combined from the pieces' CRCs, and checked with ISIZE against
 * the trailer. The pieces are the spans of the member's {@link FlushPointScan}, handed to the
 * given consumer as the sequential decoder would.
 *
 * <p>Memory: at most {@link #maxInFlight} tasks are queued or held, each of at most
 * {@value #MAX_TASK_OUTPUT} bytes of output.
 */
final class ParallelGzipDecoder extends MemberInputStream implements ChunkRecording<FlushPointScan> {
    /** The least compressed length of a task: smaller stretches are joined. */
    static final int TASK_MIN = 128 * 1024;
    /** A worker gives up on a task that inflates to more than this; it is inflated here instead. */
    static final int MAX_TASK_OUTPUT = 8 << 20;
    /** How much of the first chunk {@link #startsAlone} inflates. */
    static final int PROBE_OUTPUT = 64 * 1024;
    /** The size of the pieces a task's output is held in. */
    static final int SEGMENT = 256 * 1024;
    /** At most this many tasks are queued, running or held, whatever the number of threads. */
    static final int MAX_IN_FLIGHT = 12;
    /** How many tasks may fail before speculation is given up for the rest of the member. */
    static final int MAX_FAILED_TASKS = 3;
    private static final int WINDOW = 32 * 1024;
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final FileChannel channel;
    private final String source;
    private final long memberStart;
    private final long deflateStart;
    private final long end;
    /** Gets the scan once the trailer is checked, or null. */
    private Consumer<? super FlushPointScan> whenScanned;
    private final FlushMarkers markers;
    private final ExecutorService pool;
    private final int maxInFlight;
    private final long taskMin;
    private final ArrayDeque<Task> inFlight = new ArrayDeque<>();
    /** Output segments given back, for the workers to use again. */
    private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> freeSegments =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Where the next task to submit starts; -1 once the last one has been submitted. */
    private long nextTaskStart;

    private final Window window = new Window();
    /** The window as it was before {@link #current}: a task inflated again, or the rest, starts with it. */
    private final byte[] windowBefore = new byte[WINDOW];
    private int windowBeforeLength;
    /** Read buffers given back by the workers. */
    private final java.util.concurrent.ConcurrentLinkedQueue<ByteBuffer> freeInputs =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final List<DeflateSpan> spans = new ArrayList<>();
    private long crc;
    private long size;
    private int failedTasks;

    /** The task being handed out, or last handed out. */
    private Task current;
    /** The segment being handed out, and those of the same task after it, with how many bytes they hold. */
    private byte[] buffer;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private long pendingLength;
    private int bufferPosition;
    private int bufferLength;
    /** Inflating here rather than from a worker's buffer, or null. */
    private SpanInflater here;
    /** Pieces of {@link #here} already accounted for (inflated again, for a false candidate). */
    private int piecesToDrop;
    private long outputToDrop;
    /** {@link #here} runs to the end of the member. */
    private boolean sequential;
    /** When sequential: {@link #here} read ahead on a thread of its own; else null. */
    private PipelinedInputStream rest;
    private long compressedSize = -1;
    private volatile boolean closed;
    /** The end of the task handed out last. */
    private volatile long progress;

    private ParallelGzipDecoder(FileChannel channel, String source, long memberStart, long deflateStart, long end,
            FlushMarkers markers, int threads, long taskMin) {
        this.channel = channel;
        this.source = source;
        this.memberStart = memberStart;
        this.deflateStart = deflateStart;
        this.end = end;
        this.markers = markers;
        // Deep enough that the workers keep busy while the reader is off the CPU (on a loaded
        // machine a task is a few milliseconds of work, a time slice about as long).
        this.maxInFlight = Math.min(3 * threads, MAX_IN_FLIGHT);
        this.nextTaskStart = deflateStart;
        this.taskMin = taskMin;
        // Idle threads end, so that a stream its reader never closes leaves no thread behind.
        ThreadPoolExecutor workers = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "remaster-inflate-" + POOL_NUMBER.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        workers.allowCoreThreadTimeOut(true);
        this.pool = workers;
    }

    /**
     * A parallel decoder for the member whose deflate data starts at {@code deflateStart}, or null
     * if there is no flush-point candidate in the first {@code probe} bytes of it (a member
     * written by plain gzip: the sequential decoder serves it as well).
     */
    static ParallelGzipDecoder of(FileChannel channel, String source, long memberStart, long deflateStart, long end,
            int threads, long probe) throws IOException {
        return of(channel, source, memberStart, deflateStart, end, threads, probe, TASK_MIN, true);
    }

    /**
     * As above, with tasks of at least {@code taskMin} compressed bytes (tests make them small),
     * and, unless {@code checkFirstChunk}, without checking that the first chunk decodes alone
     * (tests use the fallbacks on members that fail that check).
     */
    static ParallelGzipDecoder of(FileChannel channel, String source, long memberStart, long deflateStart, long end,
            int threads, long probe, long taskMin, boolean checkFirstChunk) throws IOException {
        if (end - deflateStart < 2L * taskMin) {
            return null;
        }
        FlushMarkers markers = new FlushMarkers(channel, deflateStart, end);
        long first = markers.next(deflateStart, deflateStart + probe);
        if (first < 0 || checkFirstChunk && !startsAlone(channel, source, first, end)) {
            return null;
        }
        return new ParallelGzipDecoder(channel, source, memberStart, deflateStart, end, markers, threads, taskMin);
    }

    @Override
    public void recordChunks(Consumer<? super FlushPointScan> whenDone) {
        java.util.Objects.requireNonNull(whenDone, "whenDone");
        if (whenScanned != null || current != null) {
            throw new IllegalStateException("flush points are recorded from the start of the deflate data, once");
        }
        whenScanned = whenDone;
    }

    /**
     * Whether the data after the first candidate decodes alone, for its first {@value #PROBE_OUTPUT}
     * bytes: not after a sync flush (plain {@code pigz}, whose blocks refer back) nor a false
     * candidate, which would make every task fail and be inflated again; those members go to the
     * sequential decoder, at no cost to them. Only a choice of path: nothing trusts it.
     */
    private static boolean startsAlone(FileChannel channel, String source, long candidate, long end) {
        try (SpanInflater s = new SpanInflater(channel, source, candidate, end, at -> -1, null, 0, null)) {
            byte[] out = new byte[PROBE_OUTPUT];
            int n = 0;
            while (n < out.length) {
                int r = s.pull(out, n, out.length - n);
                if (r < 0) {
                    return s.finished();
                }
                n += r;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    // ---- tasks ----------------------------------------------------------------------------

    /** A stretch from one candidate to a later one (or the end), with the candidates inside. */
    private final class Task {
        final long start;
        final long limit;
        final long[] cuts;
        volatile boolean cancelled;
        Future<Result> result;
        long outputStart;
        int piecesBefore;

        Task(long start, long limit, long[] cuts) {
            this.start = start;
            this.limit = limit;
            this.cuts = cuts;
        }

        long nextCut(long at) {
            int i = Arrays.binarySearch(cuts, at);
            i = i >= 0 ? i + 1 : -i - 1;
            return i < cuts.length ? cuts[i] : -1;
        }

        Result inflateAlone() {
            if (cancelled || closed) {
                return null;
            }
            ByteBuffer input = freeInputs.poll();
            if (input == null) {
                input = ByteBuffer.allocate(SpanInflater.READ_SIZE);
            }
            try (SpanInflater s = new SpanInflater(channel, source, start, limit, this::nextCut, null, 0, input)) {
                // Output in segments from a shared pool: no copying to grow, and no more memory
                // touched than the output in flight.
                List<byte[]> segments = new ArrayList<>();
                byte[] out = null;
                int n = SEGMENT;
                long total = 0;
                while (true) {
                    if (n == SEGMENT) {
                        if (total >= MAX_TASK_OUTPUT) {
                            freeSegments.addAll(segments);
                            return null;
                        }
                        out = freeSegments.poll();
                        if (out == null) {
                            out = new byte[SEGMENT];
                        }
                        segments.add(out);
                        n = 0;
                    }
                    int r = s.pull(out, n, SEGMENT - n);
                    if (r < 0) {
                        break;
                    }
                    n += r;
                    total += r;
                    if (cancelled || closed) {
                        freeSegments.addAll(segments);
                        return null;
                    }
                }
                boolean boundary = !s.finished() && limit < end && s.endsAtBlockBoundary();
                return new Result(segments, total, List.copyOf(s.pieces()), s.finishedAt(), boundary);
            } catch (IOException | RuntimeException e) {
                return null; // inflated again in order, which reports it where it belongs
            } finally {
                freeInputs.add(input);
            }
        }
    }

    /** What a worker made of a task: its output and pieces, where the stream ended, and the boundary test. */
    private record Result(List<byte[]> segments, long length, List<Piece> pieces, long finishedAt,
            boolean endsAtBoundary) {
    }

    private void submitTasks() throws IOException {
        while (inFlight.size() < maxInFlight && nextTaskStart >= 0 && !sequential) {
            long start = nextTaskStart;
            List<Long> cuts = new ArrayList<>();
            long c = markers.next(start);
            while (c >= 0 && c < start + taskMin) {
                cuts.add(c);
                c = markers.next(c);
            }
            long limit = c >= 0 ? c : end;
            Task t = new Task(start, limit, cuts.stream().mapToLong(Long::longValue).toArray());
            t.result = pool.submit(t::inflateAlone);
            inFlight.add(t);
            nextTaskStart = c;
        }
    }

    // ---- reading --------------------------------------------------------------------------

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (compressedSize < 0) {
            if (bufferPosition < bufferLength) {
                int n = Math.min(len, bufferLength - bufferPosition);
                System.arraycopy(buffer, bufferPosition, b, off, n);
                bufferPosition += n;
                return n;
            }
            if (buffer != null) {
                freeSegments.add(buffer);
                buffer = null;
                bufferLength = 0;
            }
            if (!pending.isEmpty()) {
                buffer = pending.poll();
                bufferPosition = 0;
                bufferLength = (int) Math.min(SEGMENT, pendingLength);
                pendingLength -= bufferLength;
                continue;
            }
            if (here != null) {
                int n = rest != null ? rest.read(b, off, len) : pullHere(b, off, len);
                if (n > 0) {
                    if (rest == null) {
                        window.add(b, off, n);
                    }
                    return n;
                }
                endHere();
            } else {
                next();
            }
        }
        return -1;
    }

    private int pullHere(byte[] b, int off, int len) throws IOException {
        while (outputToDrop > 0) {
            int n = here.pull(b, off, (int) Math.min(len, outputToDrop));
            if (n < 0) {
                throw new IllegalStateException("inflating again ended early");
            }
            outputToDrop -= n;
        }
        return here.pull(b, off, len);
    }

    /** Hands out the next task: a worker's buffer if it may be trusted, else inflated here. */
    private void next() throws IOException {
        if (current != null && endOrGoOn(currentFinishedAt)) {
            return;
        }
        submitTasks();
        Task t = inFlight.poll();
        if (t == null) {
            throw new CompressedDataException(source, end, Compression.GZIP,
                    "truncated: the input ends inside the deflate data");
        }
        progress = t.limit;
        windowBeforeLength = window.copyTo(windowBefore);
        t.outputStart = size;
        t.piecesBefore = spans.size();
        current = t;
        Result r = await(t);
        submitTasks();
        if (r != null) {
            long left = r.length();
            for (byte[] segment : r.segments()) {
                int n = (int) Math.min(SEGMENT, left);
                window.add(segment, 0, n);
                left -= n;
            }
            pending.addAll(r.segments());
            pendingLength = r.length();
            account(r.pieces(), 0);
            currentFinishedAt = r.finishedAt();
            currentBoundary = r.endsAtBoundary();
            return;
        }
        if (++failedTasks > MAX_FAILED_TASKS) {
            goSequential(t, 0);
        } else {
            here = new SpanInflater(channel, source, t.start, t.limit, t::nextCut, windowBefore, windowBeforeLength,
                    null);
            piecesToDrop = 0;
        }
    }

    private long currentFinishedAt = -1;
    private boolean currentBoundary;

    /**
     * After the task just handed out: ends the member if the stream ended, or goes on sequentially
     * after a false candidate; true if either. False if the next task may be handed out.
     */
    private boolean endOrGoOn(long finishedAt) throws IOException {
        if (finishedAt >= 0) {
            readTrailer(finishedAt);
            return true;
        }
        if (current.limit >= end) {
            throw new CompressedDataException(source, end, Compression.GZIP,
                    "truncated: the input ends inside the deflate data");
        }
        if (!currentBoundary) {
            // A false candidate: inflate the current task again with the rest of the member.
            goSequential(current, size - current.outputStart);
            return true;
        }
        return false;
    }

    /** Inflates from {@code t}'s start to the end of the member here, dropping the output already handed out. */
    private void goSequential(Task t, long alreadyOut) {
        sequential = true;
        cancelAll();
        here = new SpanInflater(channel, source, t.start, end, this::markerAfter, windowBefore, windowBeforeLength,
                null);
        piecesToDrop = spans.size() - t.piecesBefore;
        outputToDrop = alreadyOut;
        current = t;
        currentFinishedAt = -1;
        // As the sequential decoder, on a thread of its own: what reads this stream overlaps it.
        rest = new PipelinedInputStream(new Rest());
    }

    /** The rest of the member, inflated in one go by {@link #here}, for {@link #rest}. */
    private final class Rest extends MemberInputStream {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return len == 0 ? 0 : pullHere(b, off, len);
        }

        @Override
        public long compressedSize() {
            throw new UnsupportedOperationException("the member's size is the enclosing decoder's");
        }

        @Override
        public Compression compression() {
            return Compression.GZIP;
        }
    }

    private long markerAfter(long at) {
        try {
            return markers.next(at);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@link #here} has reached its limit or the end of the stream. */
    private void endHere() throws IOException {
        SpanInflater s = here;
        here = null;
        if (rest != null) {
            rest.close(); // its thread has ended: it saw the end
            rest = null;
        }
        try {
            account(s.pieces(), piecesToDrop);
            piecesToDrop = 0;
            currentFinishedAt = s.finishedAt();
            if (currentFinishedAt < 0 && (sequential || current.limit >= end)) {
                throw new CompressedDataException(source, end, Compression.GZIP,
                        "truncated: the input ends inside the deflate data");
            }
            currentBoundary = currentFinishedAt < 0 && s.endsAtBlockBoundary();
        } finally {
            s.close();
        }
        if (currentFinishedAt >= 0) {
            readTrailer(currentFinishedAt);
        }
    }

    private void account(List<Piece> pieces, int drop) {
        long base = size;
        long first = -1;
        for (int i = drop; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            if (first < 0) {
                first = p.outputStart();
            }
            long start = base + p.outputStart() - first;
            spans.add(new DeflateSpan(p.compressedStart(), p.compressedEnd(), start, start + p.length(), p.crc32(),
                    p.endsStream()));
            crc = Crc32Combine.combine(crc, p.crc32(), p.length());
            size += p.length();
        }
    }

    private void readTrailer(long at) throws IOException {
        cancelAll();
        ByteBuffer t = ByteBuffer.allocate(8);
        t.limit((int) Math.max(0, Math.min(8, end - at)));
        while (t.hasRemaining() && channel.read(t, at + t.position()) >= 0) {
            // positional reads until the trailer is read or the file ends
        }
        if (t.position() < 8) {
            throw new CompressedDataException(source, at + t.position(), Compression.GZIP,
                    "truncated: the input ends inside the trailer");
        }
        long storedCrc = Integer.toUnsignedLong(Integer.reverseBytes(t.getInt(0)));
        long storedSize = Integer.toUnsignedLong(Integer.reverseBytes(t.getInt(4)));
        if (storedCrc != crc) {
            throw new CompressedDataException(source, at, Compression.GZIP, String.format(
                    "CRC32 of the data is 0x%08X, the trailer says 0x%08X", crc, storedCrc));
        }
        if (storedSize != (size & 0xFFFFFFFFL)) {
            throw new CompressedDataException(source, at + 4, Compression.GZIP, "size of the data modulo 2^32 is "
                    + (size & 0xFFFFFFFFL) + ", the trailer says " + storedSize);
        }
        compressedSize = at + 8 - memberStart;
        if (whenScanned != null) {
            whenScanned.accept(new FlushPointScan(memberStart, deflateStart,
                    spans.get(spans.size() - 1).compressedEnd(), spans));
        }
    }

    private Result await(Task t) throws IOException {
        try {
            return t.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for inflated data");
        } catch (ExecutionException | CancellationException e) {
            return null;
        }
    }

    private void cancelAll() {
        for (Task t : inFlight) {
            t.cancelled = true;
        }
        inFlight.clear();
        nextTaskStart = -1;
    }

    /** How far into the file the decoder has got, for progress reports; safe from any thread. */
    long position() {
        return progress;
    }

    @Override
    public long compressedSize() {
        if (compressedSize < 0) {
            throw new IllegalStateException("the compressed size of a gzip member is known once read() has returned -1");
        }
        return compressedSize;
    }

    @Override
    public Compression compression() {
        return Compression.GZIP;
    }

    /** Stops the workers, waiting until none reads the file any more. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        cancelAll();
        // Not shutdownNow: interrupting a thread in a FileChannel read closes the channel.
        pool.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (rest != null) {
            rest.close(); // waits for its thread's current read of here
            rest = null;
        }
        if (here != null) {
            here.close();
            here = null;
        }
        buffer = null;
        pending.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last 32 KiB handed out. */
    private static final class Window {
        private final byte[] ring = new byte[WINDOW];
        private int end;
        private boolean full;

        void add(byte[] b, int off, int len) {
            if (len >= WINDOW) {
                System.arraycopy(b, off + len - WINDOW, ring, 0, WINDOW);
                end = 0;
                full = true;
                return;
            }
            int first = Math.min(len, WINDOW - end);
            System.arraycopy(b, off, ring, end, first);
            System.arraycopy(b, off + first, ring, 0, len - first);
            if (end + len >= WINDOW) {
                full = true;
            }
            end = (end + len) % WINDOW;
        }

        /** Copies the window, oldest byte first, to the start of {@code to}; returns its length. */
        int copyTo(byte[] to) {
            if (!full) {
                System.arraycopy(ring, 0, to, 0, end);
                return end;
            }
            System.arraycopy(ring, end, to, 0, WINDOW - end);
            System.arraycopy(ring, 0, to, WINDOW - end, end);
            return WINDOW;
        }
    }
}
