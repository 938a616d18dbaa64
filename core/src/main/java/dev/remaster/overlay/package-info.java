/**
 * Editing an image: {@link dev.remaster.overlay.EditableImage} shows it as a
 * {@link java.nio.file.FileSystem} (contents loaded when read, owners, devices and modes from the
 * image), records edits and writes a new image that copies untouched segments and entries byte
 * for byte. {@link dev.remaster.overlay.InitramfsFileSystemProvider} opens an image as the JDK's
 * zipfs opens a zip file, by path or by {@code initramfs:} URI.
 */
package dev.remaster.overlay;
