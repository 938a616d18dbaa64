package dev.remaster.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Measures, in CPU time per thread (which a loaded machine does not distort as it does wall
 * time), what inflating the chunks of a gzip image Remaster wrote on several threads would cost:
 * the chunk starts are found by scanning the compressed bytes for full flushes ({@code 00 00 ff
 * ff}); each chunk, with an empty final block ({@code 03 00}) after it, is inflated alone by a
 * fresh {@link Inflater} and must end exactly there; results are handed over in order, at most
 * {@code 2 × threads} in flight, to a newc header walk standing in for the reader.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.remaster.benchmarks.ParallelInflateProbe ours.gz 2
 * </pre>
 *
 * <p>An experiment, not a reader: it takes one gzip member with a 10-byte header and stops at the
 * first chunk that does not decode alone.
 */
public final class ParallelInflateProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Map<Long, Long> WORKER_CPU = new ConcurrentHashMap<>();

    private ParallelInflateProbe() {
    }

    /** A chunk's cpio bytes and their CRC-32, which a reader needs to check the member's trailer. */
    private record Chunk(byte[] data, int length, long crc32) {
    }

    /**
     * Runs the probe three times and prints, per run, the CPU time of the reading thread and of
     * each inflating thread.
     *
     * @param args the image, then the number of inflating threads
     * @throws Exception if reading fails or a chunk does not decode alone
     */
    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        for (int round = 0; round < 3; round++) {
            WORKER_CPU.clear();
            long main0 = THREADS.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            HeaderWalk walk = new HeaderWalk();
            int chunks;
            try (FileChannel ch = FileChannel.open(image)) {
                MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
                map.order(ByteOrder.LITTLE_ENDIAN);
                int deflateEnd = (int) ch.size() - 8;
                List<Integer> starts = chunkStarts(map, 10, deflateEnd - 6);
                chunks = starts.size();
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                try {
                    ArrayDeque<Future<Chunk>> inFlight = new ArrayDeque<>();
                    int next = 0;
                    while (next < starts.size() || !inFlight.isEmpty()) {
                        while (next < starts.size() && inFlight.size() < 2 * threads) {
                            int from = starts.get(next);
                            boolean last = next + 1 == starts.size();
                            int to = last ? deflateEnd : starts.get(next + 1);
                            inFlight.add(pool.submit(() -> inflate(map, from, to, last)));
                            next++;
                        }
                        Chunk c = inFlight.poll().get();
                        walk.accept(c.data(), c.length());
                    }
                } finally {
                    pool.shutdown();
                }
            }
            long mainCpu = THREADS.getCurrentThreadCpuTime() - main0;
            System.out.printf("threads %d: %d chunks, %d MB of cpio, %d entries; reading thread %d ms CPU, "
                    + "inflating threads %s ms CPU; wall %d ms%n", threads, chunks, walk.bytes >> 20, walk.entries,
                    mainCpu / 1_000_000, WORKER_CPU.values().stream().map(v -> v / 1_000_000).toList(),
                    (System.nanoTime() - wall0) / 1_000_000);
        }
    }

    /** Positions just after each {@code 00 00 ff ff} in [from, to), 8 bytes at a time. */
    static List<Integer> chunkStarts(MappedByteBuffer map, int from, int to) {
        List<Integer> starts = new ArrayList<>();
        starts.add(from);
        int i = from;
        for (; i + 8 <= to - 4; i += 8) {
            long x = ~map.getLong(i);
            // Only a word holding an 0xff byte can hold the marker's 0xff bytes.
            if (((x - 0x0101010101010101L) & ~x & 0x8080808080808080L) == 0) {
                continue;
            }
            for (int j = Math.max(from, i - 3); j < i + 8; j++) {
                if (map.getInt(j) == 0xFFFF0000 && j + 4 > starts.get(starts.size() - 1)) {
                    starts.add(j + 4);
                }
            }
        }
        for (; i <= to - 4; i++) {
            if (map.getInt(i) == 0xFFFF0000 && i + 4 > starts.get(starts.size() - 1)) {
                starts.add(i + 4);
            }
        }
        return starts;
    }

    private static Chunk inflate(MappedByteBuffer map, int from, int to, boolean last) throws IOException {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        try {
            byte[] in = new byte[to - from + (last ? 0 : 2)];
            map.get(from, in, 0, to - from);
            if (!last) {
                in[in.length - 2] = 3;
            }
            Inflater inflater = new Inflater(true);
            try {
                inflater.setInput(in);
                byte[] out = new byte[Math.max(1 << 16, in.length * 4)];
                int n = 0;
                while (!inflater.finished()) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
                    }
                    int k = inflater.inflate(out, n, out.length - n);
                    if (k == 0 && inflater.needsInput()) {
                        throw new IOException("the chunk at " + from + " does not decode alone");
                    }
                    n += k;
                }
                if (inflater.getRemaining() != 0) {
                    throw new IOException("the chunk at " + from + " ends before " + to);
                }
                CRC32 crc = new CRC32();
                crc.update(out, 0, n);
                return new Chunk(out, n, crc.getValue());
            } catch (DataFormatException e) {
                throw new IOException("the chunk at " + from + ": " + e.getMessage(), e);
            } finally {
                inflater.end();
            }
        } finally {
            WORKER_CPU.merge(Thread.currentThread().getId(), THREADS.getCurrentThreadCpuTime() - cpu0, Long::sum);
        }
    }

    /** Walks newc headers across chunk boundaries, skipping names and data, as a listing reader does. */
    private static final class HeaderWalk {
        private final byte[] header = new byte[110];
        private int filled;
        private long skip;
        long entries;
        long bytes;

        void accept(byte[] b, int length) {
            bytes += length;
            int i = 0;
            while (i < length) {
                if (skip > 0) {
                    long k = Math.min(skip, length - i);
                    skip -= k;
                    i += (int) k;
                    continue;
                }
                int k = Math.min(header.length - filled, length - i);
                System.arraycopy(b, i, header, filled, k);
                filled += k;
                i += k;
                if (filled < header.length) {
                    return;
                }
                filled = 0;
                long nameSize = Long.parseLong(new String(header, 94, 8, java.nio.charset.StandardCharsets.US_ASCII), 16);
                long fileSize = Long.parseLong(new String(header, 54, 8, java.nio.charset.StandardCharsets.US_ASCII), 16);
                skip = ((110 + nameSize + 3) & ~3L) - 110 + ((fileSize + 3) & ~3L);
                entries++;
            }
        }
    }
}
