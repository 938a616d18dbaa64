package dev.remaster.squashfs;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderNotFoundException;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A squashfs image made by {@code mksquashfs} from the interop test tree, opened as a file system:
 * every path, file content (whole and at random positions), link target and attribute equals what
 * the source tree says.
 */
class SquashfsFileSystemProviderTest {
    @TempDir
    static Path dir;
    static Path tree;
    static Path image;

    @BeforeAll
    static void makeImage() throws Exception {
        assumeTrue(SquashfsReaderInteropTest.haveTools(), "mksquashfs/unsquashfs (squashfs-tools) not installed");
        tree = SquashfsReaderInteropTest.buildTree(dir);
        image = dir.resolve("tree.sqfs");
        SquashfsReaderInteropTest.run(dir, "mksquashfs", tree.toString(), image.toString(), "-comp", "gzip", "-b", "4096",
                "-noappend", "-quiet", "-no-progress", "-no-xattrs");
    }

    private static TreeSet<String> names(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.map(p -> "/" + root.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void everyPathContentLinkAndAttributeIsTheSourceTreesOwn() throws Exception {
        try (FileSystem fs = FileSystems.newFileSystem(image)) {
            assertTrue(fs.isReadOnly());
            Path root = fs.getPath("/");
            assertEquals(names(tree), names(root));
            for (String name : names(tree)) {
                Path source = tree.resolve(name.substring(1));
                Path inImage = fs.getPath(name);
                Map<String, Object> want = new java.util.HashMap<>(Files.readAttributes(source, "unix:mode,uid,gid,nlink,size,isDirectory,isSymbolicLink",
                        LinkOption.NOFOLLOW_LINKS));
                Map<String, Object> got = new java.util.HashMap<>(Files.readAttributes(inImage, "unix:mode,uid,gid,nlink,size,isDirectory,isSymbolicLink",
                        LinkOption.NOFOLLOW_LINKS));
                if ((Boolean) want.get("isDirectory")) {
                    // directories: sizes and link counts are the file system's own
                    want.remove("size");
                    got.remove("size");
                    want.remove("nlink");
                    got.remove("nlink");
                }
                assertEquals(want, got, name);
                assertEquals(Files.getLastModifiedTime(source, LinkOption.NOFOLLOW_LINKS).toMillis() / 1000,
                        Files.getLastModifiedTime(inImage, LinkOption.NOFOLLOW_LINKS).toMillis() / 1000, name);
                if (Files.isSymbolicLink(source)) {
                    assertEquals(Files.readSymbolicLink(source).toString(), Files.readSymbolicLink(inImage).toString(), name);
                } else if (Files.isRegularFile(source)) {
                    assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(inImage), name);
                }
            }
            assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.resolve("small"))),
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(fs.getPath("/small"))));
            assertEquals(07740, (Integer) Files.getAttribute(fs.getPath("/small"), "unix:mode") & 07777);
            assertEquals("hello\n", Files.readString(fs.getPath("/symlink")), "a link is followed inside the image");
            assertTrue(Files.isSameFile(fs.getPath("/small"), fs.getPath("/hardlink")));
        }
    }

    @Test
    void aChannelReadsAtAnyPosition() throws Exception {
        byte[] want = Files.readAllBytes(tree.resolve("sparse"));
        Random random = new Random(5);
        try (FileSystem fs = FileSystems.newFileSystem(image);
                SeekableByteChannel ch = Files.newByteChannel(fs.getPath("/sparse"))) {
            assertEquals(want.length, ch.size());
            for (int i = 0; i < 200; i++) {
                int at = random.nextInt(want.length);
                int len = 1 + random.nextInt(20_000);
                ByteBuffer b = ByteBuffer.allocate(len);
                ch.position(at);
                while (b.hasRemaining() && ch.read(b) > 0) {
                    // fill
                }
                int n = b.position();
                assertEquals(Math.min(len, want.length - at), n);
                assertArrayEquals(Arrays.copyOfRange(want, at, at + n), Arrays.copyOf(b.array(), n), "at " + at);
            }
            ch.position(want.length);
            assertEquals(-1, ch.read(ByteBuffer.allocate(1)));
        }
    }

    @Test
    void writesAreRefusedAndOtherFilesAreLeftToOtherProviders() throws Exception {
        try (FileSystem fs = FileSystems.newFileSystem(image)) {
            assertThrows(ReadOnlyFileSystemException.class, () -> Files.writeString(fs.getPath("/new"), "x"));
            assertThrows(ReadOnlyFileSystemException.class, () -> Files.delete(fs.getPath("/small")));
            assertThrows(ReadOnlyFileSystemException.class, () -> Files.setAttribute(fs.getPath("/small"), "unix:uid", 1));
            assertThrows(java.nio.file.NoSuchFileException.class, () -> Files.readAllBytes(fs.getPath("/missing")));
        }
        Path text = Files.writeString(dir.resolve("not-squashfs.txt"), "hsq but not quite");
        assertThrows(ProviderNotFoundException.class, () -> FileSystems.newFileSystem(text));
    }

    @Test
    void opensByUriAndFindsTheOpenFileSystem() throws Exception {
        URI uri = URI.create("squashfs:" + image.toUri());
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
            assertSame(fs, FileSystems.getFileSystem(uri));
            Path small = Path.of(URI.create(uri + "!/small"));
            assertEquals("hello\n", Files.readString(small));
            assertEquals(small, Path.of(small.toUri()));
        }
    }

    /**
     * Owners from the id table, setuid, setgid and sticky bits, devices (a minor above 255), a FIFO,
     * a socket, hard links and a time per entry, made by {@code mksquashfs} pseudo definitions:
     * every path's attributes, formatted as {@code unsquashfs -lln} prints them, equal its line.
     */
    @Test
    void everyAttributeIsWhatUnsquashfsLists() throws Exception {
        Path special = specialImage();
        List<String> want = new ArrayList<>();
        for (String line : SquashfsReaderInteropTest.output(dir, "unsquashfs", "-lln", special.toString())) {
            want.add(normalized(line));
        }
        List<String> got = new ArrayList<>();
        try (FileSystem fs = FileSystems.newFileSystem(special); Stream<Path> walk = Files.walk(fs.getPath("/"))) {
            for (Path p : walk.toList()) {
                got.add(listed(p));
            }
        }
        assertEquals(String.join("\n", want), String.join("\n", got));
    }

    /**
     * The same image extracted by {@code unsquashfs} as root (which restores owners, devices and
     * hard links): every {@code unix} attribute the extracted tree can carry equals the image's,
     * and inode numbers are one per inode, shared by hard links and within the superblock's count.
     */
    @Test
    void everyUnixAttributeIsWhatUnsquashfsExtracts() throws Exception {
        Path special = specialImage();
        assumeTrue("root".equals(System.getProperty("user.name")),
                "unsquashfs restores owners and device files only when run as root");
        Path out = dir.resolve("special-out");
        SquashfsReaderInteropTest.run(dir, "unsquashfs", "-d", out.toString(), special.toString());
        long inodes;
        try (SquashfsReader reader = SquashfsReader.open(special)) {
            inodes = reader.superblock().inodeCount();
        }
        String attributes = "unix:mode,uid,gid,rdev,nlink,size,lastModifiedTime,isDirectory";
        Map<Object, String> byIno = new java.util.HashMap<>();
        int checked = 0;
        try (FileSystem fs = FileSystems.newFileSystem(special); Stream<Path> walk = Files.walk(fs.getPath("/"))) {
            for (Path p : walk.toList()) {
                Path extracted = p.getNameCount() == 0 ? out : out.resolve(p.toString().substring(1));
                Map<String, Object> expected = new java.util.HashMap<>(Files.readAttributes(extracted, attributes, LinkOption.NOFOLLOW_LINKS));
                Map<String, Object> actual = new java.util.HashMap<>(Files.readAttributes(p, attributes, LinkOption.NOFOLLOW_LINKS));
                if ((Boolean) expected.get("isDirectory")) {
                    expected.remove("size"); // a directory's size is its file system's own
                    actual.remove("size");
                }
                if (p.getNameCount() == 0) {
                    expected.remove("lastModifiedTime"); // unsquashfs -d leaves the root's time its own
                    actual.remove("lastModifiedTime");
                }
                assertEquals(expected, actual, p.toString());
                Object ino = Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
                long number = ((Number) ino).longValue();
                assertTrue(number >= 1 && number <= inodes, p + ": ino " + number + " of " + inodes);
                String first = byIno.putIfAbsent(ino, p.toString());
                if (first != null) {
                    assertTrue(Files.isSameFile(p, fs.getPath(first)), p + " shares ino " + ino + " with " + first);
                    assertEquals(Files.getAttribute(extracted, "unix:ino", LinkOption.NOFOLLOW_LINKS),
                            Files.getAttribute(out.resolve(first.substring(1)), "unix:ino", LinkOption.NOFOLLOW_LINKS),
                            p + " and " + first + " are one inode in the image but not when extracted");
                }
                checked++;
            }
        }
        assertEquals(inodes, byIno.size(), "inode numbers seen");
        assertTrue(checked > byIno.size(), "the image has hard links");
    }

    /** An image of a small tree plus {@code mksquashfs} pseudo entries of every kind, owners and times. */
    private static Path specialImage() throws Exception {
        Path special = dir.resolve("special.sqfs");
        if (Files.exists(special)) {
            return special;
        }
        Path src = Files.createDirectories(dir.resolve("special-src/sub"));
        Files.writeString(src.resolve("data"), "data\n");
        Files.writeString(src.getParent().resolve("top"), "top level\n");
        Files.deleteIfExists(src.resolve("data-link"));
        Files.createLink(src.resolve("data-link"), src.resolve("data"));
        Path pseudo = Files.writeString(dir.resolve("special.pseudo"), String.join("\n",
                "suid F 1234567890 4755 1000 100 echo setuid",
                "sgid F 1234567891 2711 0 50 echo setgid",
                "sticky D 1000000000 1777 0 0",
                "sgid-dir D 1000000001 3750 4242 4343",
                "cdev C 1500000000 620 0 5 4 300",
                "bdev B 1500000001 660 7 6 259 1",
                "fifo I 1600000000 640 3 4 f",
                "sock I 1600000001 777 2 2 s",
                "slink S 1700000000 777 11 12 sub/data",
                "suid-link L suid",
                "top M 1800000000 604 65534 65533",
                ""));
        SquashfsReaderInteropTest.run(dir, "mksquashfs", src.getParent().toString(), special.toString(), "-comp", "gzip",
                "-b", "4096", "-noappend", "-quiet", "-no-progress", "-no-xattrs", "-pf", pseudo.toString());
        return special;
    }

    /** An {@code unsquashfs -lln} line with runs of spaces made one, a directory's size shown as {@code -}. */
    private static String normalized(String line) {
        String[] f = line.trim().replaceAll(", +", ",").split(" +", 6);
        if (f[0].startsWith("d")) {
            f[2] = "-";
        }
        return String.join(" ", f);
    }

    /** What {@code unsquashfs -lln} lists for {@code p}, from its attributes alone, normalized alike. */
    private static String listed(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        StringBuilder line = new StringBuilder(modeString(mode)).append(' ')
                .append(a.get("uid")).append('/').append(a.get("gid")).append(' ');
        long rdev = (Long) a.get("rdev");
        switch (mode & 0170000) {
            case 0040000 -> line.append('-');
            case 0020000, 0060000 -> line.append(rdev >>> 8).append(',').append(rdev & 0xff);
            default -> line.append(a.get("size"));
        }
        line.append(' ').append(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toInstant().atZone(java.time.ZoneOffset.UTC)));
        line.append(" squashfs-root").append(p.getNameCount() == 0 ? "" : p.toString());
        if ((Boolean) a.get("isSymbolicLink")) {
            line.append(" -> ").append(Files.readSymbolicLink(p));
        }
        return line.toString();
    }

    private static String modeString(int mode) {
        char type = switch (mode & 0170000) {
            case 0040000 -> 'd';
            case 0100000 -> '-';
            case 0120000 -> 'l';
            case 0060000 -> 'b';
            case 0020000 -> 'c';
            case 0010000 -> 'p';
            case 0140000 -> 's';
            default -> '?';
        };
        StringBuilder s = new StringBuilder().append(type);
        for (int i = 0; i < 9; i++) {
            s.append((mode & (0400 >> i)) != 0 ? "rwxrwxrwx".charAt(i) : '-');
        }
        int[] special = {04000, 02000, 01000};
        for (int k = 0; k < 3; k++) {
            if ((mode & special[k]) != 0) {
                int at = 3 + 3 * k;
                boolean x = s.charAt(at) == 'x';
                s.setCharAt(at, k == 2 ? (x ? 't' : 'T') : (x ? 's' : 'S'));
            }
        }
        return s.toString();
    }
}
