package dev.remaster.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** The JDK's gzip decoder, as a Commons Compress user reads a gzip archive. */
final class GzipSource {
    private static final int INPUT_BUFFER = 64 * 1024;

    private GzipSource() {
    }

    /** A stream of the decompressed bytes of the gzip data {@code compressed}. */
    static InputStream open(byte[] compressed) throws IOException {
        return new GZIPInputStream(new ByteArrayInputStream(compressed), INPUT_BUFFER);
    }
}
