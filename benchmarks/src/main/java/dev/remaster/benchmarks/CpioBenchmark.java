package dev.remaster.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cpio hot path, for each {@link CpioLibrary} on each {@link ArchiveData} set.
 *
 * <p>The library is a parameter, not a class of its own, so that JMH runs the two libraries' forks
 * of one benchmark and data set one after the other: on a shared machine whose load drifts, the
 * pair then sees about the same conditions.
 *
 * <p>Each operation adds the plain archive's length to {@link ByteCounter#bytes}, so that MB/s
 * always means megabytes of uncompressed archive per second, and checks its entry or byte count
 * against the data set, so that a library that skips work fails rather than wins.
 *
 * <p>The settings are sized for a shared two-core machine; {@link BenchmarkMain} has
 * {@code --quick} and {@code --full}, and JMH's own options override both.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CpioBenchmark {
    /** Which {@link CpioLibrary}. */
    @Param({RemasterLibrary.ID, CommonsCompressLibrary.ID})
    public String library;

    private CpioLibrary cpio;
    /** The copy buffer the libraries' readers fill, reused across operations. */
    private final byte[] buffer = new byte[64 * 1024];

    /** Makes the library. */
    @Setup(Level.Trial)
    public void setUp() {
        cpio = CpioLibrary.named(library);
    }

    /** Every header; the library skips the data. */
    @Benchmark
    public long list(ArchiveData data, ByteCounter counter, Blackhole bh) throws IOException {
        long entries = cpio.list(new ByteArrayInputStream(data.plain), bh);
        data.checkEntries(entries);
        counter.entries += entries;
        return entries;
    }

    /** Every data byte, read into a reused 64 KiB buffer. */
    @Benchmark
    public long readAll(ArchiveData data, ByteCounter counter) throws IOException {
        long read = cpio.readAll(new ByteArrayInputStream(data.plain), buffer);
        data.checkDataBytes(read);
        counter.bytes += data.plain.length;
        return read;
    }

    /** Every entry written to a plain newc archive on a {@link CountingSink}. */
    @Benchmark
    public long copy(ArchiveData data, ByteCounter counter) throws IOException {
        CountingSink sink = new CountingSink();
        cpio.copy(new ByteArrayInputStream(data.plain), sink, buffer);
        counter.bytes += data.plain.length;
        return sink.count();
    }

    /** {@link #readAll} through each library's way of reading gzip ({@link CpioLibrary#gunzip}). */
    @Benchmark
    public long gzipUnpackAndParse(ArchiveData data, GzipArchiveData gzip, ByteCounter counter) throws IOException {
        long read = cpio.readAll(cpio.gunzip(gzip.compressed), buffer);
        data.checkDataBytes(read);
        counter.bytes += data.plain.length;
        return read;
    }
}
