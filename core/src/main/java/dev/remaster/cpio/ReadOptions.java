package dev.remaster.cpio;

import java.util.Objects;

/**
 * How a {@link CpioReader} reads: what to call the source in errors, where the stream sits in the
 * file, what to check, and the {@link Limits} that bound what one archive may cost.
 *
 * @param sourceName the file or stream named in errors, or {@code null}
 * @param baseOffset added to every reported offset: where the stream starts in the file
 * @param verifyChecksums whether {@link CpioFormat#CRC} data sums are checked (on by default)
 * @param stopAtForeignData whether to end quietly, after a trailer and its NUL padding, at bytes
 *     that do not start an archive at a 4-aligned offset; the way the kernel hands over to the next
 *     (compressed) member of an initramfs; also, as the kernel, to end quietly where the input stops
 *     after a whole entry without a trailer ({@link CpioReader#endedWithoutTrailer()}). Off by
 *     default: both are errors.
 * @param limits the largest name and link target, the most entries (trailers included) and the
 *     most bytes of cpio data (headers, data and padding) one reader accepts
 */
public record ReadOptions(String sourceName, long baseOffset, boolean verifyChecksums, boolean stopAtForeignData,
        Limits limits) {

    /**
     * Checks the components.
     *
     * @param sourceName the file or stream named in errors, or {@code null}
     * @param baseOffset added to every reported offset; not negative
     * @param verifyChecksums whether CRC data sums are checked
     * @param stopAtForeignData whether to end quietly at foreign data after a trailer
     * @param limits the limits
     * @throws IllegalArgumentException if {@code baseOffset} is negative
     */
    public ReadOptions {
        if (baseOffset < 0) {
            throw new IllegalArgumentException("baseOffset (" + baseOffset + ") may not be negative");
        }
        Objects.requireNonNull(limits, "limits");
    }

    /**
     * Checks on, {@linkplain Limits#defaults() default limits}, no source name, offset 0.
     *
     * @return the read options
     */
    public static ReadOptions defaults() {
        return new ReadOptions(null, 0, true, false, Limits.defaults());
    }

    /**
     * These options with {@code sourceName}.
     *
     * @param sourceName the name of the input, for messages
     * @return these options with {@code sourceName}
     */
    public ReadOptions withSourceName(String sourceName) {
        return new ReadOptions(sourceName, baseOffset, verifyChecksums, stopAtForeignData, limits);
    }

    /**
     * These options with {@code baseOffset}.
     *
     * @param baseOffset where the stream starts in the file
     * @return these options with {@code baseOffset}
     */
    public ReadOptions withBaseOffset(long baseOffset) {
        return new ReadOptions(sourceName, baseOffset, verifyChecksums, stopAtForeignData, limits);
    }

    /**
     * These options with {@code verifyChecksums}.
     *
     * @param verifyChecksums whether CRC data sums are checked
     * @return these options with {@code verifyChecksums}
     */
    public ReadOptions withVerifyChecksums(boolean verifyChecksums) {
        return new ReadOptions(sourceName, baseOffset, verifyChecksums, stopAtForeignData, limits);
    }

    /**
     * These options with {@code stopAtForeignData}.
     *
     * @param stopAtForeignData whether to end quietly at foreign data after a trailer
     * @return these options with {@code stopAtForeignData}
     */
    public ReadOptions withStopAtForeignData(boolean stopAtForeignData) {
        return new ReadOptions(sourceName, baseOffset, verifyChecksums, stopAtForeignData, limits);
    }

    /**
     * These options with {@code limits}.
     *
     * @param limits the limits
     * @return these options with {@code limits}
     */
    public ReadOptions withLimits(Limits limits) {
        return new ReadOptions(sourceName, baseOffset, verifyChecksums, stopAtForeignData, limits);
    }
}
