package dev.remaster.boot;

import dev.remaster.testing.Peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A Linux kernel image to boot, with the build configuration installed beside it when there is one
 * (Debian's {@code linux-image-*} puts {@code /boot/vmlinuz-V} and {@code /boot/config-V} side by
 * side).
 *
 * @param image the bzImage
 * @param config the kernel's {@code .config}, if installed
 */
record BootKernel(Path image, Optional<Path> config) {
    /** Where Debian's linux-image packages install kernels. */
    static final Path BOOT = Path.of("/boot");

    /** The Debian installer's netboot kernel, which boots its {@link #INSTALLER_INITRD}. */
    static final Path INSTALLER_KERNEL = Peers.installerKernel();

    /** The Debian installer's netboot initrd (package debian-installer-12-netboot-amd64). */
    static final Path INSTALLER_INITRD = Peers.installerImage();

    /**
     * The newest readable {@code /boot/vmlinuz-*}, or skips the test saying that
     * {@code linux-image-amd64} is missing (or that the kernel is not readable, as on systems that
     * install it mode 0600).
     */
    static BootKernel installedOrSkip() throws IOException {
        List<Path> kernels;
        try (Stream<Path> s = Files.isDirectory(BOOT) ? Files.list(BOOT) : Stream.empty()) {
            kernels = s.filter(p -> p.getFileName().toString().startsWith("vmlinuz-"))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .collect(Collectors.toList());
        }
        assumeTrue(!kernels.isEmpty(), "skipped: no kernel at /boot/vmlinuz-*: install linux-image-amd64");
        Path image = kernels.get(0);
        assumeTrue(Files.isReadable(image), "skipped: kernel " + image + " is not readable by this user");
        String version = image.getFileName().toString().substring("vmlinuz-".length());
        Path config = BOOT.resolve("config-" + version);
        return new BootKernel(image, Files.isReadable(config) ? Optional.of(config) : Optional.empty());
    }

    /** The Debian installer's own kernel, or skips the test saying which package is missing. */
    static BootKernel installerOrSkip() {
        assumeTrue(Files.isReadable(INSTALLER_KERNEL) && Files.isReadable(INSTALLER_INITRD),
                "skipped: no Debian installer kernel and initrd at " + INSTALLER_KERNEL.getParent()
                        + ": install debian-installer-12-netboot-amd64");
        return new BootKernel(INSTALLER_KERNEL, Optional.empty());
    }

    /**
     * The options set to {@code y} in the kernel's configuration, or skips the test when the
     * configuration is not installed (so it is unknown which decompressors the kernel has).
     */
    Set<String> builtInOptionsOrSkip() throws IOException {
        assumeTrue(config.isPresent(), "skipped: no /boot/config-* beside " + image
                + " to tell which initramfs decompressors the kernel has");
        try (Stream<String> lines = Files.lines(config.get(), StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.endsWith("=y"))
                    .map(l -> l.substring(0, l.length() - 2))
                    .collect(Collectors.toUnmodifiableSet());
        }
    }

    /**
     * The version string in the bzImage's setup header (the {@code kernel_version} pointer at
     * 0x20E, counted from 0x200), up to its first space: what {@code uname -r} prints.
     */
    String version() throws IOException {
        byte[] head = new byte[64 * 1024];
        int n;
        try (var in = Files.newInputStream(image)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n < 0x210 || head[0x202] != 'H' || head[0x203] != 'd' || head[0x204] != 'r' || head[0x205] != 'S') {
            throw new IOException(image + " has no bzImage setup header");
        }
        int at = 0x200 + ((head[0x20E] & 0xFF) | (head[0x20F] & 0xFF) << 8);
        int end = at;
        while (end < n && head[end] != 0 && head[end] != ' ') {
            end++;
        }
        return new String(head, at, end - at, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return image.toString();
    }
}
