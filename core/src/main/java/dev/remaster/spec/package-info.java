/**
 * Descriptions of images to build, and the reverse: the Linux kernel's gen_init_cpio file lists
 * and directory trees on disk, turned into cpio entries; and archives turned back into a list.
 *
 * <pre>{@code
 * // remaster create initramfs.list -o out.cpio
 * InitramfsSpec spec = SpecParser.withSystemEnvironment().parse(Path.of("initramfs.list"));
 * try (CpioWriter out = CpioWriter.of(Files.newOutputStream(Path.of("out.cpio")))) {
 *     SpecArchiver.of(SpecArchiveOptions.defaults()).write(spec, out);
 * }
 *
 * // remaster create rootfs/ -o out.cpio, reproducibly
 * TreeOptions tree = TreeOptions.defaults().withOwner(new Owner(0, 0))
 *         .withMtimeClamp(1700000000L).withRenumberInodes(true);
 * try (CpioWriter out = CpioWriter.of(Files.newOutputStream(Path.of("out.cpio")))) {
 *     TreeArchiver.of(tree).write(Path.of("rootfs"), out);
 * }
 *
 * // remaster ls --spec out.cpio files/
 * try (CpioReader in = CpioReader.of(Files.newInputStream(Path.of("out.cpio")))) {
 *     SpecWriter.into(Path.of("files")).write(in, new PrintWriter(System.out));
 * }
 * }</pre>
 *
 * <p>{@link dev.remaster.spec.SpecParser} reads lists into {@link dev.remaster.spec.SpecLine}
 * values; {@link dev.remaster.spec.SpecArchiver} writes them with the header values gen_init_cpio
 * writes; {@link dev.remaster.spec.TreeArchiver} walks a directory without following links;
 * {@link dev.remaster.spec.SpecWriter} lists an archive and mirrors its files' contents.
 */
package dev.remaster.spec;
