/**
 * The lowest package: {@link dev.remaster.io.FormatException}, the one root of every format error
 * (cpio, compressed data, image, spec list, squashfs), each naming the source, the byte offset,
 * the entry and the field at fault. Checked I/O errors stay {@link java.io.IOException}s.
 */
package dev.remaster.io;
