/**
 * Remaster's own LZO1X block encoder ({@link dev.remaster.compress.lzo.Lzo1xEncoder}), thorough
 * where aircompressor's is fast, for squashfs lzo blocks and lzop files. Not exported: reached
 * through {@code Compression.LZO} and {@code squashfs.Compressor.LZO}.
 *
 * <pre>{@code
 * byte[] block = new Lzo1xEncoder().compress(data, 0, data.length); // any LZO1X decoder reads it
 * }</pre>
 */
package dev.remaster.compress.lzo;
