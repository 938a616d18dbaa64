package dev.remaster.benchmarks;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioReader;
import dev.remaster.cpio.CpioWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.infra.Blackhole;

/** Remaster's {@link CpioReader} and {@link CpioWriter}; see {@link CpioBenchmark} for what each measures. */
public class RemasterCpioBenchmark extends CpioBenchmark {

    /** Headers only: the reader skips the data. */
    @Benchmark
    public long list(ArchiveData data, ByteCounter counter, Blackhole bh) throws IOException {
        long entries = 0;
        try (CpioReader reader = CpioReader.of(new ByteArrayInputStream(data.plain))) {
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                if (!e.isTrailer()) {
                    bh.consume(e);
                    entries++;
                }
            }
        }
        data.checkEntries(entries);
        counter.bytes += data.plain.length;
        return entries;
    }

    /** Every data byte, read into the reused buffer. */
    @Benchmark
    public long readAll(ArchiveData data, ByteCounter counter) throws IOException {
        long read = readAll(new ByteArrayInputStream(data.plain));
        data.checkDataBytes(read);
        counter.bytes += data.plain.length;
        return read;
    }

    /** Every entry passed through unchanged to a newc writer. */
    @Benchmark
    public long copy(ArchiveData data, ByteCounter counter) throws IOException {
        CountingSink sink = new CountingSink();
        try (CpioReader reader = CpioReader.of(new ByteArrayInputStream(data.plain));
             CpioWriter writer = CpioWriter.of(sink)) {
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                writer.write(e, reader.data());
            }
        }
        counter.bytes += data.plain.length;
        return sink.count();
    }

    /** {@link #readAll} through gzip. */
    @Benchmark
    public long gzipUnpackAndParse(ArchiveData data, GzipArchiveData gzip, ByteCounter counter)
            throws IOException {
        long read = readAll(GzipSource.open(gzip.compressed));
        data.checkDataBytes(read);
        counter.bytes += data.plain.length;
        return read;
    }

    private long readAll(InputStream archive) throws IOException {
        long total = 0;
        try (CpioReader reader = CpioReader.of(archive)) {
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                InputStream in = reader.data();
                for (int n = in.read(buffer, 0, buffer.length); n >= 0; n = in.read(buffer, 0, buffer.length)) {
                    total += n;
                }
            }
        }
        return total;
    }
}
