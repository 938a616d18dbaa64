package dev.remaster.tinycore;

import dev.remaster.squashfs.SquashfsWriter;
import dev.remaster.squashfs.WriterOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Extensions unpacked into the sample image, as tce-load would leave them after booting. */
class UnpackedExtensionsTest {
    @TempDir
    Path dir;
    Path tcz;

    private Path extension(String name, Map<String, String> files, String... deps) throws IOException {
        Path tree = Files.createDirectories(dir.resolve("trees").resolve(name));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = tree.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            if (f.getValue().startsWith("->")) {
                Files.createSymbolicLink(p, Path.of(f.getValue().substring(2)));
            } else {
                Files.writeString(p, f.getValue());
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        f.getKey().contains("/bin/") || f.getKey().contains("tce.installed") ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        SquashfsWriter w = new SquashfsWriter(WriterOptions.tinyCore());
        w.addTree(tree);
        Path out = tcz.resolve(name + ".tcz");
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            w.write(ch);
        }
        if (deps.length > 0) {
            Files.writeString(tcz.resolve(name + ".tcz.dep"), String.join("\n", deps) + "\n");
        }
        return out;
    }

    @BeforeEach
    void repository() throws IOException {
        tcz = Files.createDirectories(dir.resolve("tcz"));
        extension("hello", Map.of(
                "usr/local/bin/hello", "#!/bin/sh\necho hello\n",
                "usr/local/bin/hi", "->hello",
                "usr/local/lib/libhello.so.1", "not really a library",
                "usr/local/tce.installed/hello", "#!/bin/sh\necho HELLO-SETUP > /dev/console\n"), "greeting.tcz");
        extension("greeting", Map.of("usr/local/share/greeting.txt", "hi there\n"));
        extension("modules", Map.of("lib/modules/9.9.9-other/kernel/x.ko", "module"));
    }

    @Test
    void anExtensionAndItsDependencyAreUnpackedMarkedAndStartedAtBoot() throws Exception {
        ExtensionsUpdate[] update = new ExtensionsUpdate[1];
        Path out = SampleImages.editedTwice(Files.createDirectories(dir.resolve("work")), image -> {
            ExtensionsUpdate u = UnpackedExtensions.unpack(image, List.of(tcz.resolve("hello.tcz")), ExtensionOptions.defaults());
            if (update[0] == null) {
                update[0] = u;
            }
        });
        assertEquals(List.of("greeting.tcz", "hello.tcz"), update[0].loadOrder());
        Map<String, SampleImages.Item> tree = SampleImages.tree(out);
        assertEquals("#!/bin/sh\necho hello\n", new String(tree.get("/usr/local/bin/hello").data(), StandardCharsets.UTF_8));
        assertEquals(0755, tree.get("/usr/local/bin/hello").entry().permissions());
        assertEquals("hello", tree.get("/usr/local/bin/hi").entry().linkTarget().orElseThrow());
        assertEquals("hi there\n", new String(tree.get("/usr/local/share/greeting.txt").data(), StandardCharsets.UTF_8));
        // The dependency has no script: an empty marker owned by tc:staff, as tce-load's touch leaves it.
        SampleImages.Item marker = tree.get("/usr/local/tce.installed/greeting");
        assertEquals(0, marker.data().length);
        assertEquals(TinyCore.TC_UID, marker.entry().uid());
        assertTrue(tree.get("/usr/local/tce.installed/hello").data().length > 0, "the shipped start-up script is kept");
        String bootsync = new String(tree.get("/opt/bootsync.sh").data(), StandardCharsets.UTF_8);
        int ldconfig = bootsync.indexOf("/sbin/ldconfig");
        int setup = bootsync.indexOf("/bin/sh /usr/local/tce.installed/hello");
        assertTrue(ldconfig >= 0 && setup > ldconfig, bootsync);
        assertEquals(bootsync.indexOf("/bin/sh /usr/local/tce.installed/hello"),
                bootsync.lastIndexOf("/bin/sh /usr/local/tce.installed/hello"), "put once");
        assertTrue(bootsync.contains("/opt/bootlocal.sh &"), "the sample's own lines stay: " + bootsync);
    }

    @Test
    void modulesForAnotherKernelAndMissingDependenciesAreRefusedBeforeAnyChange() throws Exception {
        Path copy = SampleImages.copy(Files.createDirectories(dir.resolve("refusals")));
        try (dev.remaster.overlay.EditableImage image = dev.remaster.overlay.EditableImage.open(copy)) {
            IOException modules = assertThrows(IOException.class, () ->
                    UnpackedExtensions.unpack(image, List.of(tcz.resolve("modules.tcz")), ExtensionOptions.defaults()));
            assertTrue(modules.getMessage().contains("9.9.9-other") && modules.getMessage().contains("6.6.8-tinycore64"),
                    modules.getMessage());
            Files.delete(tcz.resolve("greeting.tcz"));
            assertThrows(MissingDependencyException.class, () ->
                    UnpackedExtensions.unpack(image, List.of(tcz.resolve("hello.tcz")), ExtensionOptions.defaults()));
            assertTrue(!image.isModified(), "a refusal changes nothing");
        }
    }
}
