package dev.remaster.boot;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.image.ArchiveSegment;
import dev.remaster.overlay.EditableImage;
import dev.remaster.overlay.SaveOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An edit appended as a new segment ({@link EditableImage#appendTo}) is applied by the kernel over
 * the base image: the base's {@code /init} runs {@code /etc/marker.sh}, which only the appended
 * segment holds, and prints {@code /etc/motd}, which the appended segment replaces.
 */
@Tag("qemu")
class AppendedOverlayBootTest {
    static final String BASE_INIT = """
            #!/bin/sh
            export PATH=/bin
            /bin/mount -t proc proc /proc
            /bin/echo "motd $(/bin/cat /etc/motd)"
            if [ -x /etc/marker.sh ]; then /etc/marker.sh; else /bin/echo REMASTER-NO-OVERLAY; fi
            /bin/sleep 2
            /bin/poweroff -f
            """;

    @TempDir
    Path dir;

    /**
     * @param base the base image's compression
     * @param overlay the appended segment's compression; "same" lets appendTo choose (the last
     *     segment's), and none after a compressed base needs NUL padding to a 4-aligned offset
     */
    @ParameterizedTest(name = "{0} base, {1} overlay")
    @CsvSource({"gzip, same", "gzip, none", "none, xz"})
    void theKernelAppliesTheAppendedSegment(String base, String overlay) throws Exception {
        BootKernel kernel = BootKernel.installedOrSkip();
        Compression baseCompression = Compression.fromName(base);
        Compression overlayCompression = overlay.equals("same") ? baseCompression : Compression.fromName(overlay);
        Set<String> config = kernel.builtInOptionsOrSkip();
        for (Compression c : List.of(baseCompression, overlayCompression)) {
            String option = ScratchImageBootTest.configOption(c);
            assumeTrue(config.contains(option), "skipped: " + kernel.config().orElseThrow() + " lacks " + option
                    + "=y: the kernel cannot unpack a " + c.displayName() + " initramfs");
        }
        String marker = "REMASTER-OVERLAY-OK " + base + "+" + overlay;
        Path baseImage = dir.resolve("base.img");
        ScratchImage.withInit(BASE_INIT).etcFile("motd", "from the base\n")
                .write(baseImage, baseCompression, EncoderOptions.defaults(baseCompression));

        Path appended = dir.resolve("appended.img");
        try (EditableImage image = EditableImage.open(baseImage)) {
            FileSystem fs = image.fileSystem();
            Files.writeString(fs.getPath("/etc/marker.sh"), "#!/bin/sh\n/bin/echo \"" + marker + "\"\n");
            image.setMode("/etc/marker.sh", 0755);
            Files.writeString(fs.getPath("/etc/motd"), "from the overlay\n");
            SaveOptions options = SaveOptions.defaults();
            image.appendTo(appended, overlay.equals("same") ? options : options.withCompression(overlayCompression));
        }
        byte[] baseBytes = Files.readAllBytes(baseImage);
        byte[] appendedBytes = Files.readAllBytes(appended);
        assertTrue(appendedBytes.length > baseBytes.length && Files.mismatch(baseImage, appended) == baseBytes.length,
                "the appended image starts with the base image unchanged");
        try (EditableImage image = EditableImage.open(appended)) {
            List<Compression> members = image.segments().stream()
                    .filter(s -> s instanceof ArchiveSegment).map(s -> (ArchiveSegment) s)
                    .flatMap(a -> a.members().stream().map(m -> a.compression()))
                    .toList();
            assertEquals(List.of(baseCompression, overlayCompression), members, "base member, then the appended one");
        }

        dev.remaster.kernel.LintReport lint = dev.remaster.kernel.KernelLint.check(appended);
        assertEquals(0, lint.errors() + lint.warnings(), lint.findings().toString());
        BootResult boot = QemuBoot.of(kernel, appended).run(marker, dir);

        assertEquals(BootResult.End.MARKER, boot.end(), boot::describe);
        assertTrue(boot.printed("motd from the overlay"), () -> "the overlay's /etc/motd replaced the base's\n" + boot.describe());
        assertFalse(boot.printed("REMASTER-NO-OVERLAY"), boot::describe);
    }

    /**
     * The same through {@link dev.remaster.script.EditOperation#append}, which reads a gzip image Remaster wrote only
     * up to /etc and its last chunk: the kernel applies the new segment all the same.
     */
    @Test
    void theKernelAppliesASegmentAppendedAfterReadingOnlyWhatTheEditNeeds() throws Exception {
        BootKernel kernel = BootKernel.installedOrSkip();
        assumeTrue(kernel.builtInOptionsOrSkip().contains(ScratchImageBootTest.configOption(Compression.GZIP)),
                "skipped: the kernel cannot unpack a gzip initramfs");
        Path baseImage = dir.resolve("base.img");
        byte[] pad = new byte[3 << 20];
        new java.util.Random(3).nextBytes(pad);
        ScratchImage.withInit(BASE_INIT).etcFile("motd", "from the base\n").file("usr/share/pad", pad)
                .write(baseImage, Compression.GZIP, EncoderOptions.defaults(Compression.GZIP));
        String marker = "REMASTER-PARTIAL-APPEND-OK";
        Path script = dir.resolve("marker.sh");
        Files.writeString(script, "#!/bin/sh\n/bin/echo \"" + marker + "\"\n");
        Path motd = dir.resolve("motd");
        Files.writeString(motd, "from the overlay\n");
        Path appended = dir.resolve("appended.img");
        dev.remaster.script.EditOperation.append(baseImage, dev.remaster.cpio.ReadOptions.defaults(), List.of(
                new dev.remaster.script.EditOperation.Put(script, "/etc/marker.sh", 0755, null, null),
                new dev.remaster.script.EditOperation.Put(motd, "/etc/motd", null, null, null)),
                appended, SaveOptions.defaults());
        assertEquals(Files.size(baseImage), Files.mismatch(baseImage, appended), "the base image, unchanged, first");
        dev.remaster.kernel.LintReport lint = dev.remaster.kernel.KernelLint.check(appended);
        assertEquals(0, lint.errors() + lint.warnings(), lint.findings().toString());

        BootResult boot = QemuBoot.of(kernel, appended).run(marker, dir);
        assertEquals(BootResult.End.MARKER, boot.end(), boot::describe);
        assertTrue(boot.printed("motd from the overlay"), boot::describe);
    }
}
