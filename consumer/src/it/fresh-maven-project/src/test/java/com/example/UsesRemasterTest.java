package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.remaster.Initramfs;
import dev.remaster.compress.Compression;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.image.ImageReader;
import dev.remaster.overlay.EditableImage;
import dev.remaster.overlay.SaveOptions;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user's new project does first, with nothing but the README's dependency: every class the
 * library needs must come with it (the POM's declared dependencies, transitively), and its file
 * system provider must be found by the JDK's service lookup.
 */
class UsesRemasterTest {
    private static final Path SAMPLE = Path.of(System.getProperty("sample.image"));

    @TempDir
    Path work;

    @Test
    void editsTheSampleAndReadsItBack() throws IOException {
        Path out = work.resolve("new.gz");
        try (EditableImage img = Initramfs.open(SAMPLE)) {
            Files.writeString(img.fileSystem().getPath("/opt/bootlocal.sh"), "#!/bin/sh\necho hello\n");
            img.setMode("/opt/bootlocal.sh", 0775);
            img.writeTo(out, SaveOptions.defaults());
        }
        try (EditableImage img = Initramfs.open(out)) {
            assertEquals("#!/bin/sh\necho hello\n",
                    Files.readString(img.fileSystem().getPath("/opt/bootlocal.sh")));
            assertTrue(Files.isRegularFile(img.fileSystem().getPath("/bin/busybox")));
        }
    }

    @Test
    void theProviderIsFoundByPathAndByUri() throws IOException {
        Path copy = Files.copy(SAMPLE, work.resolve("copy.gz"));
        try (FileSystem fs = FileSystems.newFileSystem(copy)) {
            Files.writeString(fs.getPath("/etc/motd"), "remastered\n");
        }
        try (FileSystem fs = FileSystems.newFileSystem(
                java.net.URI.create("initramfs:" + copy.toUri()), java.util.Map.of("readOnly", true))) {
            assertEquals("remastered\n", Files.readString(fs.getPath("/etc/motd")));
        }
    }

    @Test
    void everyCompressionWorksWithTheDeclaredDependencies() throws IOException {
        Set<Compression> tried = EnumSet.noneOf(Compression.class);
        for (Compression c : Compression.values()) {
            if (c == Compression.NONE) {
                continue;
            }
            Path out = work.resolve("image." + c.name().toLowerCase());
            try (EditableImage img = Initramfs.open(SAMPLE)) {
                img.writeTo(out, SaveOptions.defaults().withCompression(c));
            }
            int entries = 0;
            try (ImageReader reader = Initramfs.read(out)) {
                for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                    if (!e.isTrailer()) {
                        entries++;
                    }
                }
            }
            assertTrue(entries > 20, c + ": " + entries + " entries");
            tried.add(c);
        }
        assertTrue(tried.containsAll(EnumSet.of(Compression.GZIP, Compression.BZIP2, Compression.XZ,
                Compression.LZMA, Compression.ZSTD, Compression.LZ4_LEGACY, Compression.LZO)), tried.toString());
    }
}
