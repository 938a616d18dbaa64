/**
 * Safe extraction of cpio archives and initramfs images to disk: nothing outside the target
 * directory is ever touched, whatever the archive holds and whoever runs it.
 *
 * <pre>{@code
 * try (CpioReader reader = CpioReader.of(Files.newInputStream(archive))) {
 *     ExtractReport report = Extractor.to(Path.of("out"), ExtractOptions.defaults())
 *             .selecting(PathFilter.of("etc", "init"))
 *             .extract(reader);
 *     report.summary().forEach(System.out::println);
 *     report.skipped().forEach(System.err::println);
 * }
 * }</pre>
 *
 * <p>{@link dev.remaster.extract.Extractor} says what is promised and how;
 * {@link dev.remaster.extract.ExtractOptions} lists the policies and limits with their safe
 * defaults; {@link dev.remaster.extract.ExtractReport} is what a run tells.
 */
package dev.remaster.extract;
