package dev.remaster.benchmarks;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * zstd compression of the first 16 MiB of the installer's cpio on one thread: Remaster's encoder at
 * levels 1, 3, 6 (row match finder), 9 and 19 against aircompressor's (which has level 3 only, so its figure is the same
 * for every {@code level}). Each operation adds the input's length to {@link ByteCounter#bytes}.
 * {@code benchmarks/codecs.sh} compares with the {@code zstd} tool on the same bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 3, time = 4)
public class ZstdEncoderBenchmark {
    private static final int SLICE = 16 << 20;

    /** zstd level. */
    @Param({"1", "3", "6", "9", "19"})
    public int level;

    private byte[] input;

    /** Reads the slice of the installer's cpio. */
    @Setup
    public void setUp() throws IOException {
        try (InputStream in = Files.newInputStream(InstallerImage.plainArchive())) {
            input = in.readNBytes(SLICE);
        }
    }

    /** Remaster's encoder at {@link #level}, one thread. */
    @Benchmark
    public long remaster(ByteCounter counter) throws IOException {
        CountingSink sink = new CountingSink();
        try (OutputStream out = Compression.ZSTD.newEncoder(sink, new EncoderOptions(level, 1))) {
            out.write(input);
        }
        counter.bytes += input.length;
        return sink.count();
    }

    /** aircompressor's encoder (level 3 whatever {@link #level} says). */
    @Benchmark
    public long aircompressor(ByteCounter counter) throws IOException {
        CountingSink sink = new CountingSink();
        try (OutputStream out = new ZstdOutputStream(sink)) {
            out.write(input);
        }
        counter.bytes += input.length;
        return sink.count();
    }
}
