package dev.remaster.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Counts the bytes of (uncompressed) cpio archive each benchmark operation went through, and the
 * CPU time the benchmark thread used. JMH reports both public fields as rates per second of wall
 * time beside the operations per second; {@link Summary} turns {@code bytes} into MB/s, and
 * {@code bytes} over {@code cpuNanos} into MB per CPU-second, which holds steadier than wall time
 * when other processes share the machine.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ByteCounter {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Archive bytes processed in this iteration. */
    public long bytes;
    /**
     * Entries listed in this iteration: listing skips the data, so its rate is entries per second
     * (bytes per second would count data it never read, and vary with the data's size).
     */
    public long entries;
    /** CPU time of the benchmark thread in this iteration, in nanoseconds (0 where the JVM cannot tell). */
    public long cpuNanos;

    private long cpuStart;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void start() {
        bytes = 0;
        entries = 0;
        cpuStart = threadCpuTime();
    }

    /** Takes the iteration's CPU time; the fixtures run on the benchmark thread. */
    @TearDown(Level.Iteration)
    public void stop() {
        long now = threadCpuTime();
        cpuNanos = now < 0 || cpuStart < 0 ? 0 : now - cpuStart;
    }

    private static long threadCpuTime() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }
}
