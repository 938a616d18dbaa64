package dev.remaster.cpio;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.zip.CRC32C;

/**
 * Run in a child JVM with a small heap by {@link FlatMemoryTest}: reads every byte of a
 * {@link SyntheticNewcArchive} through {@link CpioReader} and prints one line of figures. The peak
 * heap includes garbage not yet collected; the retained figure is what a full GC leaves.
 */
public final class FlatMemoryProbe {
    private FlatMemoryProbe() {
    }

    public static void main(String[] args) throws IOException {
        long start = System.nanoTime();
        CRC32C crc = new CRC32C();
        long entries = 0;
        long bytes = 0;
        byte[] buf = new byte[1 << 16];
        try (CpioReader reader = CpioReader.of(new SyntheticNewcArchive())) {
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                if (e.isTrailer()) {
                    continue;
                }
                if (!e.name().equals(SyntheticNewcArchive.nameOf((int) entries))
                        || e.size() != SyntheticNewcArchive.sizeOf((int) entries)) {
                    throw new AssertionError("entry " + entries + " is " + e);
                }
                entries++;
                InputStream data = reader.data();
                for (int n; (n = data.read(buf)) > 0; ) {
                    crc.update(buf, 0, n);
                    bytes += n;
                }
            }
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.gc();
        long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("entries=%d bytes=%d crc=%d elapsedMs=%d peakHeapBytes=%d retainedAfterGcBytes=%d"
                + " maxHeapBytes=%d%n", entries, bytes, crc.getValue(), elapsedMs, peak, retained,
                Runtime.getRuntime().maxMemory());
    }
}
