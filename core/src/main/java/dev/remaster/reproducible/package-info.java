/**
 * Images written so that the same input always gives the same bytes.
 *
 * <p>{@link dev.remaster.reproducible.Reproducible} rewrites an image so that the same tree always
 * gives the same bytes: entries in path order (component by component, by unsigned bytes; parents first),
 * inodes renumbered, mtimes clamped to {@code SOURCE_DATE_EPOCH}, owners forced when asked:
 *
 * <pre>{@code
 * Reproducible.rewrite(source, target, Compression.GZIP, EncoderOptions.defaults(Compression.GZIP),
 *         ReproducibleOptions.fromEnvironment().withForceOwner(0, 0));
 * }</pre>
 */
package dev.remaster.reproducible;
