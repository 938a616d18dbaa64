package dev.remaster.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Apache Commons Compress's {@link CpioArchiveInputStream} and {@link CpioArchiveOutputStream},
 * used as their documentation shows; see {@link CpioBenchmark} for what each measures.
 */
public class CommonsCpioBenchmark extends CpioBenchmark {
    /**
     * Names are decoded as UTF-8: the default, US-ASCII, throws on the installer's one non-ASCII
     * name (etc/ssl/certs/NetLock_Arany_=Class_Gold=_F\u0151tan\u00fas\u00edtv\u00e1ny.crt).
     */
    private static final String NAME_ENCODING = "UTF-8";

    /** Headers only: {@code getNextEntry} skips the data. */
    @Benchmark
    public long list(ArchiveData data, ByteCounter counter, Blackhole bh) throws IOException {
        long entries = 0;
        try (CpioArchiveInputStream in = new CpioArchiveInputStream(new ByteArrayInputStream(data.plain), NAME_ENCODING)) {
            for (CpioArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                bh.consume(e);
                entries++;
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

    /** Every entry put to a newc {@link CpioArchiveOutputStream} and its data copied. */
    @Benchmark
    public long copy(ArchiveData data, ByteCounter counter) throws IOException {
        CountingSink sink = new CountingSink();
        try (CpioArchiveInputStream in = new CpioArchiveInputStream(new ByteArrayInputStream(data.plain), NAME_ENCODING);
             CpioArchiveOutputStream out = new CpioArchiveOutputStream(sink, CpioConstants.FORMAT_NEW,
                     CpioConstants.BLOCK_SIZE, NAME_ENCODING)) {
            for (CpioArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.putArchiveEntry(e);
                for (int n = in.read(buffer, 0, buffer.length); n >= 0; n = in.read(buffer, 0, buffer.length)) {
                    out.write(buffer, 0, n);
                }
                out.closeArchiveEntry();
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
        try (CpioArchiveInputStream in = new CpioArchiveInputStream(archive, NAME_ENCODING)) {
            for (CpioArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                for (int n = in.read(buffer, 0, buffer.length); n >= 0; n = in.read(buffer, 0, buffer.length)) {
                    total += n;
                }
            }
        }
        return total;
    }
}
