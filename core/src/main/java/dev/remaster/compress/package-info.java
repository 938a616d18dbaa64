/**
 * Every compression the Linux kernel unpacks an initramfs from (gzip, bzip2, lzma, xz, lzo, lz4
 * legacy, zstd), read and written in pure Java, one member at a time.
 *
 * <p>{@link dev.remaster.compress.Compression} detects a member by its magic and makes a decoder
 * for exactly one member, which reports the member's exact compressed size so that the caller
 * finds the next one; and an encoder whose output the kernel accepts.
 * {@link dev.remaster.compress.PipelinedInputStream} decompresses on a thread of its own.
 *
 * <p><b>Chunked gzip and zstd.</b> The gzip encoder, the one gzip writer, compresses on several
 * cores into one ordinary member made of independent chunks cut between whole cpio entries, each
 * ending with a full flush; the zstd encoder writes one frame whose chunks share no history. An
 * edit finds such chunks again while it reads the image and copies those it does not change into
 * the new member unchanged; that machinery is internal to the library ({@code
 * dev.remaster.compress.gzip}, not exported). Bad data is a {@link dev.remaster.compress.CompressedDataException} naming the source,
 * the codec and the offset.
 *
 * <pre>{@code
 * // Walk the members of an initramfs file.
 * try (FileChannel ch = FileChannel.open(path)) {
 *     long offset = 0;
 *     byte[] magic = new byte[Compression.MAGIC_LENGTH];
 *     while (offset < ch.size()) {
 *         int n = ch.read(ByteBuffer.wrap(magic), offset);
 *         Compression c = Compression.detect(magic, 0, n);   // null: padding or junk
 *         ch.position(offset);
 *         try (MemberInputStream in = new PipelinedInputStream(
 *                 c.newDecoder(Channels.newInputStream(ch), path.toString(), offset))) {
 *             CpioReader cpio = CpioReader.of(in);             // ... read the archive ...
 *             in.transferTo(OutputStream.nullOutputStream());
 *             offset += in.compressedSize();
 *         }
 *     }
 * }
 *
 * // Write a member the kernel accepts.
 * try (OutputStream out = Compression.GZIP.newEncoder(Files.newOutputStream(target),
 *         EncoderOptions.defaults(Compression.GZIP).withLevel(9))) {
 *     out.write(cpioBytes);
 * }
 * }</pre>
 */
package dev.remaster.compress;
