/**
 * Kernel-faithful images: what the Linux kernel's initramfs unpacker does with an image, and
 * images written so that the same input always gives the same bytes.
 *
 * <p>{@link dev.remaster.kernel.KernelLint} replays an image on a model of the kernel's unpacker
 * (init/initramfs.c, lib/decompress_*.c, lib/earlycpio.c) and reports every entry the kernel
 * skips or fails, every segment it refuses, and what duplicates and trailers do:
 *
 * <pre>{@code
 * LintReport report = KernelLint.check(Path.of("initrd.img"));
 * for (Finding f : report.findings()) {
 *     System.out.println(f);   // ERROR PARENT_MISSING [segment 1] 'etc/passwd' @0x1F4: its directory ...
 * }
 * int exit = report.hasErrors() ? 1 : 0;
 * }</pre>
 *
 * <p>{@link dev.remaster.kernel.Reproducible} rewrites an image so that the same tree always gives
 * the same bytes: entries in {@link dev.remaster.kernel.PathOrder} (parents first), inodes
 * renumbered, mtimes clamped to {@code SOURCE_DATE_EPOCH}, owners forced when asked:
 *
 * <pre>{@code
 * Reproducible.rewrite(source, target, Compression.GZIP, EncoderOptions.defaults(Compression.GZIP),
 *         ReproducibleOptions.fromEnvironment().withForceOwner(0, 0));
 * }</pre>
 */
package dev.remaster.kernel;
