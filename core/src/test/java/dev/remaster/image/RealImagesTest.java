package dev.remaster.image;

import dev.remaster.compress.Compression;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.overlay.EditableImage;
import dev.remaster.overlay.SaveOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Images made by the distributions' own tools (testdata/images/make-real-images.sh, which CI
 * runs): read completely, listed like the reference listing made without Remaster, and written
 * back byte for byte.
 */
@Tag("slow")
class RealImagesTest {
    static final Path DIR = Path.of(Objects.requireNonNullElse(System.getenv("REMASTER_REAL_IMAGES"),
            "/var/tmp/remaster-real-images"));

    @TempDir
    Path tmp;

    static Path image(String name) {
        Path p = DIR.resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(p), "skipped: " + p
                + " is missing; run testdata/images/make-real-images.sh (as root) to build it");
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"debian-installer-initrd.gz", "mkinitramfs-zstd.img", "mkinitramfs-gzip.img", "dracut.img"})
    void listsLikeTheReferenceAndRoundTrips(String name) throws IOException {
        Path img = image(name);
        List<String> names = new ArrayList<>();
        List<Segment> segments;
        try (ImageReader r = ImageReader.open(img)) {
            for (CpioEntry e = r.next(); e != null; e = r.next()) {
                if (!e.isTrailer()) {
                    names.add(normalize(e.name()));
                }
                r.data().transferTo(java.io.OutputStream.nullOutputStream());
            }
            segments = r.segments();
        }
        // The image is there, so its reference listing must be too: make-real-images.sh writes both.
        Path list = DIR.resolve(name + ".list");
        assertTrue(Files.isRegularFile(list), list + " is missing beside " + img
                + ": run testdata/images/make-real-images.sh again to write the reference listing");
        List<String> expected = Files.readAllLines(list).stream().map(RealImagesTest::normalize).toList();
        assertEquals(expected, names);
        if (name.startsWith("mkinitramfs") || name.startsWith("dracut")) {
            ArchiveSegment early = (ArchiveSegment) segments.get(0);
            assertEquals(Compression.NONE, early.compression(), "early microcode segment is plain");
            assertTrue(segments.size() >= 2, segments.toString());
        }
        Path out = tmp.resolve("copy");
        try (EditableImage e = EditableImage.open(img)) {
            e.writeTo(out, SaveOptions.defaults());
        }
        assertArrayEquals(Files.readAllBytes(img), Files.readAllBytes(out), "unchanged image written back identical");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mkinitramfs-zstd.img", "dracut.img"})
    void oneEditRewritesOnlyTheMainSegment(String name) throws IOException {
        Path img = image(name);
        Path out = tmp.resolve("edited");
        List<Segment> before;
        try (EditableImage e = EditableImage.open(img)) {
            before = e.segments();
            Files.writeString(e.fileSystem().getPath("/etc/remaster-test"), "edited\n");
            e.writeTo(out, SaveOptions.defaults());
        }
        byte[] a = Files.readAllBytes(img);
        byte[] b = Files.readAllBytes(out);
        long early = before.get(0).length();
        assertArrayEquals(java.util.Arrays.copyOf(a, (int) early), java.util.Arrays.copyOf(b, (int) early));
        try (EditableImage e = EditableImage.open(out)) {
            assertEquals("edited\n", Files.readString(e.fileSystem().getPath("/etc/remaster-test")));
            assertEquals(before.size(), e.segments().size());
        }
    }

    static String normalize(String n) {
        String s = n;
        while (s.startsWith("./")) {
            s = s.substring(2);
        }
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        return s.isEmpty() ? "." : s;
    }
}
