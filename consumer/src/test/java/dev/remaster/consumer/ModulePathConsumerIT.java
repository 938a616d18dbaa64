package dev.remaster.consumer;

import dev.remaster.Initramfs;
import dev.remaster.compress.Compression;
import dev.remaster.cpio.EntryType;
import dev.remaster.overlay.EditableImage;
import dev.remaster.overlay.SaveOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library as a JPMS module sees it: these tests run on the module path (failsafe patches them
 * into {@code dev.remaster.consumer}), with core's packaged jar and its declared dependencies only.
 */
class ModulePathConsumerIT {
    private static final Path ROOT = Path.of(Objects.requireNonNullElse(System.getProperty("remaster.root"), ".."));
    private static final Path SAMPLE = ROOT.resolve("testdata/tinycore/core-sample.gz");

    @TempDir
    Path tmp;

    @Test
    void bothSidesAreNamedModulesAndCoreIsNotAutomatic() {
        assertEquals("dev.remaster.consumer", ImageCensus.class.getModule().getName(),
                "the tests ran on the class path, so they test nothing about modules");
        Module core = Initramfs.class.getModule();
        assertEquals("dev.remaster.core", core.getName());
        assertFalse(core.getDescriptor().isAutomatic(), "core has no module-info in its jar");
        String location = core.getLayer().configuration().findModule("dev.remaster.core").orElseThrow()
                .reference().location().orElseThrow().toString();
        assertTrue(location.endsWith(".jar"), "core came from " + location + ", not from its packaged jar");
    }

    @Test
    void onlyTheApiPackagesAreExported() {
        ModuleDescriptor core = Initramfs.class.getModule().getDescriptor();
        Set<String> exported = core.exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("dev.remaster", "dev.remaster.io", "dev.remaster.cpio",
                "dev.remaster.compress", "dev.remaster.image", "dev.remaster.overlay", "dev.remaster.script", "dev.remaster.extract",
                "dev.remaster.spec", "dev.remaster.kernel", "dev.remaster.reproducible", "dev.remaster.diff", "dev.remaster.tinycore",
                "dev.remaster.squashfs")), exported);
        Set<String> hidden = new TreeSet<>(core.packages());
        hidden.removeAll(exported);
        assertTrue(hidden.contains("dev.remaster.internal"), "internals moved or exported: " + hidden);
        assertTrue(hidden.contains("dev.remaster.compress.zstd"), "internals moved or exported: " + hidden);
    }

    @Test
    void readsAGzipImageWithTheModulesCoreRequires() throws IOException {
        Map<EntryType, Integer> census = ImageCensus.of(SAMPLE);
        assertTrue(census.getOrDefault(EntryType.REGULAR, 0) > 10, census.toString());
        assertTrue(census.getOrDefault(EntryType.CHAR_DEVICE, 0) > 0, census.toString());
        try (EditableImage image = Initramfs.open(SAMPLE)) {
            long walked;
            try (Stream<Path> paths = Files.walk(image.fileSystem().getPath("/"))) {
                walked = paths.count() - 1;
            }
            int read = census.values().stream().mapToInt(Integer::intValue).sum();
            assertTrue(walked > 0 && walked <= read, walked + " paths walked, " + read + " entries read");
        }
    }

    @Test
    void theFileSystemProviderIsFoundAcrossModules() throws IOException {
        Path copy = Files.copy(SAMPLE, tmp.resolve("copy.gz"));
        try (FileSystem fs = FileSystems.newFileSystem(copy)) {
            Files.writeString(fs.getPath("/etc/motd"), "from a module\n");
        }
        try (FileSystem fs = FileSystems.newFileSystem(copy)) {
            assertEquals("from a module\n", Files.readString(fs.getPath("/etc/motd")));
        }
    }

    @Test
    void aTczOpensAsAReadOnlyFileSystemAcrossModules() throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("ext/usr/local/bin"));
        Files.writeString(tree.resolve("hello"), "#!/bin/sh\necho hello\n");
        dev.remaster.squashfs.SquashfsWriter writer =
                new dev.remaster.squashfs.SquashfsWriter(dev.remaster.squashfs.WriterOptions.tinyCore());
        writer.addTree(tmp.resolve("ext"));
        Path tcz = tmp.resolve("hello.tcz");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tcz,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            writer.write(ch);
        }
        try (FileSystem fs = FileSystems.newFileSystem(tcz)) {
            assertEquals("#!/bin/sh\necho hello\n", Files.readString(fs.getPath("/usr/local/bin/hello")));
            assertTrue(fs.isReadOnly());
        }
    }

    @Test
    void bzip2AndXzImagesNeedNoMoreThanTheDeclaredDependencies() throws IOException {
        for (Compression compression : new Compression[] {Compression.BZIP2, Compression.XZ, Compression.LZMA,
                Compression.ZSTD, Compression.LZ4_LEGACY, Compression.LZO}) {
            Path out = tmp.resolve("image." + compression.name());
            try (EditableImage image = Initramfs.open(SAMPLE)) {
                Files.writeString(image.fileSystem().getPath("/etc/motd"), compression.name() + "\n");
                image.writeTo(out, SaveOptions.defaults().withCompression(compression));
            }
            assertEquals(ImageCensus.of(SAMPLE).keySet(), ImageCensus.of(out).keySet(), compression.name());
            try (EditableImage image = Initramfs.open(out)) {
                assertEquals(compression.name() + "\n",
                        Files.readString(image.fileSystem().getPath("/etc/motd")), compression.name());
            }
        }
    }
}
