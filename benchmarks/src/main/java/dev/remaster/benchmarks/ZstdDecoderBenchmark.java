package dev.remaster.benchmarks;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.compress.MemberInputStream;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * zstd decompression of the first 64 MiB of the installer's cpio, compressed once by the
 * {@code zstd} tool at {@link #level} (by Remaster's encoder when the tool is absent): Remaster's
 * decoder (the reading step on its own thread, as for a frame of unknown size) against
 * aircompressor's. Each operation adds the decompressed length to {@link ByteCounter#bytes}.
 * Compare with {@code zstd -dc > /dev/null} on the same frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
public class ZstdDecoderBenchmark {
    private static final int SLICE = 64 << 20;

    /** zstd level of the frame. */
    @Param({"3", "19"})
    public int level;

    private byte[] frame;
    private int contentLength;

    /** Compresses the slice of the installer's cpio. */
    @Setup
    public void setUp() throws IOException, InterruptedException {
        byte[] input;
        try (InputStream in = Files.newInputStream(InstallerImage.plainArchive())) {
            input = in.readNBytes(SLICE);
        }
        contentLength = input.length;
        Path plain = Files.createTempFile("zstd-bench", ".cpio");
        try {
            Files.write(plain, input);
            Process p = new ProcessBuilder("zstd", "-q", "-c", "-T0", "-" + level).redirectInput(plain.toFile()).start();
            frame = p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                frame = null;
            }
        } catch (IOException noTool) {
            frame = null;
        } finally {
            Files.delete(plain);
        }
        if (frame == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (OutputStream z = Compression.ZSTD.newEncoder(out, new EncoderOptions(level, 2))) {
                z.write(input);
            }
            frame = out.toByteArray();
        }
    }

    /** Remaster's decoder. */
    @Benchmark
    public long remaster(ByteCounter counter) throws IOException {
        CountingSink sink = new CountingSink();
        try (MemberInputStream in = Compression.ZSTD.newDecoder(new ByteArrayInputStream(frame), "bench", 0)) {
            in.transferTo(sink);
        }
        counter.bytes += contentLength;
        return sink.count();
    }

    /** aircompressor's decoder. */
    @Benchmark
    public long aircompressor(ByteCounter counter) throws IOException {
        CountingSink sink = new CountingSink();
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(frame))) {
            in.transferTo(sink);
        }
        counter.bytes += contentLength;
        return sink.count();
    }
}
