package dev.remaster.squashfs;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Images written by {@link SquashfsWriter} from the test tree of {@link SquashfsReaderInteropTest}
 * read by {@code unsquashfs}: its {@code -lln} listing equals ours of the {@code mksquashfs} image
 * of the same tree and every file it extracts equals the source; sizes are reported against
 * {@code mksquashfs} with the same compressor and block size.
 */
class SquashfsWriterInteropTest {
    @TempDir
    static Path dir;
    static Path tree;

    @BeforeAll
    static void makeTree() throws Exception {
        tree = SquashfsReaderInteropTest.buildTree(dir);
    }

    static Path write(WriterOptions options, Path out) throws Exception {
        SquashfsWriter w = new SquashfsWriter(options);
        w.addTree(tree);
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            w.write(ch);
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({
        "gzip, 4096, true, false",
        "gzip, 131072, false, false",
        "gzip, 1048576, true, true",
        "xz, 65536, true, false",
        "lzo, 16384, true, false",
        "lzo, 131072, true, false",
        "lz4, 4096, true, true",
        "zstd, 262144, true, false",
    })
    void unsquashfsReadsWhatWeWrite(String comp, int blockSize, boolean fragments, boolean always) throws Exception {
        assumeTrue(SquashfsReaderInteropTest.haveTools(), "mksquashfs/unsquashfs (squashfs-tools) not installed");
        Compressor c = Compressor.valueOf(comp.toUpperCase());
        Path ours = write(WriterOptions.tinyCore().withCompressor(c).withBlockSize(blockSize)
                .withFragments(fragments, always).withModificationTime(1_700_000_000L).withThreads(2),
                dir.resolve("ours-" + comp + blockSize + fragments + always + ".sqfs"));
        Path theirs = dir.resolve("theirs-" + comp + blockSize + fragments + always + ".sqfs");
        List<String> cmd = new ArrayList<>(List.of("mksquashfs", tree.toString(), theirs.toString(), "-comp", comp,
                "-b", Integer.toString(blockSize), "-noappend", "-quiet", "-no-progress", "-no-xattrs", "-no-duplicates"));
        if (!fragments) {
            cmd.add("-no-fragments");
        }
        if (always) {
            cmd.add("-always-use-fragments");
        }
        SquashfsReaderInteropTest.run(dir, cmd.toArray(String[]::new));

        List<String> unsquashfsOfOurs = SquashfsReaderInteropTest.output(dir, "unsquashfs", "-lln", ours.toString());
        List<String> oursOfTheirs = new ArrayList<>();
        LongListing listing = new LongListing(ZoneOffset.UTC, "squashfs-root");
        try (SquashfsReader r = SquashfsReader.open(theirs)) {
            for (SquashfsEntry e : r.walk()) {
                oursOfTheirs.add(listing.format(e));
            }
        }
        for (int i = 0; i < Math.min(oursOfTheirs.size(), unsquashfsOfOurs.size()); i++) {
            assertEquals(oursOfTheirs.get(i), unsquashfsOfOurs.get(i), "line " + (i + 1));
        }
        assertEquals(oursOfTheirs.size(), unsquashfsOfOurs.size(), "lines");

        Path out = dir.resolve("x-ours-" + comp + blockSize + fragments + always);
        SquashfsReaderInteropTest.run(dir, "unsquashfs", "-d", out.toString(), ours.toString());
        try (var walk = Files.walk(tree)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(out.resolve(tree.relativize(p).toString())), p.toString());
            }
        }
        System.out.printf("squashfs size %s %d %s%s: ours %d, mksquashfs %d (%.2f%%)%n", comp, blockSize,
                fragments ? "" : "-no-fragments", always ? "-always-use-fragments" : "", Files.size(ours), Files.size(theirs),
                100.0 * (Files.size(ours) - Files.size(theirs)) / Files.size(theirs));
    }

    /**
     * lzo blocks by our thorough LZO1X encoder are within 3% of {@code mksquashfs}'s (LZO1X-999) at
     * its default block size and at 16 KiB (aircompressor's LZO1X-1 was 3.2% larger at 16 KiB).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {16384, 131072})
    void lzoIsWithinThreePercentOfMksquashfs(int blockSize) throws Exception {
        assumeTrue(SquashfsReaderInteropTest.haveTools(), "mksquashfs/unsquashfs (squashfs-tools) not installed");
        Path ours = write(WriterOptions.tinyCore().withCompressor(Compressor.LZO).withBlockSize(blockSize)
                .withModificationTime(1_700_000_000L).withThreads(2), dir.resolve("lzo-ours-" + blockSize + ".sqfs"));
        Path theirs = dir.resolve("lzo-theirs-" + blockSize + ".sqfs");
        SquashfsReaderInteropTest.run(dir, "mksquashfs", tree.toString(), theirs.toString(), "-comp", "lzo",
                "-b", Integer.toString(blockSize), "-noappend", "-quiet", "-no-progress", "-no-xattrs");
        long a = Files.size(ours);
        long b = Files.size(theirs);
        System.out.printf("squashfs lzo %d: ours %d, mksquashfs %d (%.2f%%)%n", blockSize, a, b, 100.0 * (a - b) / b);
        org.junit.jupiter.api.Assertions.assertTrue(a <= b * 1.03, "ours " + a + " vs mksquashfs " + b);
    }

    /** Identical files share their blocks and fragment, as {@code mksquashfs} stores them by default. */
    @Test
    void identicalFilesAreStoredOnce() throws Exception {
        assumeTrue(SquashfsReaderInteropTest.haveTools(), "mksquashfs/unsquashfs (squashfs-tools) not installed");
        Path dupes = Files.createDirectories(dir.resolve("dupes"));
        Path unique = Files.createDirectories(dir.resolve("unique"));
        java.util.Random random = new java.util.Random(3);
        byte[] big = new byte[300_000];
        random.nextBytes(big);
        for (Path t : List.of(dupes, unique)) {
            Files.write(t.resolve("a.bin"), big);
            Files.writeString(t.resolve("c.txt"), "the same small file\n");
            Files.writeString(t.resolve("e.txt"), "another small file\n");
        }
        Files.write(dupes.resolve("b.bin"), big);
        Files.createDirectories(dupes.resolve("sub"));
        Files.write(dupes.resolve("sub/f.bin"), big);
        Files.writeString(dupes.resolve("d.txt"), "the same small file\n");
        Files.writeString(dupes.resolve("sub/g.txt"), "the same small file\n");
        for (WriterOptions options : List.of(WriterOptions.tinyCore(),
                WriterOptions.tinyCore().withBlockSize(131072).withFragments(true, true))) {
            long[] sizes = new long[2];
            for (int i = 0; i < 2; i++) {
                Path from = i == 0 ? dupes : unique;
                SquashfsWriter w = new SquashfsWriter(options);
                w.addTree(from);
                Path image = dir.resolve("dedup-" + i + "-" + options.blockSize() + ".sqfs");
                try (FileChannel ch = FileChannel.open(image, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    w.write(ch);
                }
                sizes[i] = Files.size(image);
                Path out = dir.resolve("x-dedup-" + i + "-" + options.blockSize());
                SquashfsReaderInteropTest.run(dir, "unsquashfs", "-d", out.toString(), image.toString());
                try (var walk = Files.walk(from)) {
                    for (Path p : walk.filter(Files::isRegularFile).toList()) {
                        assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(out.resolve(from.relativize(p).toString())),
                                p.toString());
                    }
                }
            }
            // three copies of 300 KB more, and two of a small file, cost only their inodes and names
            assertEquals(sizes[1], sizes[0], "block size " + options.blockSize() + ": with duplicates " + sizes[0]
                    + ", without " + sizes[1]);
        }
    }

    /**
     * A duplicate whose tail would not fit in the fragment being filled: the fragment holding the
     * first copy stays where it was written (it was once written after the duplicate's blocks, whose
     * place is taken back, and the next file's data overwrote it).
     */
    @Test
    void aDuplicateThatWouldFillTheFragmentLeavesItIntact() throws Exception {
        assumeTrue(SquashfsReaderInteropTest.haveTools(), "mksquashfs/unsquashfs (squashfs-tools) not installed");
        Path from = Files.createDirectories(dir.resolve("fragment-dupes"));
        java.util.Random random = new java.util.Random(11);
        byte[][] contents = new byte[4][];
        int[] sizes = {3000, 3000, 3000, 5000};
        for (int i = 0; i < 4; i++) {
            contents[i] = new byte[sizes[i]];
            random.nextBytes(contents[i]);
        }
        contents[1] = contents[0];
        for (int i = 0; i < 4; i++) {
            Files.write(from.resolve((char) ('a' + i) + ".bin"), contents[i]);
        }
        SquashfsWriter w = new SquashfsWriter(WriterOptions.tinyCore());
        w.addTree(from);
        Path image = dir.resolve("fragment-dupes.sqfs");
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            w.write(ch);
        }
        Path out = dir.resolve("x-fragment-dupes");
        SquashfsReaderInteropTest.run(dir, "unsquashfs", "-d", out.toString(), image.toString());
        for (int i = 0; i < 4; i++) {
            String name = (char) ('a' + i) + ".bin";
            assertArrayEquals(contents[i], Files.readAllBytes(out.resolve(name)), name);
        }
    }

    @Test
    void writesEntriesOfACpioArchive() throws Exception {
        assumeTrue(SquashfsReaderInteropTest.haveTools(), "mksquashfs/unsquashfs (squashfs-tools) not installed");
        Path src = dir.resolve("cpio-src");
        Files.createDirectories(src.resolve("bin"));
        Files.writeString(src.resolve("bin/tool"), "tool data\n");
        Files.createLink(src.resolve("bin/alias"), src.resolve("bin/tool"));
        Files.createSymbolicLink(src.resolve("init"), Path.of("bin/tool"));
        Path archive = dir.resolve("a.cpio");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "find . | LC_ALL=C sort | cpio -o -H newc --quiet > " + archive)
                .directory(src.toFile());
        assumeTrue(pb.start().waitFor() == 0, "GNU cpio not installed");
        SquashfsWriter w = new SquashfsWriter(WriterOptions.tinyCore().withModificationTime(7));
        try (dev.remaster.cpio.CpioReader r = dev.remaster.cpio.CpioReader.of(Files.newInputStream(archive),
                dev.remaster.cpio.ReadOptions.defaults())) {
            w.addEntries(r);
        }
        Path img = dir.resolve("from-cpio.sqfs");
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            w.write(ch);
        }
        Path out = dir.resolve("x-from-cpio");
        SquashfsReaderInteropTest.run(dir, "unsquashfs", "-d", out.toString(), img.toString());
        assertEquals("tool data\n", Files.readString(out.resolve("bin/alias")));
        assertEquals("tool data\n", Files.readString(out.resolve("bin/tool")));
        assertEquals(Path.of("bin/tool"), Files.readSymbolicLink(out.resolve("init")));
        try (SquashfsReader r = SquashfsReader.open(img)) {
            assertEquals(r.lookup("bin/tool").number(), r.lookup("bin/alias").number());
            assertEquals(2, r.lookup("bin/alias").linkCount());
        }
    }

    @Test
    void outputDoesNotDependOnThreads() throws Exception {
        WriterOptions o = WriterOptions.tinyCore().withModificationTime(5);
        Path one = write(o.withThreads(1), dir.resolve("t1.sqfs"));
        Path four = write(o.withThreads(4), dir.resolve("t4.sqfs"));
        assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(four));
    }
}
