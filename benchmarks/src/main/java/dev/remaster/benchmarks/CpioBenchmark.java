package dev.remaster.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the two libraries' benchmark classes share: the run settings (sized for a shared two-core
 * machine; {@link BenchmarkMain} has {@code --quick} and {@code --full}, and JMH's own options
 * override both) and a read buffer reused across operations.
 *
 * <p>Every subclass has the same benchmark methods, on the same {@link ArchiveData}:
 * <ul>
 *   <li>{@code list}: every header, data skipped;
 *   <li>{@code readAll}: every data byte read into {@link #buffer};
 *   <li>{@code copy}: every entry written to a plain newc archive on a {@link CountingSink};
 *   <li>{@code gzipUnpackAndParse}: {@code readAll} through {@link GzipSource}.
 * </ul>
 * Each adds the plain archive's length to {@link ByteCounter#bytes}, so that MB/s always means
 * megabytes of uncompressed archive per second, and checks its entry or byte count.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class CpioBenchmark {
    /** The copy buffer both libraries' readers fill. */
    protected final byte[] buffer = new byte[64 * 1024];
}
