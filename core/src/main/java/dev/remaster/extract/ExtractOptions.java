package dev.remaster.extract;

import dev.remaster.cpio.Limits;

import java.util.Objects;

/**
 * How an {@link Extractor} writes an archive to disk. The defaults are safe for a hostile archive,
 * in the spirit of libarchive's secure-extraction flags: names are kept inside the target, links
 * are never followed, privileged metadata is restored only by a privileged process, and every
 * resource is bounded. One privilege policy: by default nothing that carries privilege (owners,
 * device nodes, FIFOs, sockets, special bits) is restored, for root as for anyone;
 * {@link #rootFileSystem()} restores all of it.
 *
 * @param privileged whether this process may restore owners, device nodes and setuid/setgid/sticky
 *     bits. {@link #defaults()} sets it when the effective uid is 0 (read from
 *     {@code /proc/self/status}); set it false to extract as an ordinary user would, even as root.
 *     Owners, special files and special bits are restored only when both asked for and privileged.
 * @param restoreOwners ask to give entries their archive uid and gid (with {@code lchown}, never
 *     through a link). Default off; on in {@link #rootFileSystem()}. Also whether the archive's own
 *     {@code .} entry gives the target directory its mode, owner and mtime; otherwise the target
 *     directory is left as it was.
 * @param restoreDevices ask to create device nodes, FIFOs and sockets. Default off; on in
 *     {@link #rootFileSystem()}.
 *     Java cannot call {@code mknod(2)}: nodes are made by the {@code mknod} and {@code mkfifo}
 *     commands, sockets by binding a Unix domain socket.
 * @param restoreSpecialBits ask to keep the setuid, setgid and sticky bits. Default off; on in
 *     {@link #rootFileSystem()}. Applied
 *     only when privileged and when the owner is restored too (as libarchive does): otherwise a
 *     setuid file from the archive would become setuid to the user running the extraction.
 * @param keepMtimes whether modification times (and access times, set to the same value) are
 *     restored. Default on.
 * @param absoluteNames what to do with a name that starts with {@code /}. Default
 *     {@link AbsoluteNames#STRIP}: extract it relative to the target, and list it in
 *     {@link ExtractReport#notes()}.
 * @param dotDot what to do with a name that has a {@code ..} component anywhere. Default
 *     {@link DotDot#SKIP}: write nothing for it and list it in {@link ExtractReport#skipped()}.
 * @param overwrite what happens when an entry's path already exists. Default
 *     {@link Overwrite#LATER_WINS}, the kernel's rule.
 * @param fsync whether each regular file is forced to disk before it is closed. Default off.
 * @param limits the most bytes of file data written in all, the most entries (trailers not
 *     counted), the largest name (with its NUL, as {@code c_namesize} counts it) and symbolic link
 *     target. Default {@link Limits#kernel()}: 64 GiB, ten million entries, names and targets up
 *     to the kernel's {@code PATH_MAX} of 4096. Give the reader the same limits
 *     ({@link dev.remaster.cpio.ReadOptions#withLimits}) so that raising one raises it for both.
 * @param maxDepth the most components in a name once normalised. Default 256.
 */
