package dev.remaster.tinycore;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.image.ImageReader;
import dev.remaster.overlay.EditableImage;
import dev.remaster.overlay.SaveOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The committed sample image and ways to read images back in tests. */
final class SampleImages {
    private SampleImages() {
    }

    static Path root() {
        return Path.of(System.getProperty("remaster.root", "..")).toAbsolutePath().normalize();
    }

    static Path dir() {
        return root().resolve("testdata/tinycore");
    }

    /** The committed {@code core-sample.gz}. */
    static Path committed() {
        return dir().resolve("core-sample.gz");
    }

    /** A copy of the sample in {@code dir}. */
    static Path copy(Path dir) throws IOException {
        Path p = dir.resolve("core-sample.gz");
        Files.copy(committed(), p);
        return p;
    }

    /** One entry as read back: its header and data. */
    record Item(CpioEntry entry, byte[] data) {
        String text() {
            return new String(data, java.nio.charset.StandardCharsets.UTF_8);
        }

        /** "REGULAR 0775 0:50" and the like. */
        String summary() {
            return entry.type() + " 0" + Integer.toOctalString(entry.permissions()) + " " + entry.uid() + ":" + entry.gid();
        }
    }

    /** What the image holds at the end, path by path (later entries win), read with {@link ImageReader}. */
    static Map<String, Item> tree(Path image) throws IOException {
        Map<String, Item> out = new LinkedHashMap<>();
        try (ImageReader r = ImageReader.open(image)) {
            for (CpioEntry e = r.next(); e != null; e = r.next()) {
                if (e.isTrailer()) {
                    continue;
                }
                String name = e.name();
                while (name.startsWith("./") || name.startsWith("/")) {
                    name = name.substring(name.indexOf('/') + 1);
                }
                String path = name.equals(".") || name.isEmpty() ? "/" : "/" + name;
                out.put(path, new Item(e, r.data().readAllBytes()));
            }
        }
        return out;
    }

    /** An edit of an image. */
    interface Edit {
        void apply(EditableImage image) throws IOException;
    }

    /** Applies {@code edit} to {@code source} and writes the result to {@code target}. */
    static Path edited(Path source, Path target, Edit edit) throws IOException {
        try (EditableImage image = EditableImage.open(source)) {
            edit.apply(image);
            image.writeTo(target, SaveOptions.defaults().withThreads(1));
        }
        return target;
    }

    /**
     * Applies {@code edit} to a copy of the sample, then again to the result, and checks that the
     * second run changes nothing: the image is not modified and is written back byte for byte.
     * Returns the image after the first run.
     */
    static Path editedTwice(Path dir, Edit edit) throws IOException {
        Path once = edited(copy(dir), dir.resolve("once.gz"), edit);
        Path twice = dir.resolve("twice.gz");
        try (EditableImage image = EditableImage.open(once)) {
            edit.apply(image);
            assertFalse(image.isModified(), "the second run changed the image");
            image.writeTo(twice, SaveOptions.defaults().withThreads(1));
        }
        byte[] a = Files.readAllBytes(once);
        byte[] b = Files.readAllBytes(twice);
        assertArrayEquals(a, b, "the second run wrote different bytes (" + a.length + " and " + b.length + ")");
        return once;
    }

    /** The entries that differ between two trees, as "-path summary" and "+path summary". */
    static java.util.List<String> diff(Map<String, Item> a, Map<String, Item> b) {
        java.util.List<String> out = new java.util.ArrayList<>();
        a.forEach((k, v) -> {
            Item w = b.get(k);
            if (w == null || !same(v, w)) {
                out.add("-" + k + " " + v.summary());
            }
        });
        b.forEach((k, v) -> {
            Item w = a.get(k);
            if (w == null || !same(v, w)) {
                out.add("+" + k + " " + v.summary());
            }
        });
        return out;
    }

    private static boolean same(Item x, Item y) {
        CpioEntry e = x.entry();
        CpioEntry f = y.entry();
        return e.mode() == f.mode() && e.uid() == f.uid() && e.gid() == f.gid() && e.mtime() == f.mtime()
                && e.rdevMajor() == f.rdevMajor() && e.rdevMinor() == f.rdevMinor()
                && e.linkTarget().equals(f.linkTarget()) && Arrays.equals(x.data(), y.data());
    }
}
