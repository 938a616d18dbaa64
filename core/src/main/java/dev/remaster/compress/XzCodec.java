package dev.remaster.compress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.MemoryLimitException;
import org.tukaani.xz.SingleXZInputStream;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * The only class of this package besides {@link LzmaAloneOutputStream} that names XZ for Java. It
 * is loaded when an xz or .lzma member is first read or written, so a user who leaves the xz
 * library off the class path loses those two formats and nothing else. {@link Compression} asks
 * {@link OptionalLibrary} first; nothing may touch this class before that.
 */
final class XzCodec {
    /** The kernel's xz decoder is built for dictionaries up to 1 MiB by most configs. */
    private static final int XZ_MAX_DICTIONARY = 1 << 20;
    private static final int LZMA_MAX_DICTIONARY = 8 << 20;
    private static final int MEMORY_LIMIT_KIB = Compression.DECODER_MEMORY_LIMIT_MIB * 1024;

    private XzCodec() {
    }

    static InputStream xzDecoder(InputStream in) throws IOException {
        try {
            return new SingleXZInputStream(in, MEMORY_LIMIT_KIB);
        } catch (MemoryLimitException e) {
            throw new LibraryDecoder.MemoryLimitExceeded(e.getMemoryNeeded(), e.getMemoryLimit(), e);
        }
    }

    static InputStream lzmaDecoder(InputStream in) throws IOException {
        try {
            return new LZMAInputStream(in, MEMORY_LIMIT_KIB);
        } catch (MemoryLimitException e) {
            throw new LibraryDecoder.MemoryLimitExceeded(e.getMemoryNeeded(), e.getMemoryLimit(), e);
        }
    }

    static OutputStream xzEncoder(OutputStream out, int level) throws IOException {
        LZMA2Options options = new LZMA2Options(level);
        options.setDictSize(Math.min(options.getDictSize(), XZ_MAX_DICTIONARY));
        return new XZOutputStream(out, options, XZ.CHECK_CRC32);
    }

    static OutputStream lzmaEncoder(OutputStream out, int level) throws IOException {
        LZMA2Options options = new LZMA2Options(level);
        options.setDictSize(Math.min(options.getDictSize(), LZMA_MAX_DICTIONARY));
        options.setLcLp(3, 0);
        options.setPb(2);
        return new LzmaAloneOutputStream(out, options);
    }
}
