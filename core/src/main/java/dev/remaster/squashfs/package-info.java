/**
 * Squashfs 4.0 images, such as Tiny Core's {@code .tcz} extensions: {@link dev.remaster.squashfs.SquashfsReader}
 * reads every inode type, directory listings, file data and the id, fragment, export and xattr tables,
 * with every compressor the kernel knows (gzip, lzma, lzo, xz, lz4, zstd).
 */
package dev.remaster.squashfs;
