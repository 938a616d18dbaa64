/**
 * Remaster's entry point: {@link dev.remaster.Initramfs} opens an image for editing or reading.
 * The packages below it, from the lowest: {@code io} (the format-error root), {@code cpio},
 * {@code compress}, {@code image}, {@code overlay}, then {@code extract}, {@code spec},
 * {@code kernel}, {@code diff}, {@code squashfs} and {@code tinycore}.
 */
package dev.remaster;
