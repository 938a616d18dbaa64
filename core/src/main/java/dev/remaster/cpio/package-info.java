/**
 * The cpio format as the Linux kernel reads it: {@link dev.remaster.cpio.CpioReader} and
 * {@link dev.remaster.cpio.CpioWriter} for newc, crc and odc (old binary read only), the immutable
 * {@link dev.remaster.cpio.CpioEntry} that keeps the header bytes it was read from (so untouched
 * entries are copied exactly), the limits of {@link dev.remaster.cpio.ReadOptions}, and the
 * kernel's one hard-link rule: {@link dev.remaster.cpio.CpioEntry#isHardLinked()},
 * {@link dev.remaster.cpio.LinkKey} and {@link dev.remaster.cpio.LinkTable}.
 */
package dev.remaster.cpio;
