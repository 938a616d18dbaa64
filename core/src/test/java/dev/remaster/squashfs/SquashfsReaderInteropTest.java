package dev.remaster.squashfs;

import dev.remaster.testing.Peers;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Images made by {@code mksquashfs} read by {@link SquashfsReader}: the listing equals
 * {@code unsquashfs -lln}'s line for line and every file equals what {@code unsquashfs} extracts.
 */
class SquashfsReaderInteropTest {
    @TempDir
    static Path dir;
    static Path tree;

    @BeforeAll
    static void makeTree() throws Exception {
        tree = buildTree(dir);
    }

    /** Builds the test tree under {@code dir} (hard links, a 255-byte name, 10,000 files, a sparse file ...). */
    static Path buildTree(Path dir) throws Exception {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("dir/empty-dir"));
        Files.createDirectories(tree.resolve("many"));
        Files.write(tree.resolve("small"), "hello\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(tree.resolve("empty"), new byte[0]);
        Random r = new Random(17);
        byte[] random = new byte[300_000];
        r.nextBytes(random);
        Files.write(tree.resolve("dir/random"), random);
        byte[] text = new byte[2_000_000];
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) ('a' + (i * 7 + i / 1000) % 26);
        }
        Files.write(tree.resolve("dir/text"), text);
        byte[] sparse = new byte[3 << 20];
        Arrays.fill(sparse, (1 << 20) + 5, (1 << 20) + 70_000, (byte) 9);
        Files.write(tree.resolve("sparse"), sparse);
        Files.write(tree.resolve("x".repeat(255)), "long name".getBytes(StandardCharsets.US_ASCII));
        Files.createLink(tree.resolve("hardlink"), tree.resolve("small"));
        Files.createSymbolicLink(tree.resolve("symlink"), Path.of("dir/../small"));
        run(tree, "chmod", "7740", "small");
        for (int i = 0; i < 10_000; i++) {
            Files.write(tree.resolve("many/f" + i), i % 3 == 0 ? new byte[0] : ("n" + i).getBytes(StandardCharsets.US_ASCII));
        }
        return tree;
    }

    static boolean haveTools() {
        return Peers.onPath("mksquashfs") && Peers.onPath("unsquashfs");
    }

    static void run(Path cwd, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("TZ", "UTC");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), () -> String.join(" ", command) + " failed: " + out);
    }

    static List<String> output(Path cwd, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().put("TZ", "UTC");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), () -> String.join(" ", command) + " failed");
        return List.of(out.split("\n"));
    }

    @ParameterizedTest
    @CsvSource({
        "gzip, 4096, ''",
        "gzip, 131072, -no-fragments",
        "gzip, 1048576, -always-use-fragments",
        "gzip, 8192, -noI -noD -noF -noX",
        "xz, 65536, ''",
        "lzma, 4096, ''",
        "lzo, 16384, ''",
        "lz4, 4096, -exports",
        "zstd, 262144, -always-use-fragments",
    })
    void readsWhatMksquashfsWrites(String comp, int blockSize, String extra) throws Exception {
        assumeTrue(haveTools(), "mksquashfs/unsquashfs (squashfs-tools) not installed");
        Path img = dir.resolve(comp + blockSize + extra.replace(" ", "") + ".sqfs");
        List<String> cmd = new ArrayList<>(List.of("mksquashfs", tree.toString(), img.toString(), "-comp", comp,
                "-b", Integer.toString(blockSize), "-noappend", "-quiet", "-no-progress",
                "-p", "cdev c 644 0 0 4 1", "-p", "bdev b 600 7 9 8 300", "-p", "pipe f 600 0 0 cat /dev/null"));
        if (comp.equals("lzma")) {
            cmd.remove("-comp");
            cmd.remove("lzma");
            assumeTrue(false, "mksquashfs of squashfs-tools 4.5 cannot write lzma");
        }
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split(" ")));
        }
        run(dir, cmd.toArray(String[]::new));
        List<String> expected = output(dir, "unsquashfs", "-lln", img.toString());
        Path out = dir.resolve("x-" + img.getFileName());
        run(dir, "unsquashfs", "-no-xattrs", "-d", out.toString(), img.toString());

        LongListing listing = new LongListing(ZoneOffset.UTC, "squashfs-root");
        List<String> actual = new ArrayList<>();
        try (SquashfsReader reader = SquashfsReader.open(img)) {
            assertEquals(comp, reader.superblock().compressor().toolName());
            assertEquals(blockSize, reader.superblock().blockSize());
            int files = 0;
            for (SquashfsEntry e : reader.walk()) {
                actual.add(listing.format(e));
                if (e.inode().type() == InodeType.FILE) {
                    byte[] want = Files.readAllBytes(out.resolve(e.path()));
                    assertArrayEquals(want, reader.readAll(e.inode()), e.path());
                    files++;
                }
            }
            assertTrue(files > 10_000, "files read: " + files);
            Inode small = reader.lookup("small");
            Inode link = reader.lookup("hardlink");
            assertEquals(small.number(), link.number(), "hard link shares the inode");
            assertEquals(2, small.linkCount());
            Inode bdev = reader.lookup("bdev");
            assertEquals(8, bdev.major());
            assertEquals(300, bdev.minor());
            if (extra.contains("-exports")) {
                assertEquals(small.ref(), reader.inodeByNumber(small.number()).ref());
            }
        }
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }

    @Test
    void readsExtendedAttributes() throws Exception {
        assumeTrue(haveTools(), "mksquashfs/unsquashfs (squashfs-tools) not installed");
        Path src = dir.resolve("xattr-src");
        Files.createDirectories(src);
        Path f = Files.write(src.resolve("f"), new byte[] {1});
        try {
            Files.getFileAttributeView(f, java.nio.file.attribute.UserDefinedFileAttributeView.class)
                    .write("remaster", java.nio.ByteBuffer.wrap("value".getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "the temporary directory's file system does not keep user xattrs: " + e);
        }
        Path img = dir.resolve("xattr.sqfs");
        run(dir, "mksquashfs", src.toString(), img.toString(), "-noappend", "-quiet", "-no-progress", "-xattrs");
        try (SquashfsReader reader = SquashfsReader.open(img)) {
            Inode inode = reader.lookup("f");
            assertTrue(inode.extended(), "an inode with xattrs is extended");
            assertArrayEquals("value".getBytes(StandardCharsets.US_ASCII), reader.xattrs(inode).get("user.remaster"));
        }
    }

    @Test
    void refusesTruncatedImageWithOffset() throws Exception {
        assumeTrue(haveTools(), "mksquashfs/unsquashfs (squashfs-tools) not installed");
        Path img = dir.resolve("trunc.sqfs");
        run(dir, "mksquashfs", tree.resolve("dir").toString(), img.toString(), "-noappend", "-quiet", "-no-progress");
        byte[] all = Files.readAllBytes(img);
        Path cut = Files.write(dir.resolve("cut.sqfs"), Arrays.copyOf(all, all.length / 2));
        SquashfsFormatException e = org.junit.jupiter.api.Assertions.assertThrows(SquashfsFormatException.class,
                () -> SquashfsReader.open(cut).close());
        assertTrue(e.getMessage().startsWith(cut + ": at offset 40 (0x28): bytes_used"), e.getMessage());
    }
}
