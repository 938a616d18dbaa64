package dev.remaster.boot;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Images made from scratch by Remaster (busybox-static, applet links, a console device node made
 * without root, an {@code /init} script) boot in QEMU with the installed Debian kernel, once for
 * each compression the kernel can unpack and once uncompressed. The init script proves that the
 * kernel unpacked every byte: it prints the SHA-256 of {@code /bin/busybox} as the guest sees it,
 * and the kernel release read from the mounted {@code /proc}.
 */
@Tag("qemu")
class ScratchImageBootTest {
    @TempDir
    Path dir;

    /** The kernel option that makes the kernel unpack an initramfs compressed with {@code c}. */
    static String configOption(Compression c) {
        return switch (c) {
            case NONE -> "CONFIG_BLK_DEV_INITRD";
            case GZIP -> "CONFIG_RD_GZIP";
            case BZIP2 -> "CONFIG_RD_BZIP2";
            case LZMA -> "CONFIG_RD_LZMA";
            case XZ -> "CONFIG_RD_XZ";
            case LZO -> "CONFIG_RD_LZO";
            case LZ4_LEGACY -> "CONFIG_RD_LZ4";
            case ZSTD -> "CONFIG_RD_ZSTD";
        };
    }

    /**
     * Every compression with its default encoder options; gzip twice, with one thread and with
     * several (the bytes should be the same; the kernel must accept both ways they were made).
     */
    static Stream<Arguments> encodings() {
        List<Arguments> cases = new ArrayList<>();
        for (Compression c : Compression.values()) {
            if (c == Compression.GZIP) {
                cases.add(Arguments.of("gzip", c, EncoderOptions.defaults(c).withThreads(1)));
                cases.add(Arguments.of("gzip-parallel", c, EncoderOptions.defaults(c).withThreads(2)));
            } else if (c == Compression.ZSTD) {
                // Remaster's own encoder, two threads, every level: fast (1), double-fast (2-3), greedy,
                // lazy and lazy2 over the row match finder (4-12; 9 is what initramfs-tools writes),
                // binary-tree lazy2 (13-15), optimal parsing (16-19)
                for (int level = 1; level <= 19; level++) {
                    cases.add(Arguments.of("zstd-" + level, c, new EncoderOptions(level, 2)));
                }
            } else {
                cases.add(Arguments.of(c.displayName(), c, EncoderOptions.defaults(c)));
            }
        }
        return cases.stream();
    }

    /**
     * The init every scratch image runs. It pauses before {@code poweroff -f}: powering off right
     * after the marker could cut the console's last lines still queued in the kernel's serial
     * buffer (seen once on a loaded host: init's output ended at the line before the marker).
     * The harness stops at the marker, so the pause costs nothing.
     */
    static String initScript(String marker) {
        return """
                #!/bin/sh
                export PATH=/bin
                /bin/mount -t proc proc /proc
                /bin/echo "osrelease $(/bin/cat /proc/sys/kernel/osrelease)"
                /bin/sha256sum /bin/busybox
                /bin/echo "%s"
                /bin/sleep 2
                /bin/poweroff -f
                """.formatted(marker);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void bootsWithTheInstalledKernel(String label, Compression compression, EncoderOptions encoder) throws Exception {
        BootKernel kernel = BootKernel.installedOrSkip();
        String option = configOption(compression);
        if (compression != Compression.NONE || kernel.config().isPresent()) {
            Set<String> config = kernel.builtInOptionsOrSkip();
            assumeTrue(config.contains("CONFIG_BLK_DEV_INITRD"),
                    "skipped: " + kernel.config().orElseThrow() + " lacks CONFIG_BLK_DEV_INITRD=y: no initramfs support");
            assumeTrue(config.contains(option), "skipped: " + kernel.config().orElseThrow() + " lacks " + option
                    + "=y: the kernel cannot unpack a " + compression.displayName() + " initramfs");
        }
        String marker = "REMASTER-BOOT-OK " + label;
        Path image = dir.resolve("scratch-" + label + ".img");
        ScratchImage.withInit(initScript(marker)).write(image, compression, encoder);
        assertEquals(compression, Compression.detect(Files.readAllBytes(image), 0, Compression.MAGIC_LENGTH),
                "the image starts with the magic of " + compression);

        // The lint reports nothing on an image the kernel boots.
        dev.remaster.kernel.LintReport lint = dev.remaster.kernel.KernelLint.check(image);
        assertEquals(0, lint.errors() + lint.warnings(), lint.findings().toString());
        BootResult boot = QemuBoot.of(kernel, image).run(marker, dir);

        assertEquals(BootResult.End.MARKER, boot.end(), boot::describe);
        assertTrue(boot.printed("osrelease " + kernel.version()),
                () -> "init read the kernel release from /proc\n" + boot.describe());
        assertTrue(boot.printed(sha256(ScratchImage.BUSYBOX) + "  /bin/busybox"),
                () -> "the guest's /bin/busybox has the host's SHA-256\n" + boot.describe());
    }

    /**
     * A zstd image edited by chunks: written at level 1 (1 MiB chunks, busybox's entry ends the first),
     * then its {@code /init} replaced, which recompresses the last chunk and copies the first one's
     * blocks into the new frame. The kernel unpacks the frame made of both.
     */
    @org.junit.jupiter.api.Test
    void bootsAZstdImageWhoseEditCopiedAChunk() throws Exception {
        BootKernel kernel = BootKernel.installedOrSkip();
        Set<String> config = kernel.builtInOptionsOrSkip();
        assumeTrue(config.contains("CONFIG_RD_ZSTD"), "skipped: the kernel lacks CONFIG_RD_ZSTD=y");
        Path image = dir.resolve("scratch-zstd-chunked.img");
        ScratchImage.withInit(initScript("never printed")).write(image, Compression.ZSTD, new EncoderOptions(1, 2));
        String marker = "REMASTER-BOOT-OK zstd-edited-by-chunks";
        Path edited = dir.resolve("edited.img");
        try (dev.remaster.overlay.EditableImage img = dev.remaster.overlay.EditableImage.open(image)) {
            Files.writeString(img.fileSystem().getPath("/init"), initScript(marker));
            img.writeTo(edited, dev.remaster.overlay.SaveOptions.defaults().withThreads(2).withLevel(3));
        }
        byte[] before = Files.readAllBytes(image);
        byte[] after = Files.readAllBytes(edited);
        // the first chunk (up to the end of busybox's entry) is copied: the blocks after the 6-byte
        // header agree for well over a mebibyte of busybox
        int same = 6;
        while (same < Math.min(before.length, after.length) && before[same] == after[same]) {
            same++;
        }
        assertTrue(same > 200_000, "the first chunk's blocks are copied: the images agree up to byte " + same);
        BootResult boot = QemuBoot.of(kernel, edited).run(marker, dir);
        assertEquals(BootResult.End.MARKER, boot.end(), boot::describe);
        assertTrue(boot.printed(sha256(ScratchImage.BUSYBOX) + "  /bin/busybox"),
                () -> "the guest's /bin/busybox, from the copied chunk, has the host's SHA-256\n" + boot.describe());
    }

    static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