public record ExtractOptions(
        boolean privileged,
        boolean restoreOwners,
        boolean restoreDevices,
        boolean restoreSpecialBits,
        boolean keepMtimes,
        AbsoluteNames absoluteNames,
        DotDot dotDot,
        Overwrite overwrite,
        boolean fsync,
        Limits limits,
        int maxDepth) {

    /** Default {@link #maxDepth()}. */
    public static final int DEFAULT_MAX_DEPTH = 256;

    /** Names that start with {@code /}. */
    public enum AbsoluteNames {
        /** Drop the leading slashes and extract inside the target; each one is noted in the report. */
        STRIP,
        /** Write nothing for the entry; each one is listed as skipped. */
        SKIP,
        /** Stop with an {@link ExtractException}. */
        FAIL
    }

    /** Names with a {@code ..} component, wherever it is ({@code ../x}, {@code a/../../x}, {@code a/..}). */
    public enum DotDot {
        /** Write nothing for the entry; each one is listed as skipped. */
        SKIP,
        /** Stop with an {@link ExtractException}. */
        FAIL
    }

    /** Entries whose path already exists, on disk before extraction or from an earlier entry. */
    public enum Overwrite {
        /**
         * The kernel's rule: the later entry wins. An existing path of another type is removed first
         * (an empty directory with {@code rmdir}, anything else with {@code unlink}, never following
         * a link); a regular file is replaced by a new file, never truncated in place, so that a hard
         * link already on disk is never written through. A non-empty directory in the way is not
         * removed: the entry is skipped. Directories merge, and the later entry's metadata wins.
         */
        LATER_WINS,
        /** Keep whatever exists and skip the entry; directories still merge (their metadata is kept). */
        KEEP_EXISTING
    }

    /**
     * Checks the components.
     *
     * @param privileged whether this process may restore owners, device nodes and setuid/setgid/sticky
     *     bits. {@link #defaults()} sets it when the effective uid is 0 (read from
     *     {@code /proc/self/status}); set it false to extract as an ordinary user would, even as root.
     *     Owners, special files and special bits are restored only when both asked for and privileged.
     * @param restoreOwners ask to give entries their archive uid and gid (with {@code lchown}, never
     *     through a link). Default off; on in {@link #rootFileSystem()}. Also whether the archive's own
     *     {@code .} entry gives the target directory its mode, owner and mtime; otherwise the target
     *     directory is left as it was.
     * @param restoreDevices ask to create device nodes, FIFOs and sockets. Default off; on in
     *     {@link #rootFileSystem()}.
     *     Java cannot call {@code mknod(2)}: nodes are made by the {@code mknod} and {@code mkfifo}
     *     commands, sockets by binding a Unix domain socket.
     * @param restoreSpecialBits ask to keep the setuid, setgid and sticky bits. Default off; on in
     *     {@link #rootFileSystem()}. Applied
     *     only when privileged and when the owner is restored too (as libarchive does): otherwise a
     *     setuid file from the archive would become setuid to the user running the extraction.
     * @param keepMtimes whether modification times (and access times, set to the same value) are
     *     restored. Default on.
     * @param absoluteNames what to do with a name that starts with {@code /}. Default
     *     {@link AbsoluteNames#STRIP}: extract it relative to the target, and list it in
     *     {@link ExtractReport#notes()}.
     * @param dotDot what to do with a name that has a {@code ..} component anywhere. Default
     *     {@link DotDot#SKIP}: write nothing for it and list it in {@link ExtractReport#skipped()}.
     * @param overwrite what happens when an entry's path already exists. Default
     *     {@link Overwrite#LATER_WINS}, the kernel's rule.
     * @param fsync whether each regular file is forced to disk before it is closed. Default off.
     * @param limits bytes written, entries, name and link target sizes. Default {@link Limits#kernel()}.
     * @param maxDepth the most components in a name once normalised. Default 256.
     */
    public ExtractOptions {
        Objects.requireNonNull(absoluteNames, "absoluteNames");
        Objects.requireNonNull(dotDot, "dotDot");
        Objects.requireNonNull(overwrite, "overwrite");
        Objects.requireNonNull(limits, "limits");
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth (" + maxDepth + ") must be at least 1");
        }
    }

    /**
     * Safe defaults, the same for every user, root included: an image from elsewhere gets no
     * privilege from being unpacked, so no owners from the archive, no device nodes, FIFOs or
     * sockets, no setuid, setgid or sticky bits (each is listed in the report when skipped); everything
     * else as described on each component. {@link #rootFileSystem()} is the one switch for a
     * faithful root file system.
     *
     * @return the safe defaults for this process
     */
    public static ExtractOptions defaults() {
        return defaults(Privileges.isRoot());
    }

    /**
     * The safe defaults for a process that is ({@code true}) or is not running as root, whatever
     * this one is.
     *
     * @param privileged whether the process may restore privileged metadata if asked to
     * @return the safe defaults
     */
    public static ExtractOptions defaults(boolean privileged) {
        return new ExtractOptions(privileged, false, false, false, true,
                AbsoluteNames.STRIP, DotDot.SKIP, Overwrite.LATER_WINS, false,
                Limits.kernel(), DEFAULT_MAX_DEPTH);
    }

    /**
     * A faithful root file system, as the kernel would create it from the image: owners, device
     * nodes, FIFOs, sockets, setuid, setgid and sticky bits and mtimes, for unpacking an image onto
     * a partition (a Tiny Core "scatter" install). Privileged metadata still needs a privileged
     * process; as an ordinary user it is skipped and reported.
     *
     * @return the options for a faithful root file system
     */
    public static ExtractOptions rootFileSystem() {
        return rootFileSystem(Privileges.isRoot());
    }

    /**
     * {@link #rootFileSystem()} for a process that is ({@code true}) or is not running as root.
     *
     * @param privileged whether the process may restore privileged metadata
     * @return the options for a faithful root file system
     */
    public static ExtractOptions rootFileSystem(boolean privileged) {
        return new ExtractOptions(privileged, true, true, true, true,
                AbsoluteNames.STRIP, DotDot.SKIP, Overwrite.LATER_WINS, false,
                Limits.kernel(), DEFAULT_MAX_DEPTH);
    }

    /** Whether owners are restored: asked for and privileged. */
    boolean ownersRestored() {
        return restoreOwners && privileged;
    }

    /** Whether device nodes, FIFOs and sockets are created: asked for and privileged. */
    boolean specialFilesRestored() {
        return restoreDevices && privileged;
    }

    /** Whether setuid, setgid and sticky bits are kept: asked for, privileged, and owners restored. */
    boolean specialBitsRestored() {
        return restoreSpecialBits && ownersRestored();
    }

    /**
     * A builder that starts from these options, to change some of them.
     *
     * @return a builder holding these options
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A builder that starts from {@link #defaults()}.
     *
     * @return a builder holding the safe defaults for this process
     */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /**
     * Changes some components of an {@link ExtractOptions} and makes a new one; each method
     * documents its component on {@link ExtractOptions}. Not thread-safe.
     */
    public static final class Builder {
        private boolean privileged;
        private boolean restoreOwners;
        private boolean restoreDevices;
        private boolean restoreSpecialBits;
        private boolean keepMtimes;
        private AbsoluteNames absoluteNames;
        private DotDot dotDot;
        private Overwrite overwrite;
        private boolean fsync;
        private Limits limits;
        private int maxDepth;

        private Builder(ExtractOptions o) {
            privileged = o.privileged;
            restoreOwners = o.restoreOwners;
            restoreDevices = o.restoreDevices;
            restoreSpecialBits = o.restoreSpecialBits;
            keepMtimes = o.keepMtimes;
            absoluteNames = o.absoluteNames;
            dotDot = o.dotDot;
            overwrite = o.overwrite;
            fsync = o.fsync;
            limits = o.limits;
            maxDepth = o.maxDepth;
        }

        /**
         * Sets {@link ExtractOptions#privileged()}.
         *
         * @param privileged whether this process may restore privileged metadata if asked to
         * @return this builder
         */
        public Builder privileged(boolean privileged) {
            this.privileged = privileged;
            return this;
        }

        /**
         * Sets {@link ExtractOptions#restoreOwners()}.
         *
         * @param restoreOwners whether to ask for the archive's owners
         * @return this builder
         */
        public Builder restoreOwners(boolean restoreOwners) {
            this.restoreOwners = restoreOwners;
            return this;
        }

        /**
         * Sets {@link ExtractOptions#restoreDevices()}.
         *
         * @param restoreDevices whether to ask for device nodes, FIFOs and sockets
         * @return this builder
         */
        public Builder restoreDevices(boolean restoreDevices) {
            this.restoreDevices = restoreDevices;
            return this;
        }

        /**
         * Sets {@link ExtractOptions#restoreSpecialBits()}.
         *
         * @param restoreSpecialBits whether to ask for setuid, setgid and sticky bits
         * @return this builder
         */
        public Builder restoreSpecialBits(boolean restoreSpecialBits) {
            this.restoreSpecialBits = restoreSpecialBits;
            return this;
        }

        /**
         * Sets {@link ExtractOptions#keepMtimes()}.
         *
         * @param keepMtimes whether modification times are restored
         * @return this builder
         */
        public Builder keepMtimes(boolean keepMtimes) {
            this.keepMtimes = keepMtimes;
            return this;
        }

        /**
         * Sets {@link ExtractOptions#absoluteNames()}.
         *
         * @param absoluteNames what to do with a name that starts with {@code /}
         * @return this builder
         */
        public Builder absoluteNames(AbsoluteNames absoluteNames) {
            this.absoluteNames = absoluteNames;
            return this;
        }

        /**
         * Sets {@link ExtractOptions#dotDot()}.
         *
         * @param dotDot what to do with a name that has a {@code ..} component
         * @return this builder
         */
        public Builder dotDot(DotDot dotDot) {
            this.dotDot = dotDot;
            return this;
        }

        /**
         * Sets {@link ExtractOptions#overwrite()}.
         *
         * @param overwrite what happens when an entry's path already exists
         * @return this builder
         */
        public Builder overwrite(Overwrite overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /**
         * Sets {@link ExtractOptions#fsync()}.
         *
         * @param fsync whether each regular file is forced to disk before it is closed
         * @return this builder
         */
        public Builder fsync(boolean fsync) {
            this.fsync = fsync;
            return this;
        }

        /**
         * Sets {@link ExtractOptions#limits()}.
         *
         * @param limits the limits on bytes, entries, names and link targets
         * @return this builder
         */
        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        /**
         * Sets {@link ExtractOptions#maxDepth()}.
         *
         * @param maxDepth the most components in a name once normalised, at least 1
         * @return this builder
         */
        public Builder maxDepth(int maxDepth) {
            this.maxDepth = maxDepth;
            return this;
        }

        /**
         * The options as set so far.
         *
         * @throws NullPointerException if an enum or the limits were set to null
         * @throws IllegalArgumentException if {@code maxDepth} is below 1
         * @return the options as set so far
         */
        public ExtractOptions build() {
            return new ExtractOptions(privileged, restoreOwners, restoreDevices, restoreSpecialBits, keepMtimes,
                    absoluteNames, dotDot, overwrite, fsync, limits, maxDepth);
        }
    }
}
