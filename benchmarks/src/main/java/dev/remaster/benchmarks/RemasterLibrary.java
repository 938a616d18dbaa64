package dev.remaster.benchmarks;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioReader;
import dev.remaster.cpio.CpioWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.openjdk.jmh.infra.Blackhole;

/** Remaster's {@link CpioReader} and {@link CpioWriter}, used as their documentation shows. */
final class RemasterLibrary implements CpioLibrary {
    static final String ID = "remaster";

    @Override
    public long list(InputStream archive, Blackhole bh) throws IOException {
        long entries = 0;
        try (CpioReader reader = CpioReader.of(archive)) {
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                if (!e.isTrailer()) {
                    bh.consume(e);
                    entries++;
                }
            }
        }
        return entries;
    }

    @Override
    public long readAll(InputStream archive, byte[] buffer) throws IOException {
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

    /** Every entry, trailer included, passed through unchanged: the writer reuses the source headers. */
    @Override
    public void copy(InputStream archive, OutputStream out, byte[] buffer) throws IOException {
        try (CpioReader reader = CpioReader.of(archive);
             CpioWriter writer = CpioWriter.of(out)) {
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                writer.write(e, reader.data());
            }
        }
    }

    @Override
    public InputStream gunzip(byte[] compressed) throws IOException {
        return new dev.remaster.compress.PipelinedInputStream(dev.remaster.compress.Compression.GZIP.newDecoder(
                new java.io.ByteArrayInputStream(compressed), "benchmark", 0));
    }
}
