package dev.remaster.tinycore;

import dev.remaster.overlay.EditableImage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Extensions built into the sample image. The {@code .tcz} files here are random bytes named like
 * extensions: the recipe copies and lists them and never looks inside.
 */
class ExtensionsTest {
    @TempDir
    Path dir;
    Path tcz;

    private Path extension(String name, String... deps) throws Exception {
        byte[] data = new byte[2000 + name.length() * 100];
        new Random(name.hashCode()).nextBytes(data);
        Path p = tcz.resolve(name);
        Files.write(p, data);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        Files.writeString(tcz.resolve(name + ".md5.txt"), md5 + "  " + name + "\n");
        if (deps.length > 0) {
            Files.writeString(tcz.resolve(name + ".dep"), String.join("\n", deps) + "\n");
        }
        return p;
    }

    @BeforeEach
    void repository() throws Exception {
        tcz = Files.createDirectories(dir.resolve("tcz"));
        extension("openssh.tcz", "openssl.tcz", " ", "\tzlib.tcz ");
        extension("openssl.tcz", "ca-certificates.tcz");
        extension("ca-certificates.tcz");
        extension("zlib.tcz");
        extension("wireguard.tcz", "wireguard-6.6.8-tinycore64.tcz");
        extension("wireguard-6.6.8-tinycore64.tcz");
        extension("alsa.tcz", "alsa-modules-KERNEL.tcz", "openssl.tcz");
        extension("alsa-modules-6.6.8-tinycore64.tcz");
    }

    @Test
    void extensionsAndTheirDependenciesAreCopiedAndTheAskedOnesListed() throws Exception {
        ExtensionsUpdate[] update = new ExtensionsUpdate[1];
        Path out = SampleImages.editedTwice(dir, image -> {
            ExtensionsUpdate u = Extensions.add(image, List.of(tcz.resolve("openssh.tcz")), ExtensionOptions.defaults());
            if (update[0] == null) {
                update[0] = u;
            } else {
                assertFalse(u.changed());
                assertEquals(List.of(), u.copied());
            }
        });
        assertEquals(List.of("ca-certificates.tcz", "openssl.tcz", "zlib.tcz", "openssh.tcz"), update[0].loadOrder());
        assertEquals(List.of("openssh.tcz"), update[0].listed());
        assertTrue(update[0].copied().containsAll(List.of("openssh.tcz", "openssh.tcz.dep", "openssh.tcz.md5.txt",
                "zlib.tcz", "zlib.tcz.md5.txt")));

        Map<String, SampleImages.Item> t = SampleImages.tree(out);
        assertEquals("DIRECTORY 0775 1001:50", t.get("/tmp/builtin").summary());
        assertEquals("DIRECTORY 0775 1001:50", t.get("/tmp/builtin/optional").summary());
        assertEquals("REGULAR 0664 1001:50", t.get("/tmp/builtin/onboot.lst").summary());
        assertEquals("openssh.tcz\n", t.get("/tmp/builtin/onboot.lst").text());
        for (String f : List.of("openssh.tcz", "openssh.tcz.dep", "openssh.tcz.md5.txt", "openssl.tcz", "openssl.tcz.dep",
                "ca-certificates.tcz", "zlib.tcz")) {
            SampleImages.Item item = t.get("/tmp/builtin/optional/" + f);
            assertEquals("REGULAR 0664 1001:50", item.summary(), f);
            assertArrayEquals(Files.readAllBytes(tcz.resolve(f)), item.data(), f);
        }
        assertFalse(t.containsKey("/tmp/builtin/optional/alsa.tcz"));
        assertEquals("DIRECTORY 01777 0:0", t.get("/tmp").summary());
    }

    @Test
    void addingMoreAppendsToTheListAndSkipsWhatIsThere() throws Exception {
        Path first = SampleImages.edited(SampleImages.copy(dir), dir.resolve("first.gz"),
                image -> Extensions.add(image, List.of(tcz.resolve("openssh.tcz")), ExtensionOptions.defaults()));
        Path second = SampleImages.edited(first, dir.resolve("second.gz"), image -> {
            ExtensionsUpdate u = Extensions.add(image, List.of(tcz.resolve("alsa.tcz"), tcz.resolve("openssh.tcz")),
                    ExtensionOptions.defaults());
            assertEquals(List.of("alsa.tcz"), u.listed());
            assertEquals(List.of("alsa-modules-6.6.8-tinycore64.tcz", "alsa-modules-6.6.8-tinycore64.tcz.md5.txt", "alsa.tcz",
                    "alsa.tcz.dep", "alsa.tcz.md5.txt"), u.copied().stream().sorted().toList());
            assertEquals(List.of("openssh.tcz", "alsa.tcz"), Extensions.listed(image, ExtensionOptions.defaults()));
        });
        Map<String, SampleImages.Item> t = SampleImages.tree(second);
        assertEquals("openssh.tcz\nalsa.tcz\n", t.get("/tmp/builtin/onboot.lst").text());
        // The .dep file keeps its placeholder: tce-load replaces it at boot.
        assertEquals("alsa-modules-KERNEL.tcz\nopenssl.tcz\n", t.get("/tmp/builtin/optional/alsa.tcz.dep").text());
    }

