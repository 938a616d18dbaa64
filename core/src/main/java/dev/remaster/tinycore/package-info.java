/**
 * Tiny Core Linux remastering as one-line operations on an
 * {@link dev.remaster.overlay.EditableImage} of {@code core.gz}, {@code microcore.gz} or
 * {@code rootfs.gz} (gzip-compressed newc archives, 3.x to today's releases).
 *
 * <pre>{@code
 * try (EditableImage image = EditableImage.open(Path.of("core.gz"))) {
 *     BootCodes.setDefaults(image, "tce=vda1 home=vda3 opt=vda3 waitusb=5");
 *     BootScript.bootLocal(image).put("sshd", "/usr/local/etc/init.d/openssh start");
 *     BackupList.included(image).add("etc/ssh");
 *     Extensions.add(image, List.of(Path.of("openssh.tcz")), ExtensionOptions.defaults());
 *     image.writeTo(Path.of("core-new.gz"), SaveOptions.defaults());
 * }
 * }</pre>
 *
 * <ul>
 * <li>{@link dev.remaster.tinycore.BootCodes}: default boot codes, applied at boot by presenting a
 *     merged {@code /proc/cmdline}; {@link dev.remaster.tinycore.BootCodes#listKnownBootCodes}
 *     lists the codes the image's scripts read.
 * <li>{@link dev.remaster.tinycore.BootScript}: commands of {@code /opt/bootsync.sh} and
 *     {@code /opt/bootlocal.sh}.
 * <li>{@link dev.remaster.tinycore.BackupList}: {@code /opt/.filetool.lst} and
 *     {@code /opt/.xfiletool.lst}.
 * <li>{@link dev.remaster.tinycore.Extensions}: {@code .tcz} extensions with their dependencies,
 *     built into {@code /tmp/builtin}.
 * <li>{@link dev.remaster.tinycore.GrubEntry}: the GRUB 2 menu entry of a disk install.
 * </ul>
 *
 * <p>Every recipe is idempotent: running it again with the same arguments leaves the image
 * unchanged, so that the image is written back byte for byte.
 *
 * <p><b>Installing to a disk.</b> A "frugal" install keeps {@code vmlinuz} and the image as files
 * on a partition and boots them with a {@link dev.remaster.tinycore.GrubEntry}. To unpack the
 * image's tree onto a mounted partition instead, with owners, modes, device nodes and links as
 * the image says, run {@code remaster extract core.gz /mnt/target} as root (the
 * {@code dev.remaster.extract} package does the work).
 */
package dev.remaster.tinycore;
