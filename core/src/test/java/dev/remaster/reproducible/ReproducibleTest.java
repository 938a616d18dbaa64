package dev.remaster.reproducible;

import dev.remaster.compress.Compression;
import dev.remaster.kernel.Archives;
import dev.remaster.kernel.KernelLint;
import dev.remaster.kernel.LintCode;
import dev.remaster.kernel.LintReport;
import dev.remaster.kernel.Severity;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryType;
import dev.remaster.image.ArchiveSegment;
import dev.remaster.image.ImageReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static dev.remaster.kernel.Archives.compress;
import static dev.remaster.kernel.Archives.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReproducibleTest {
    private static final long EPOCH = 1_600_000_000L;

    @TempDir
    Path dir;

    /** One file of the test tree: its type, and its content or target. */
    private record Node(String name, EntryType type, String content) {
    }

    /** The tree: directories, files, a symbolic link, a device, and a hard link group of three. */
    private static final List<Node> TREE = List.of(
            new Node("bin", EntryType.DIRECTORY, null),
            new Node("bin/busybox", EntryType.REGULAR, "busybox binary ".repeat(2000)),
            new Node("bin/sh", EntryType.SYMLINK, "busybox"),
            new Node("dev", EntryType.DIRECTORY, null),
            new Node("dev/console", EntryType.CHAR_DEVICE, null),
            new Node("etc", EntryType.DIRECTORY, null),
            new Node("etc/init.d", EntryType.DIRECTORY, null),
            new Node("etc/init.d/rcS", EntryType.REGULAR, "#!/bin/sh\nmount -a\n"),
            new Node("etc/passwd", EntryType.REGULAR, "root:x:0:0::/root:/bin/sh\n"),
            new Node("etc-old", EntryType.DIRECTORY, null),
            new Node("init", EntryType.REGULAR, "#!/bin/sh\nexec /sbin/init\n"),
            new Node("usr", EntryType.DIRECTORY, null),
            new Node("usr/lib", EntryType.DIRECTORY, null),
            new Node("usr/lib/a.so", EntryType.REGULAR, "linked content"),
            new Node("usr/lib/b.so", EntryType.REGULAR, "linked content"),
            new Node("usr/lib/c.so", EntryType.REGULAR, "linked content"),
            new Node("usr/share", EntryType.DIRECTORY, null),
            new Node("usr/share/empty", EntryType.REGULAR, ""));

    /**
     * The tree as one archive, as a build at time {@code time} on a file system with device
     * {@code dev} would list it: entries in {@code order}, names with or without {@code ./}, fresh
     * inode numbers, and the hard link group's data on {@code dataLink} of its links.
     */
    private static byte[] build(List<Node> order, long time, long dev, long inodeBase, String prefix, int dataLink) {
        Archives a = Archives.archive();
        long linkInode = inodeBase + 999;
        int linkSeen = 0;
        for (int i = 0; i < order.size(); i++) {
            Node n = order.get(i);
            String name = prefix + n.name();
            CpioEntry.Builder b;
            byte[] data = null;
            switch (n.type()) {
                case DIRECTORY -> b = CpioEntry.directory(name, 0755).toBuilder().nlink(3 + i % 2);
                case SYMLINK -> b = CpioEntry.symlink(name, n.content()).toBuilder();
                case CHAR_DEVICE -> b = CpioEntry.charDevice(name, 0600, 5, 1).toBuilder();
                default -> {
                    data = n.content().getBytes(StandardCharsets.UTF_8);
                    b = CpioEntry.file(name, 0644, data.length).toBuilder();
                    if (n.name().startsWith("usr/lib/")) {
                        b.inode(linkInode).nlink(3);
                        if (linkSeen++ != dataLink) {
                            b.size(0);
                            data = null;
                        }
                    }
                }
            }
            if (!n.name().startsWith("usr/lib/") || n.type() == EntryType.DIRECTORY) {
                b.inode(inodeBase + i * 7L);
            }
            a.entry(b.mtime(time + i).dev(dev >> 8, dev & 0xFF).uid(1000).gid(1000).build(), data);
        }
        return a.bytes();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private byte[] rewrite(Path source, Compression c, ReproducibleOptions options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Reproducible.rewrite(source, out, c, EncoderOptions.defaults(c), options);
        return out.toByteArray();
    }

    static Stream<Compression> writable() {
        return Arrays.stream(Compression.values()).filter(Compression::canWrite);
    }

    @ParameterizedTest
    @MethodSource("writable")
    void sameTreeBuiltTwiceGivesTheSameBytes(Compression c) throws IOException {
        List<Node> shuffled = new ArrayList<>(TREE);
        Collections.shuffle(shuffled, new Random(42)); // children before parents too
        Path first = write("first", compress(Compression.GZIP, build(TREE, 1_700_000_000L, 0x0801, 100, "", 2)));
        Path second = write("second", compress(Compression.XZ, build(shuffled, 1_750_000_000L, 0x10303, 5000, "./", 0)));
        ReproducibleOptions options = ReproducibleOptions.defaults().withSourceDateEpoch(EPOCH);

        byte[] a = rewrite(first, c, options);
        byte[] b = rewrite(second, c, options);
        assertArrayEquals(a, b, "images of the same tree differ with " + c);
        assertArrayEquals(a, rewrite(write("again", a), c, options), "a reproducible image rewritten changes");

        Path out = write("out", a);
        LintReport lint = KernelLint.check(out);
        assertFalse(lint.hasErrors(), lint.findings().toString());
        assertTrue(lint.findings().stream().allMatch(f -> f.severity() == Severity.INFO
                || f.code() == LintCode.COMPRESSION_SUPPORT), lint.findings().toString());
        List<CpioEntry> entries = readAll(out);
        List<String> names = entries.stream().map(CpioEntry::name).toList();
        assertEquals(List.of("bin", "bin/busybox", "bin/sh", "dev", "dev/console", "etc", "etc/init.d",
                "etc/init.d/rcS", "etc/passwd", "etc-old", "init", "usr", "usr/lib", "usr/lib/a.so", "usr/lib/b.so",
                "usr/lib/c.so", "usr/share", "usr/share/empty", "TRAILER!!!"), names);
        for (CpioEntry e : entries.subList(0, entries.size() - 1)) {
            assertEquals(EPOCH, e.mtime(), e.name());
            assertEquals(0, e.devMajor());
            assertEquals(1000, e.uid());
        }
        assertEquals(List.of(1L, 2L, 3L), entries.stream().limit(3).map(CpioEntry::inode).toList());
        CpioEntry a1 = entries.get(13);
        CpioEntry c1 = entries.get(15);
        assertEquals(a1.inode(), c1.inode());
        assertEquals(3, c1.nlink());
        assertEquals(0, a1.size());
        assertEquals("linked content".length(), c1.size());
        assertEquals(2 + 2, entries.get(11).nlink(), "usr lists two subdirectories");
    }

    private static List<CpioEntry> readAll(Path image) throws IOException {
        List<CpioEntry> all = new ArrayList<>();
        try (ImageReader r = ImageReader.open(image)) {
            for (CpioEntry e = r.next(); e != null; e = r.next()) {
                all.add(e);
                if (e.name().equals("bin/busybox")) {
                    assertEquals("busybox binary ".repeat(2000), new String(r.data().readAllBytes(), StandardCharsets.UTF_8));
                }
                if (e.name().equals("usr/lib/c.so")) {
                    assertEquals("linked content", new String(r.data().readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return all;
    }

    @Test
    void earlyArchiveStaysPlainAndFirstAndArchivesStaySeparate() throws IOException {
        byte[] early = Archives.archive().dir("kernel").dir("kernel/x86").dir("kernel/x86/microcode")
                .file("kernel/x86/microcode/AuthenticAMD.bin", "ucode").bytes();
        byte[] main = compress(Compression.GZIP, build(TREE, 1_700_000_000L, 0x0801, 100, "", 2));
        byte[] override = compress(Compression.GZIP, Archives.archive().file("init", "new init").bytes());
        Path source = write("layered", concat(early, main, override));
        Path target = dir.resolve("layered.repro");
        Reproducible.rewrite(source, target, Compression.ZSTD, EncoderOptions.defaults(Compression.ZSTD),
                ReproducibleOptions.defaults().withSourceDateEpoch(EPOCH));

        LintReport lint = KernelLint.check(target);
        assertFalse(lint.hasErrors(), lint.findings().toString());
        List<ArchiveSegment> archives = lint.segments().stream().filter(s -> s instanceof ArchiveSegment)
                .map(s -> (ArchiveSegment) s).toList();
        assertEquals(Compression.NONE, archives.get(0).compression());
        assertEquals(Compression.ZSTD, archives.get(1).compression());
        assertEquals(2, archives.stream().mapToInt(ArchiveSegment::archives).sum() - 1,
                "three archives in all: the early one, the main one and the override");
        // The override still comes last, so it still wins.
        assertEquals("init", lint.findings(LintCode.DUPLICATE_PATH).get(0).entryName());
    }

    @Test
    void mtimesAreClampedOrSetOrKept() throws IOException {
        byte[] image = Archives.archive()
                .entry(CpioEntry.file("old", 0644, 0).toBuilder().mtime(EPOCH - 10).build(), null)
                .entry(CpioEntry.file("new", 0644, 0).toBuilder().mtime(EPOCH + 10).build(), null).bytes();
        Path source = write("times", image);
        ReproducibleOptions clamp = ReproducibleOptions.defaults().withSourceDateEpoch(EPOCH);
        assertEquals(List.of(EPOCH, EPOCH - 10), mtimes(rewrite(source, Compression.NONE, clamp)));
        assertEquals(List.of(EPOCH, EPOCH), mtimes(rewrite(source, Compression.NONE,
                clamp.withMtimePolicy(ReproducibleOptions.MtimePolicy.SET))));
        assertEquals(List.of(EPOCH + 10, EPOCH - 10), mtimes(rewrite(source, Compression.NONE,
                ReproducibleOptions.defaults())));
    }

    private List<Long> mtimes(byte[] image) throws IOException {
        List<Long> mtimes = new ArrayList<>();
        for (CpioEntry e : readAll(write("m" + System.nanoTime(), image))) {
            if (!e.isTrailer()) {
                mtimes.add(e.mtime());
            }
        }
        return mtimes;
    }

    @Test
    void ownersForcedAndInodesKeptWhenAsked() throws IOException {
        Path source = write("tree", build(TREE, 1_700_000_000L, 0x0801, 100, "", 2));
        ReproducibleOptions options = ReproducibleOptions.defaults().withForceOwner(0, 0).withRenumberInodes(false);
        List<CpioEntry> entries = readAll(write("owned", rewrite(source, Compression.NONE, options)));
        for (CpioEntry e : entries.subList(0, entries.size() - 1)) {
            assertEquals(0, e.uid());
            assertEquals(0, e.gid());
            assertEquals(8, e.devMajor());
        }
        assertEquals(100, entries.get(0).inode());
    }

    @Test
    void gzipOutputDoesNotDependOnThreadsAndHasAFixedHeader() throws IOException {
        Path source = write("tree", build(TREE, 1_700_000_000L, 0x0801, 100, "", 2));
        ReproducibleOptions options = ReproducibleOptions.defaults().withSourceDateEpoch(EPOCH);
        byte[] one = rewriteWith(source, new EncoderOptions(6, 1), options);
        assertArrayEquals(one, rewriteWith(source, new EncoderOptions(6, 2), options));
        assertArrayEquals(one, rewriteWith(source, new EncoderOptions(6, 7), options));
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0}, Arrays.copyOf(one, 8),
                "gzip header: no flags, mtime 0");
        assertNotEquals(Arrays.toString(one), Arrays.toString(rewriteWith(source, new EncoderOptions(9, 1), options)));
    }

    @Test
    void oneAndFourThreadsGiveTheSameImageOfManyChunks() throws IOException {
        // About 6 MiB of files, so that the gzip member holds several 1 MiB chunks compressed on
        // different threads; the rewrite forces no thread count.
        Archives a = Archives.archive().dir("data");
        Random random = new Random(14);
        for (int i = 0; i < 300; i++) {
            StringBuilder text = new StringBuilder();
            while (text.length() < 20_000) {
                text.append("line ").append(random.nextInt(1000)).append(' ').append(Long.toHexString(random.nextLong()))
                        .append('\n');
            }
            a.file("data/f" + i, text.toString());
        }
        Path source = write("many", compress(Compression.XZ, a.bytes()));
        ReproducibleOptions options = ReproducibleOptions.defaults().withSourceDateEpoch(EPOCH);
        byte[] one = rewriteWith(source, new EncoderOptions(6, 1), options);
        byte[] four = rewriteWith(source, new EncoderOptions(6, 4), options);
        assertTrue(one.length > 2 << 20, "several chunks: " + one.length + " bytes");
        assertArrayEquals(one, four);
    }

    private byte[] rewriteWith(Path source, EncoderOptions encoder, ReproducibleOptions options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Reproducible.rewrite(source, out, Compression.GZIP, encoder, options);
        return out.toByteArray();
    }

    @Test
    void rewritingInPlaceIsSafe() throws IOException {
        Path source = write("inplace", compress(Compression.XZ, build(TREE, 1_700_000_000L, 0x0801, 100, "./", 1)));
        byte[] expected = rewrite(source, Compression.LZ4_LEGACY, ReproducibleOptions.defaults());
        Reproducible.rewrite(source, source, Compression.LZ4_LEGACY, EncoderOptions.defaults(Compression.LZ4_LEGACY),
                ReproducibleOptions.defaults());
        assertArrayEquals(expected, Files.readAllBytes(source));
    }

    @Test
    void pathOrderPutsParentsFirstAndSiblingsByBytes() {
        List<String> names = new ArrayList<>(List.of("b", "a-b", "a/b/c", ".", "a/b", "a", "./a/c", "A", "a/b-c"));
        names.sort((x, y) -> PathOrder.names().compare(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(".", "A", "a", "a/b", "a/b/c", "a/b-c", "./a/c", "a-b", "b"), names);
        assertEquals("etc/x", new String(PathOrder.normalize("./etc//./x/".getBytes()), StandardCharsets.UTF_8));
        assertEquals(".", new String(PathOrder.normalize("/".getBytes()), StandardCharsets.UTF_8));
        assertEquals("a/../b", new String(PathOrder.normalize("a/../b".getBytes()), StandardCharsets.UTF_8));
    }

    @Test
    void sourceDateEpochFromTheEnvironment() {
        assertEquals(EPOCH, ReproducibleOptions.fromEnvironment(Map.of("SOURCE_DATE_EPOCH", "1600000000"))
                .sourceDateEpoch().getAsLong());
        assertTrue(ReproducibleOptions.fromEnvironment(Map.of()).sourceDateEpoch().isEmpty());
        assertThrows(IllegalArgumentException.class,
                () -> ReproducibleOptions.fromEnvironment(Map.of("SOURCE_DATE_EPOCH", "yesterday")));
        assertThrows(IllegalArgumentException.class,
                () -> ReproducibleOptions.defaults().withMtimePolicy(ReproducibleOptions.MtimePolicy.SET));
    }
}
