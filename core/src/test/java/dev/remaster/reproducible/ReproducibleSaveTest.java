package dev.remaster.reproducible;

import dev.remaster.compress.Compression;
import dev.remaster.kernel.Archives;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.image.ArchiveSegment;
import dev.remaster.image.ImageReader;
import dev.remaster.overlay.EditableImage;
import dev.remaster.overlay.SaveOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ReproducibleSaveTest {
    @TempDir
    Path dir;

    private Path source() throws IOException {
        Archives a = Archives.archive();
        a.entry(CpioEntry.directory("etc", 0755).toBuilder().mtime(1_600_000_000L).build(), null);
        byte[] motd = "hi\n".getBytes();
        a.entry(CpioEntry.file("etc/motd", 0644, motd.length).toBuilder().mtime(1_600_000_500L).build(), motd);
        Path f = dir.resolve("src.img.gz");
        Files.write(f, Archives.compress(Compression.GZIP, a.bytes()));
        return f;
    }

    private Map<String, Long> mtimes(Path image) throws IOException {
        Map<String, Long> m = new HashMap<>();
        try (ImageReader r = ImageReader.open(image)) {
            for (CpioEntry e = r.next(); e != null; e = r.next()) {
                m.put(e.name(), e.mtime());
            }
        }
        return m;
    }

    @Test
    void withoutAnEpochAddedEntriesAreClampedToTheSourcesNewestMtime() throws IOException {
        Path src = source();
        Path out1 = dir.resolve("a.gz");
        Path out2 = dir.resolve("b.gz");
        for (Path out : new Path[] {out1, out2}) {
            try (EditableImage img = EditableImage.open(src)) {
                Files.writeString(img.fileSystem().getPath("/etc/hostname"), "box\n");
                Reproducible.save(img, out, SaveOptions.defaults(), ReproducibleOptions.defaults());
            }
        }
        assertArrayEquals(Files.readAllBytes(out1), Files.readAllBytes(out2));
        assertEquals(1_600_000_500L, mtimes(out1).get("etc/hostname"));
        try (ImageReader r = ImageReader.open(out1)) {
            while (r.next() != null) {
                // read every segment
            }
            assertEquals(Compression.GZIP, ((ArchiveSegment) r.segments().get(0)).compression());
        }
    }

    @Test
    void anEpochAndACompressionAreHonoured() throws IOException {
        Path out = dir.resolve("c.xz");
        try (EditableImage img = EditableImage.open(source())) {
            Reproducible.save(img, out, SaveOptions.defaults().withCompression(Compression.XZ),
                    ReproducibleOptions.defaults().withSourceDateEpoch(1_500_000_000L));
        }
        assertEquals(1_500_000_000L, mtimes(out).get("etc/motd"));
        assertEquals(Compression.XZ, Compression.forFileName(out.getFileName().toString()));
    }
}
