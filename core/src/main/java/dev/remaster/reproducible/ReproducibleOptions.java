package dev.remaster.reproducible;

import dev.remaster.cpio.Owner;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What {@link Reproducible} does to entries besides sorting them.
 *
 * @param sourceDateEpoch the build time, seconds since the epoch, as the {@code SOURCE_DATE_EPOCH}
 *     convention defines it; empty to leave mtimes as they are
 * @param forceOwner the owner given to every entry, or {@code null} to keep each entry's own
 * @param renumberInodes whether inode numbers are replaced by 1, 2, 3... in output order (hard
 *     link groups sharing one), device numbers by 0 and link counts by what the archive holds (2
 *     plus the subdirectories listed for a directory, the number of links listed for a hard link
 *     group, 1 otherwise), so that nothing of the source file system's identity remains. On by
 *     default.
 * @param mtimePolicy how {@code sourceDateEpoch} applies to mtimes
 */
public record ReproducibleOptions(
        OptionalLong sourceDateEpoch, Owner forceOwner, boolean renumberInodes, MtimePolicy mtimePolicy) {

    /** The name of the environment variable that holds the build time. */
    public static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

    /** How mtimes are made reproducible. */
    public enum MtimePolicy {
        /** Mtimes later than the epoch become the epoch; earlier ones stay (what tar --clamp-mtime does). */
        CLAMP,
        /** Every mtime becomes the epoch. */
        SET
    }

    /**
     * Checks the components.
     *
     * @param sourceDateEpoch the build time, seconds since the epoch, as the {@code SOURCE_DATE_EPOCH}
     *     convention defines it; empty to leave mtimes as they are
     * @param forceOwner the owner given to every entry, or {@code null} to keep each entry's own
     * @param renumberInodes whether inode numbers are replaced by 1, 2, 3... in output order (hard
     *     link groups sharing one), device numbers by 0 and link counts by what the archive holds (2
     *     plus the subdirectories listed for a directory, the number of links listed for a hard link
     *     group, 1 otherwise), so that nothing of the source file system's identity remains. On by
     *     default.
     * @param mtimePolicy how {@code sourceDateEpoch} applies to mtimes
     * @throws IllegalArgumentException if a component is out of range
     */
    public ReproducibleOptions {
        Objects.requireNonNull(sourceDateEpoch, "sourceDateEpoch");
        Objects.requireNonNull(mtimePolicy, "mtimePolicy");
        if (sourceDateEpoch.isPresent()) {
            long epoch = sourceDateEpoch.getAsLong();
            if (epoch < 0 || epoch > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("sourceDateEpoch (" + epoch + ") must be from 0 to 4294967295, "
                        + "the range of a newc mtime");
            }
        } else if (mtimePolicy == MtimePolicy.SET) {
            throw new IllegalArgumentException("mtimePolicy SET needs a sourceDateEpoch");
        }
    }

    /**
     * No epoch (mtimes kept), owners kept, inodes renumbered, {@link MtimePolicy#CLAMP}.
     *
     * @return no epoch (mtimes kept), owners kept, inodes renumbered, {@link MtimePolicy#CLAMP}
     */
    public static ReproducibleOptions defaults() {
        return new ReproducibleOptions(OptionalLong.empty(), null, true, MtimePolicy.CLAMP);
    }

    /**
     * {@link #defaults()} with the epoch of this process's {@code SOURCE_DATE_EPOCH}, when set.
     *
     * @return {@link #defaults()} with the epoch of this process's {@code SOURCE_DATE_EPOCH}, when set
     */
    public static ReproducibleOptions fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * {@link #defaults()} with the epoch of {@code SOURCE_DATE_EPOCH} in {@code environment}, when
     * set and not empty.
     *
     * @throws IllegalArgumentException when it is set to something other than a decimal number of seconds
     * @param environment the environment
     * @return {@link #defaults()} with the epoch of {@code SOURCE_DATE_EPOCH} in {@code environment}, when set and not empty
     */
    public static ReproducibleOptions fromEnvironment(Map<String, String> environment) {
        String value = environment.get(SOURCE_DATE_EPOCH);
        if (value == null || value.isBlank()) {
            return defaults();
        }
        try {
            return defaults().withSourceDateEpoch(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SOURCE_DATE_EPOCH + " ('" + value + "') is not a number of seconds", e);
        }
    }

    /**
     * These options with {@code epoch} as the build time.
     *
     * @param epoch the epoch
     * @return these options with {@code epoch} as the build time
     */
    public ReproducibleOptions withSourceDateEpoch(long epoch) {
        return new ReproducibleOptions(OptionalLong.of(epoch), forceOwner, renumberInodes, mtimePolicy);
    }

    /**
     * These options with every entry owned by {@code uid}:{@code gid}.
     *
     * @param uid the owner's user id
     * @param gid the owner's group id
     * @return these options with every entry owned by {@code uid}:{@code gid}
     */
    public ReproducibleOptions withForceOwner(long uid, long gid) {
        return new ReproducibleOptions(sourceDateEpoch, new Owner(uid, gid), renumberInodes, mtimePolicy);
    }

    /**
     * These options with {@code renumber}.
     *
     * @param renumber whether inode numbers are given in order from 1 (hard links share one)
     * @return these options with {@code renumber}
     */
    public ReproducibleOptions withRenumberInodes(boolean renumber) {
        return new ReproducibleOptions(sourceDateEpoch, forceOwner, renumber, mtimePolicy);
    }

    /**
     * These options with {@code policy}.
     *
     * @param policy what happens to mtimes
     * @return these options with {@code policy}
     */
    public ReproducibleOptions withMtimePolicy(MtimePolicy policy) {
        return new ReproducibleOptions(sourceDateEpoch, forceOwner, renumberInodes, policy);
    }

    /** The mtime an entry of mtime {@code mtime} gets. */
    long mtime(long mtime) {
        if (sourceDateEpoch.isEmpty()) {
            return mtime;
        }
        long epoch = sourceDateEpoch.getAsLong();
        return mtimePolicy == MtimePolicy.SET ? epoch : Math.min(mtime, epoch);
    }
}
