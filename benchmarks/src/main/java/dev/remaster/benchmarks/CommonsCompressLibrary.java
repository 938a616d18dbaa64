package dev.remaster.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Apache Commons Compress's {@link CpioArchiveInputStream} and {@link CpioArchiveOutputStream},
 * used as their documentation shows.
 */
final class CommonsCompressLibrary implements CpioLibrary {
    static final String ID = "commons";

    /**
     * Names are decoded as UTF-8: the default, US-ASCII, throws on the installer's one non-ASCII
     * name (etc/ssl/certs/NetLock_Arany_=Class_Gold=_F\u0151tan\u00fas\u00edtv\u00e1ny.crt).
     */
    private static final String NAME_ENCODING = "UTF-8";

    /** Every header, through {@code getNextEntry}, which skips the data. */
    @Override
    public long list(InputStream archive, Blackhole bh) throws IOException {
        long entries = 0;
        try (CpioArchiveInputStream in = new CpioArchiveInputStream(archive, NAME_ENCODING)) {
            for (CpioArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                bh.consume(e);
                entries++;
            }
        }
        return entries;
    }

    @Override
    public long readAll(InputStream archive, byte[] buffer) throws IOException {
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

    /** Every entry put to a newc {@link CpioArchiveOutputStream} and its data copied; {@code finish} writes the trailer. */
    @Override
    public void copy(InputStream archive, OutputStream out, byte[] buffer) throws IOException {
        try (CpioArchiveInputStream in = new CpioArchiveInputStream(archive, NAME_ENCODING);
             CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(out, CpioConstants.FORMAT_NEW,
                     CpioConstants.BLOCK_SIZE, NAME_ENCODING)) {
            for (CpioArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                cpio.putArchiveEntry(e);
                for (int n = in.read(buffer, 0, buffer.length); n >= 0; n = in.read(buffer, 0, buffer.length)) {
                    cpio.write(buffer, 0, n);
                }
                cpio.closeArchiveEntry();
            }
        }
    }

    @Override
    public InputStream gunzip(byte[] compressed) throws IOException {
        return GzipSource.open(compressed);
    }
}
