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
