/**
 * Remaster's library: open, edit and rebuild Linux initramfs images (cpio archives, usually
 * compressed) and Tiny Core squashfs extensions, without root and without unpacking to disk.
 *
 * <p>Start with {@link dev.remaster.Initramfs}: {@code Initramfs.open(path)} gives an editable image
 * whose {@link java.nio.file.FileSystem} view holds the image's entries. The exported packages are
 * the API; the packages this module does not export ({@code dev.remaster.internal} and the codecs'
 * internals) may change in any release.
 *
 * <p>Reading a gzip, zstd, lz4, lzo or uncompressed image needs only this module, jimfs and
 * aircompressor; bzip2 images also need Commons Compress, xz and lzma images the XZ library. Both
 * are declared dependencies; they are loaded only when such an image is met.
 *
 * @provides java.nio.file.spi.FileSystemProvider the {@code initramfs} scheme: an image opened with
 *     {@link java.nio.file.FileSystems#newFileSystem(java.nio.file.Path)} or an
 *     {@code initramfs:file:///...!/path} URI; and the {@code squashfs} scheme: a squashfs image
 *     ({@code .tcz}) opened read-only the same ways
 */
module dev.remaster.core {
    requires com.google.common.jimfs;
    // jimfs is an automatic module and declares nothing: Guava, which it needs, would not be
    // resolved on the module path (java -p ... -m app) unless a module requires it.
    requires com.google.common;
    requires aircompressor;
    requires org.apache.commons.compress;
    requires org.tukaani.xz;

    exports dev.remaster;
    exports dev.remaster.io;
    exports dev.remaster.cpio;
    exports dev.remaster.compress;
    exports dev.remaster.image;
    exports dev.remaster.overlay;
    exports dev.remaster.script;
    exports dev.remaster.extract;
    exports dev.remaster.spec;
    exports dev.remaster.kernel;
    exports dev.remaster.reproducible;
    exports dev.remaster.diff;
    exports dev.remaster.tinycore;
    exports dev.remaster.squashfs;
    // The command's output files are written as the library's (atomic, umask, signals).
    exports dev.remaster.internal to dev.remaster.cli;

    provides java.nio.file.spi.FileSystemProvider with dev.remaster.overlay.InitramfsFileSystemProvider,
            dev.remaster.squashfs.SquashfsFileSystemProvider;
}
