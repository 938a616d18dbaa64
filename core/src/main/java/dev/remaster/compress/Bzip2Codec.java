package dev.remaster.compress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/**
 * The only class that names Commons Compress. It is loaded when a bzip2 member is first read or
 * written, so a user who leaves commons-compress off the class path loses bzip2 and nothing else;
 * {@link Compression} asks {@link OptionalLibrary} first, so a missing library is a clear
 * {@link IOException}, not a {@link NoClassDefFoundError}. Nothing may touch this class before that.
 */
final class Bzip2Codec {
    private Bzip2Codec() {
    }

    /** One bzip2 stream, not reading past its end (concatenated streams are separate members). */
    static InputStream decoder(InputStream in) throws IOException {
        return new BZip2CompressorInputStream(in, false);
    }

    static OutputStream encoder(OutputStream out, int level) throws IOException {
        return new BZip2CompressorOutputStream(out, level);
    }
}
