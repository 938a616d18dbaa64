package dev.remaster.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts the bytes of (uncompressed) cpio archive each benchmark operation went through. JMH
 * reports the public field as a rate, {@code bytes} per second, beside the operations per second;
 * {@link Summary} turns it into MB/s.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ByteCounter {
    /** Archive bytes processed in this iteration. */
    public long bytes;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void reset() {
        bytes = 0;
    }
}
