/**
 * What the Linux kernel's initramfs unpacker does with an image.
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
 */
package dev.remaster.kernel;
