package dev.remaster.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The {@code installer} data set: the Debian 12 amd64 text installer initrd (about 137 MB of newc,
 * some 2,400 entries), decompressed once into the cache.
 */
final class InstallerImage {
    static final Path SOURCE =
            Path.of("/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64/initrd.gz");

    private InstallerImage() {
    }

    static boolean available() {
        return Files.isRegularFile(SOURCE);
    }

    /** The decompressed archive in the cache, made on first use. */
    static Path plainArchive() throws IOException {
        if (!available()) {
            throw new IOException("the installer data set needs " + SOURCE
                    + " (Debian package debian-installer-12-netboot-amd64); run with -p dataSet=smallfiles without it");
        }
        // The source's size and time are in the name, so an updated package is decompressed afresh.
        String name = "installer-" + Files.size(SOURCE) + "-" + Files.getLastModifiedTime(SOURCE).toMillis() + ".cpio";
        return Cache.file(name, out -> {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(SOURCE), 1 << 16)) {
                in.transferTo(out);
            }
        });
    }
}
