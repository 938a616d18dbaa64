package dev.remaster.kernel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Checks an initramfs image against what the Linux kernel's unpacker does with it
 * (init/initramfs.c, lib/decompress_*.c, lib/earlycpio.c), and reports every difference between
 * what the image says and what the booted system would get as a {@link Finding}.
 *
 * <pre>{@code
 * LintReport report = KernelLint.check(Path.of("initrd.img"));
 * report.findings().forEach(System.out::println);
 * if (report.hasErrors()) { ... }                   // the image does not boot as meant
 * }</pre>
 *
 * <p><b>What is checked</b> is listed in {@link LintCode}: the layout of segments and padding, the
 * headers of compressed members, the cpio formats, and each entry replayed on a model of the
 * rootfs (names and targets the kernel skips, missing parents, duplicates and replaced types, hard
 * link groups and trailers, early-loader files).
 *
 * <p><b>Cost.</b> The image is read once, streaming, with an
 * {@link dev.remaster.image.ImageReader}; entry data is skipped, never held. Only a few header
 * bytes of each compressed member are read again. Memory grows with the number of paths (the
 * model of the tree and the hard link table), not with the data.
 *
 * <p><b>Malformed data.</b> When the image cannot be read further (a name without its NUL, corrupt
 * compressed data, bytes that are no archive...), the check does not throw: it reports the error
 * as the last finding, with its offset, and marks the report incomplete. The kernel stops
 * unpacking at such a point too.
 */
public final class KernelLint {
    private KernelLint() {
    }

    /**
     * Checks the image file {@code image}.
     *
     * @return the findings; {@link LintReport#hasErrors()} tells whether the image boots as meant
     * @throws IOException only when the file cannot be read (format problems are findings)
     * @param image the image file
     */
    public static LintReport check(Path image) throws IOException {
        Objects.requireNonNull(image, "image");
        return new LintRun(image).run();
    }
}
