package dev.remaster.benchmarks;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.WriteOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code smallfiles} data set: a newc archive of 30,000 regular files in a tree of directories
 * three levels deep, written by Remaster's {@link CpioWriter}. It stresses the per-entry cost
 * (headers, names, padding) rather than the copying of data.
 *
 * <p>Everything comes from a fixed seed, so every run and every machine gets the same bytes. File
 * sizes are log-uniform between 0 and 16 KiB (most files small, as in real trees; about 1.7 KB on
 * average, some 55 MB in all). About four files in five hold text made of words, which gzip
 * compresses about threefold, the rest random bytes, which it cannot: the archive gzips to 46%.
 */
final class SmallFilesArchive {
    static final int FILES = 30_000;
    static final int MAX_FILE_SIZE = 16 * 1024;
    private static final long SEED = 0x5EED_CA7L;
    private static final long MTIME = 1_700_000_000L;
    /** Bump when the generator changes, so that old cached archives are not reused. */
    private static final int VERSION = 1;

    private SmallFilesArchive() {
    }

    /** The archive in the cache, made on first use. */
    static Path plainArchive() throws IOException {
        return Cache.file("smallfiles-v" + VERSION + ".cpio", SmallFilesArchive::writeTo);
    }

    /** Writes the archive to {@code out} (and closes it). */
    static void writeTo(OutputStream out) throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> dirs = new ArrayList<>();
        byte[][] words = words(random);
        try (CpioWriter writer = CpioWriter.of(out,
                WriteOptions.defaults().withInodes(WriteOptions.InodePolicy.RENUMBER))) {
            for (int a = 0; a < 10; a++) {
                String top = "d" + a;
                directory(writer, top, dirs);
                for (int b = 0; b < 8; b++) {
                    String mid = top + "/s" + b;
                    directory(writer, mid, dirs);
                    for (int c = 0; c < 6; c++) {
                        directory(writer, mid + "/t" + c, dirs);
                    }
                }
            }
            for (int i = 0; i < FILES; i++) {
                String dir = dirs.get(random.nextInt(dirs.size()));
                boolean text = random.nextInt(5) != 0;
                String name = dir + "/file-" + i + (text ? ".txt" : ".bin");
                byte[] data = text ? text(random, words, size(random)) : binary(random, size(random));
                CpioEntry entry = CpioEntry.file(name, 0644, data.length).toBuilder().mtime(MTIME).build();
                writer.write(entry, data);
            }
        }
    }

    private static void directory(CpioWriter writer, String name, List<String> dirs) throws IOException {
        writer.write(CpioEntry.directory(name, 0755).toBuilder().mtime(MTIME).build());
        dirs.add(name);
    }

    private static int size(SplittableRandom random) {
        return (int) Math.floor(Math.exp(random.nextDouble() * Math.log(MAX_FILE_SIZE + 1.0))) - 1;
    }

    private static byte[][] words(SplittableRandom random) {
        byte[][] words = new byte[512][];
        for (int i = 0; i < words.length; i++) {
            char[] w = new char[2 + random.nextInt(9)];
            for (int j = 0; j < w.length; j++) {
                w[j] = (char) ('a' + random.nextInt(26));
            }
            words[i] = new String(w).getBytes(StandardCharsets.US_ASCII);
        }
        return words;
    }

    private static byte[] text(SplittableRandom random, byte[][] words, int size) {
        byte[] data = new byte[size];
        int at = 0;
        while (at < size) {
            byte[] w = words[random.nextInt(words.length)];
            int n = Math.min(w.length, size - at);
            System.arraycopy(w, 0, data, at, n);
            at += n;
            if (at < size) {
                data[at++] = (byte) (random.nextInt(12) == 0 ? '\n' : ' ');
            }
        }
        return data;
    }

    private static byte[] binary(SplittableRandom random, int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) random.nextInt(256);
        }
        return data;
    }
}
