/**
 * An initramfs image as the kernel walks it: an ordered list of
 * {@linkplain dev.remaster.image.Segment segments} (archives, compressed or not, and NUL padding),
 * read entry by entry with {@link dev.remaster.image.ImageReader} and written with
 * {@link dev.remaster.image.ImageWriter}. Bytes that are neither padding nor an archive are an
 * {@link dev.remaster.image.ImageFormatException} at their offset, where the kernel stops too.
 */
package dev.remaster.image;
