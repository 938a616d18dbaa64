package dev.remaster.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.openjdk.jmh.infra.Blackhole;

/** One cpio library's way of doing what the {@link CpioBenchmark}s measure, on a newc archive. */
interface CpioLibrary {

    /** Reads every header, letting the library skip the data; returns the number of entries (trailers not counted). */
    long list(InputStream archive, Blackhole bh) throws IOException;

    /** Reads every entry's data into {@code buffer}; returns the number of data bytes. */
    long readAll(InputStream archive, byte[] buffer) throws IOException;

    /** Writes every entry, with its data, to a newc archive on {@code out} (and closes it). */
    void copy(InputStream archive, OutputStream out, byte[] buffer) throws IOException;

    /**
     * The decompressed bytes of the gzip data {@code compressed}, the way this library's users read
     * a gzip image: Remaster decodes on its own thread (what its image reader does); a Commons
     * Compress user wraps the JDK's GZIPInputStream.
     */
    InputStream gunzip(byte[] compressed) throws IOException;

    /** The library named {@code id} in {@code -p library=...}. */
    static CpioLibrary named(String id) {
        return switch (id) {
            case RemasterLibrary.ID -> new RemasterLibrary();
            case CommonsCompressLibrary.ID -> new CommonsCompressLibrary();
            default -> throw new IllegalArgumentException("unknown library '" + id + "'");
        };
    }
}
