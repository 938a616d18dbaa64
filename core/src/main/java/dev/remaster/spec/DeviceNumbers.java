package dev.remaster.spec;

/**
 * Splits a Linux {@code dev_t} (as {@code unix:dev} and {@code unix:rdev} report it) into major and
 * minor numbers with the layout that glibc's {@code gnu_dev_major} and {@code gnu_dev_minor}
 * decode: the major number is bits 8-19 (its low 12 bits) and bits 44-63 (its high 20 bits); the
 * minor number is bits 0-7 (its low 8 bits) and bits 20-43 (its high 24 bits).
 */
final class DeviceNumbers {
    private DeviceNumbers() {
    }

    /** The major number of {@code dev}. */
    static long major(long dev) {
        return ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & ~0xfffL & 0xffffffffL);
    }

    /** The minor number of {@code dev}. */
    static long minor(long dev) {
        return (dev & 0xffL) | ((dev >>> 12) & ~0xffL & 0xffffffffL);
    }
}
