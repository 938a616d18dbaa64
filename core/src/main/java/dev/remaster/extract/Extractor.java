package dev.remaster.extract;

import dev.remaster.cpio.EntryReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes the entries of a cpio archive (or of a whole initramfs image) under a target directory,
 * safely even when the archive is hostile and the extraction runs as root.
 *
 * <pre>{@code
 * try (CpioReader reader = CpioReader.of(in)) {
 *     ExtractReport report = Extractor.to(dir, ExtractOptions.defaults()).extract(reader);
 *     report.summary().forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p><b>The promise: nothing outside the target directory is touched.</b>
 * <ul>
 * <li>Names with a {@code ..} component are refused: nothing is written for them and each is listed
 *     in {@link ExtractReport#skipped()} (or extraction stops, with
 *     {@link ExtractOptions.DotDot#FAIL}). Absolute names are neutralised: the leading slashes are
 *     stripped, the entry is extracted inside the target, and each is listed in
 *     {@link ExtractReport#notes()} (or refused or fatal, by {@link ExtractOptions#absoluteNames()}).
 * <li>Nothing is ever written through a symbolic link, whether the archive made it or it was on disk
 *     before. Every path is reached from the target one component at a time, each component looked
 *     at without following links; a parent that is a link or not a directory makes the entry
 *     refused. Missing parents are created one component at a time and checked again. Files are
 *     created with {@code O_CREAT|O_EXCL|O_NOFOLLOW}; owners are set with {@code lchown}, and times
 *     and modes through descriptors opened with {@code O_NOFOLLOW}.
 * <li>Symbolic links are created with their target text as given; it is never looked up, then or
 *     later. So {@code link -> /outside} followed by {@code link/file} is refused, and so is a
 *     directory replaced by a link and then written beneath.
 * <li>Hard links in cpio are groups of entries with one inode number: a later name is linked only to
 *     a regular file this run created for an earlier name of the same group (checked by its device
 *     and inode, without following links), never to anything that was on disk before.
 * <li>Duplicate paths follow the kernel's rule, the later entry wins (see
 *     {@link ExtractOptions.Overwrite#LATER_WINS}): what is in the way is removed without following
 *     it, and a regular file is replaced by a new one rather than truncated, so that a hard link
 *     that was on disk before (perhaps to a file outside) is never written through.
 * <li>Resources are bounded: total bytes, entries, name size, link target size and path depth, each
 *     an {@link ExtractLimitException} that names the limit and how to raise it.
 * </ul>
 *
 * <p><b>Privileges.</b> Owners, device nodes, FIFOs, sockets and setuid/setgid/sticky bits are
 * restored only when asked for and privileged (see {@link ExtractOptions}); otherwise they are
 * skipped and counted in one summary line of the report.
 *
 * <p><b>Metadata.</b> Files get their mode (and owner, and mtime) as soon as they are written;
 * hard link groups when their archive's trailer is reached; directories at the very end, deepest
 * first, so that a read-only directory can still be filled.
 *
 * <p><b>Limits of the promise.</b> The checks are made by path, since Java has no
 * {@code openat}/{@code mkdirat}: they hold against anything the archive does, and against links
 * and files already in the target, but not against another process changing the target
 * directory while the extraction runs. Extract into a directory that only the extracting user can
 * write. After an error, directories keep the owner-only mode they were created with.
 *
 * <p>An extractor is an immutable description; each {@link #extract} call is a fresh run.
 */
public final class Extractor {
    private final Path target;
    private final ExtractOptions options;
    private final PathFilter filter;

    private Extractor(Path target, ExtractOptions options, PathFilter filter) {
        this.target = target;
        this.options = options;
        this.filter = filter;
    }

    /**
     * An extractor that writes under {@code targetDir} (created when missing; when it is itself a
     * symbolic link, the link is resolved once, since the caller chose it).
     *
     * @param targetDir the target dir
     * @param options the options
     * @return an extractor that writes under {@code targetDir} (created when missing; when it is itself a symbolic link, the link is resolved once, since the caller chose it)
     */
    public static Extractor to(Path targetDir, ExtractOptions options) {
        return new Extractor(Objects.requireNonNull(targetDir, "targetDir"),
                Objects.requireNonNull(options, "options"), PathFilter.all());
    }

    /**
     * As {@link #to(Path, ExtractOptions)} with {@link ExtractOptions#defaults()}.
     *
     * @param targetDir the target dir
     * @return the extractor
     */
    public static Extractor to(Path targetDir) {
        return to(targetDir, ExtractOptions.defaults());
    }

    /**
     * This extractor, writing only the entries {@code filter} accepts (see {@link PathFilter#of}).
     *
     * @param filter the filter
     * @return this extractor, writing only the entries {@code filter} accepts (see {@link PathFilter#of})
     */
    public Extractor selecting(PathFilter filter) {
        return new Extractor(target, options, Objects.requireNonNull(filter, "filter"));
    }

    /**
     * The target directory as given.
     *
     * @return the target directory as given
     */
    public Path target() {
        return target;
    }

    /**
     * The options.
     *
     * @return the options
     */
    public ExtractOptions options() {
        return options;
    }

    /**
     * The filter (by default every entry).
     *
     * @return the filter (by default every entry)
     */
    public PathFilter filter() {
        return filter;
    }

    /**
     * Extracts every entry {@code reader} hands out, trailers marking the ends of archives (hard
     * link groups are forgotten at each, as the kernel does). The reader is not closed.
     *
     * @return what was extracted, skipped and adjusted
     * @throws ExtractLimitException when a limit of the options is reached
     * @throws ExtractException when a name policy says to fail, or writing an entry fails; it names
     *     the entry and its header offset
     * @throws dev.remaster.cpio.CpioFormatException when the archive is malformed
     * @throws IOException when the target cannot be created or read
     * @param reader the reader
     */
    public ExtractReport extract(EntryReader reader) throws IOException {
        Objects.requireNonNull(reader, "reader");
        return new ExtractionRun(TargetTree.open(target), options, filter).run(reader);
    }
}
