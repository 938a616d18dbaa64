package dev.remaster.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** The archives the benchmarks run on, by the name used in {@code -p dataSet=...}. */
enum DataSet {
    INSTALLER("installer"),
    SMALL_FILES("smallfiles");

    /** The gzip level of the compressed copies: gzip's own default. */
    static final int GZIP_LEVEL = 6;

    private final String id;

    DataSet(String id) {
        this.id = id;
    }

    /** The name used in {@code -p dataSet=...} and in the summary. */
    String id() {
        return id;
    }

    static DataSet named(String id) {
        for (DataSet d : values()) {
            if (d.id.equals(id)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown data set '" + id + "'");
    }

    /** Whether this data set can be made on this machine. */
    boolean available() {
        return this != INSTALLER || InstallerImage.available();
    }

    /** The plain (uncompressed) newc archive, in the cache. */
    Path plainArchive() throws IOException {
        return this == INSTALLER ? InstallerImage.plainArchive() : SmallFilesArchive.plainArchive();
    }

    /** The plain archive compressed by java.util.zip at {@link #GZIP_LEVEL}, in the cache. */
    Path gzipArchive() throws IOException {
        Path plain = plainArchive();
        return Cache.file(plain.getFileName() + "-level" + GZIP_LEVEL + ".gz", out -> {
            try (InputStream in = Files.newInputStream(plain);
                 GZIPOutputStream gz = new LevelledGzipOutputStream(out)) {
                in.transferTo(gz);
            }
        });
    }

    private static final class LevelledGzipOutputStream extends GZIPOutputStream {
        LevelledGzipOutputStream(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(GZIP_LEVEL);
        }
    }
}