    @Test
    void aChangedExtensionReplacesTheImagesCopy() throws Exception {
        Path first = SampleImages.edited(SampleImages.copy(dir), dir.resolve("first.gz"),
                image -> Extensions.add(image, List.of(tcz.resolve("zlib.tcz")), ExtensionOptions.defaults()));
        Files.writeString(tcz.resolve("zlib.tcz"), "a newer build");
        Files.delete(tcz.resolve("zlib.tcz.md5.txt"));
        Path second = SampleImages.edited(first, dir.resolve("second.gz"), image -> assertEquals(List.of("zlib.tcz"),
                Extensions.add(image, List.of(tcz.resolve("zlib.tcz")), ExtensionOptions.defaults()).copied()));
        assertEquals("a newer build", SampleImages.tree(second).get("/tmp/builtin/optional/zlib.tcz").text());
    }

    @Test
    void missingDependenciesAreAllReportedAndNothingChanges() throws Exception {
        Files.writeString(tcz.resolve("openssl.tcz.dep"), "ca-certificates.tcz\nlibgcc\n");
        Files.delete(tcz.resolve("zlib.tcz"));
        try (EditableImage image = EditableImage.open(SampleImages.copy(dir))) {
            MissingDependencyException e = assertThrows(MissingDependencyException.class,
                    () -> Extensions.add(image, List.of(tcz.resolve("openssh.tcz"), tcz.resolve("nano.tcz")),
                            ExtensionOptions.defaults()));
            assertEquals(3, e.missing().size(), e.getMessage());
            assertEquals("libgcc", e.missing().get(0).name());
            assertEquals(List.of("openssh.tcz", "openssl.tcz"), e.missing().get(0).neededBy());
            assertTrue(e.getMessage().contains("libgcc (dependency of openssh.tcz -> openssl.tcz): not found in " + tcz
                    + " (.dep files name extensions with their .tcz suffix)"), e.getMessage());
            assertTrue(e.getMessage().contains("zlib.tcz (dependency of openssh.tcz): not found"), e.getMessage());
            assertTrue(e.getMessage().contains("nano.tcz: not found"), e.getMessage());
            assertFalse(image.isModified());
        }
    }

    @Test
    void theKernelPlaceholderNeedsAKnownVersion() throws Exception {
        try (EditableImage image = EditableImage.open(SampleImages.copy(dir))) {
            Files.createDirectory(image.fileSystem().getPath("/lib/modules/6.1.2-tinycore"));
            MissingDependencyException e = assertThrows(MissingDependencyException.class,
                    () -> Extensions.add(image, List.of(tcz.resolve("alsa.tcz")), ExtensionOptions.defaults()));
            assertTrue(e.getMessage().contains("alsa-modules-KERNEL.tcz (dependency of alsa.tcz): the kernel version for KERNEL"
                    + " is unknown: the image's /lib/modules holds [6.1.2-tinycore, 6.6.8-tinycore64]"), e.getMessage());
            ExtensionsUpdate u = Extensions.add(image, List.of(tcz.resolve("alsa.tcz")),
                    ExtensionOptions.defaults().withKernelVersion("6.6.8-tinycore64"));
            assertEquals(List.of("alsa-modules-6.6.8-tinycore64.tcz", "ca-certificates.tcz", "openssl.tcz", "alsa.tcz"),
                    u.loadOrder());
        }
    }

    @Test
    void aBadChecksumIsRefused() throws Exception {
        Files.writeString(tcz.resolve("zlib.tcz.md5.txt"), "0123456789abcdef0123456789abcdef  zlib.tcz\n");
        try (EditableImage image = EditableImage.open(SampleImages.copy(dir))) {
            IOException e = assertThrows(IOException.class,
                    () -> Extensions.add(image, List.of(tcz.resolve("openssh.tcz")), ExtensionOptions.defaults()));
            assertTrue(e.getMessage().contains("does not match"), e.getMessage());
            assertFalse(image.isModified());
        }
    }

    @Test
    void aDependencyCycleLoadsEachOnce() throws Exception {
        extension("a.tcz", "b.tcz");
        extension("b.tcz", "a.tcz", "c.tcz");
        extension("c.tcz", "b.tcz");
        try (EditableImage image = EditableImage.open(SampleImages.copy(dir))) {
            assertEquals(List.of("c.tcz", "b.tcz", "a.tcz"),
                    Extensions.add(image, List.of(tcz.resolve("a.tcz")), ExtensionOptions.defaults()).loadOrder());
        }
    }

    @Test
    void anotherListNameForTheLstBootCode() throws Exception {
        Path out = SampleImages.editedTwice(dir, image -> Extensions.add(image, List.of(tcz.resolve("zlib.tcz")),
                ExtensionOptions.defaults().withListName("server.lst")));
        Map<String, SampleImages.Item> t = SampleImages.tree(out);
        assertEquals("zlib.tcz\n", t.get("/tmp/builtin/server.lst").text());
        assertFalse(t.containsKey("/tmp/builtin/onboot.lst"));
    }

    @Test
    void namesAlreadyListedWithoutTczCount() throws Exception {
        try (EditableImage image = EditableImage.open(SampleImages.copy(dir))) {
            Files.createDirectories(image.fileSystem().getPath("/tmp/builtin"));
            Files.writeString(image.fileSystem().getPath("/tmp/builtin/onboot.lst"), "zlib # compression\n",
                    StandardCharsets.UTF_8);
            assertEquals(List.of(), Extensions.add(image, List.of(tcz.resolve("zlib.tcz")), ExtensionOptions.defaults()).listed());
            assertThrows(IllegalArgumentException.class,
                    () -> Extensions.add(image, List.of(tcz.resolve("zlib.tcz.dep")), ExtensionOptions.defaults()));
        }
    }
}
