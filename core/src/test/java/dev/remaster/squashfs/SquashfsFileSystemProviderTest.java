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
import java.util.Arrays;
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
}
