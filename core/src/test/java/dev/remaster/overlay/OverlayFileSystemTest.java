package dev.remaster.overlay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Jimfs;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlayFileSystemTest {
    private static final String RCS = "#!/bin/sh\nmount -t proc proc /proc\necho hello\n";
    private static final String HOSTNAME = "box\n";
    private static final FileTime IMAGE_TIME = FileTime.fromMillis(1_000_000_000_000L);

    private FileSystem jimfs;
    private FakeContent content;
    private OverlayFileSystem fs;

    /**
     * A tree as the project lead's image loader would leave it: directories and links in place,
     * regular files empty and pending in {@link FakeContent}.
     */
    @BeforeEach
    void setUp() throws IOException {
        jimfs = Jimfs.newFileSystem(OverlayFileSystem.jimfsConfiguration());
        content = new FakeContent();
        Files.createDirectories(jimfs.getPath("/etc/init.d"));
        Files.createDirectories(jimfs.getPath("/bin"));
        content.addPending(jimfs.getPath("/etc/init.d/rcS"), RCS);
        content.addPending(jimfs.getPath("/etc/hostname"), HOSTNAME);
        Files.createSymbolicLink(jimfs.getPath("/init"), jimfs.getPath("etc/init.d/rcS"));
        fs = InitramfsFileSystemProvider.wrap(jimfs, content);
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
    }

    private Object key(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }

    // ---- Reading ---------------------------------------------------------------------------------

    @Test
    void readingAPendingFileReturnsTheSourceContentAndHydratesOnce() throws IOException {
        Path rcs = fs.getPath("/etc/init.d/rcS");
        Object key = key(rcs);

        assertEquals(RCS, Files.readString(rcs));
        assertArrayEquals(RCS.getBytes(UTF_8), Files.readAllBytes(rcs));
        try (BufferedReader reader = Files.newBufferedReader(rcs)) {
            assertEquals("#!/bin/sh", reader.readLine());
        }
        try (Stream<String> lines = Files.lines(rcs)) {
            assertEquals(3, lines.count());
        }

        assertEquals(List.of(key), content.hydrated);
        assertEquals(Set.of(), content.changed, "reading changes nothing");
    }

    @Test
    void onlyTheFileThatIsReadIsHydrated() throws IOException {
        assertEquals(HOSTNAME, Files.readString(fs.getPath("/etc/hostname")));
        assertEquals(List.of(key(fs.getPath("/etc/hostname"))), content.hydrated);
        assertTrue(content.isPending(key(fs.getPath("/etc/init.d/rcS"))));
    }

    @Test
    void hydrationKeepsTheFileTimes() throws IOException {
        Path rcs = fs.getPath("/etc/init.d/rcS");
        Files.readString(rcs);
        BasicFileAttributes attrs = Files.readAttributes(rcs, BasicFileAttributes.class);
        assertEquals(IMAGE_TIME, attrs.lastModifiedTime());
    }

    @Test
    void readingThroughASymbolicLinkHydratesItsTarget() throws IOException {
        Path init = fs.getPath("/init");
        assertTrue(Files.isSymbolicLink(init));
        assertEquals(RCS.length(), Files.size(init), "size follows the link to the pending file");
        assertEquals(RCS, Files.readString(init));
        assertEquals(List.of(key(fs.getPath("/etc/init.d/rcS"))), content.hydrated);
        assertEquals(RCS, Files.readString(fs.getPath("/etc/init.d/rcS")));
        assertEquals(1, content.hydrated.size());
    }

    @Test
    void aFailedHydrationFailsTheReadAndLeavesTheFilePending() throws IOException {
        Path rcs = fs.getPath("/etc/init.d/rcS");
        Object key = key(rcs);
        content.failing.add(key);
        IOException e = assertThrows(IOException.class, () -> Files.readString(rcs));
        assertEquals("source unreadable", e.getMessage());
        assertTrue(content.isPending(key));
        content.failing.clear();
        assertEquals(RCS, Files.readString(rcs));
    }

    @Test
    void concurrentReadersHydrateOnce() throws Exception {
        Path rcs = fs.getPath("/etc/init.d/rcS");
        content.hydrationPauseMillis = 50; // widens the window a missing lock would leave open
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<String>> readers = Collections.nCopies(8, () -> Files.readString(rcs));
            for (Future<String> read : pool.invokeAll(readers)) {
                assertEquals(RCS, read.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, content.hydrated.size());
    }

    @Test
    void asynchronousChannelsHydrateToo() throws Exception {
        Path hostname = fs.getPath("/etc/hostname");
        try (AsynchronousFileChannel channel = AsynchronousFileChannel.open(hostname, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(16);
            int read = channel.read(buffer, 0).get();
            assertEquals(HOSTNAME, new String(buffer.array(), 0, read, UTF_8));
        }
        assertEquals(List.of(key(hostname)), content.hydrated);
    }

    // ---- Sizes and attributes --------------------------------------------------------------------

    @Test
    void aPendingFileReportsItsSourceSizeWithoutHydrating() throws IOException {
        Path rcs = fs.getPath("/etc/init.d/rcS");
        long size = RCS.getBytes(UTF_8).length;

        assertEquals(size, Files.size(rcs));
        assertEquals(size, Files.readAttributes(rcs, BasicFileAttributes.class).size());
        PosixFileAttributes posix = Files.readAttributes(rcs, PosixFileAttributes.class);
        assertEquals(size, posix.size());
        assertEquals(PosixFilePermissions.fromString("rw-r--r--"), posix.permissions());
        assertEquals(size, Files.getAttribute(rcs, "size"));
        assertEquals(size, Files.getAttribute(rcs, "unix:size"));
        assertEquals(size, Files.readAttributes(rcs, "posix:*").get("size"));
        assertEquals(size, Files.getFileAttributeView(rcs, BasicFileAttributeView.class).readAttributes().size());
        assertEquals(size, Files.getFileAttributeView(rcs, PosixFileAttributeView.class).readAttributes().size());
        assertEquals(key(rcs), Files.getAttribute(rcs, "unix:ino"), "other unix attributes are jimfs's");

        assertEquals(List.of(), content.hydrated);
        assertEquals(0, Files.size(jimfs.getPath("/etc/init.d/rcS")), "jimfs still holds nothing");
    }

    @Test
    void aSymbolicLinkNotFollowedReportsItsOwnSize() throws IOException {
        BasicFileAttributes link = Files.readAttributes(fs.getPath("/init"), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertTrue(link.isSymbolicLink());
        assertNotEquals(RCS.length(), link.size());
    }

    @Test
    void attributeViewsCheckPendingStateAtEachRead() throws IOException {
        Path rcs = fs.getPath("/etc/init.d/rcS");
        BasicFileAttributeView view = Files.getFileAttributeView(rcs, BasicFileAttributeView.class);
        assertEquals(RCS.length(), view.readAttributes().size());
        Files.writeString(rcs, "new");
        assertEquals(3, view.readAttributes().size());
    }

    @Test
    void permissionsOwnersAndTimesCanBeReadAndSet() throws IOException {
        Path rcs = fs.getPath("/etc/init.d/rcS");
        Files.setPosixFilePermissions(rcs, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(PosixFilePermissions.fromString("rwxr-xr-x"), Files.getPosixFilePermissions(rcs));
        assertEquals(0755, Files.getAttribute(rcs, "unix:mode"));

        FileTime time = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(rcs, time);
        assertEquals(time, Files.getLastModifiedTime(rcs));

        Files.setOwner(rcs, fs.getUserPrincipalLookupService().lookupPrincipalByName("root"));
        assertEquals("root", Files.getOwner(rcs).getName());
        assertEquals("root", Files.readAttributes(rcs, PosixFileAttributes.class).owner().getName());

        assertEquals(List.of(), content.hydrated, "attributes do not need the content");
        assertEquals(Set.of(), content.changed, "attributes are not content");
    }

    @Test
    void typeQueriesWork() throws IOException {
        assertTrue(Files.isDirectory(fs.getPath("/etc")));
        assertTrue(Files.isRegularFile(fs.getPath("/etc/hostname")));
        assertTrue(Files.isRegularFile(fs.getPath("/init")));
        assertFalse(Files.isRegularFile(fs.getPath("/init"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isSymbolicLink(fs.getPath("/init")));
        assertTrue(Files.exists(fs.getPath("/etc/hostname")));
        assertFalse(Files.exists(fs.getPath("/etc/passwd")));
        assertTrue(Files.notExists(fs.getPath("/etc/passwd")));
        assertEquals(fs.getPath("etc/init.d/rcS"), Files.readSymbolicLink(fs.getPath("/init")));
        assertTrue(Files.isSameFile(fs.getPath("/init"), fs.getPath("/etc/init.d/rcS")));
        assertEquals(List.of(), content.hydrated);
    }

    // ---- Writing ---------------------------------------------------------------------------------

    @Test
    void writingWithTruncationDoesNotHydrateAndMarksChanged() throws IOException {
        Path rcs = fs.getPath("/etc/init.d/rcS");
        Object key = key(rcs);
        Files.write(rcs, "#!/bin/sh\nexec /bin/sh\n".getBytes(UTF_8));

        assertEquals(List.of(), content.hydrated);
        assertEquals(Set.of(key), content.changed);
        assertEquals("#!/bin/sh\nexec /bin/sh\n", Files.readString(rcs));
        assertEquals(23, Files.size(rcs));
        assertEquals(List.of(), content.hydrated, "a changed file is no longer pending");
    }

    @Test
    void writeStringTruncatesToo() throws IOException {
        Path hostname = fs.getPath("/etc/hostname");
        Files.writeString(hostname, "other\n");
        assertEquals("other\n", Files.readString(hostname));
        assertEquals(List.of(), content.hydrated);
        assertEquals(Set.of(key(hostname)), content.changed);
    }

    @Test
    void appendingHydratesFirstThenMarksChanged() throws IOException {
        Path rcs = fs.getPath("/etc/init.d/rcS");
        Object key = key(rcs);
        Files.writeString(rcs, "exec /sbin/init\n", StandardOpenOption.APPEND);

        assertEquals(List.of(key), content.hydrated);
        assertEquals(Set.of(key), content.changed);
        assertEquals(RCS + "exec /sbin/init\n", Files.readString(rcs));
        assertEquals(1, content.hydrated.size());
    }

    @Test
    void writingInPlaceWithoutTruncationHydratesFirst() throws IOException {
        Path hostname = fs.getPath("/etc/hostname");
        try (SeekableByteChannel channel = Files.newByteChannel(hostname, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("f".getBytes(UTF_8)));
        }
        assertEquals("fox\n", Files.readString(hostname));
        assertEquals(Set.of(key(hostname)), content.changed);
    }

    @Test
    void truncatingThroughAFileChannelKeepsTheStartOfTheSourceContent() throws IOException {
        Path rcs = fs.getPath("/etc/init.d/rcS");
        try (FileChannel channel = FileChannel.open(rcs, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            assertEquals(RCS.length(), channel.size());
            channel.truncate(10);
        }
        assertEquals("#!/bin/sh\n", Files.readString(rcs));
        assertEquals(Set.of(key(rcs)), content.changed);
        assertEquals(1, content.hydrated.size());
    }

    @Test
    void creatingAFileMarksItChanged() throws IOException {
        Path motd = fs.getPath("/etc/motd");
        Files.writeString(motd, "welcome\n");
        assertEquals(Set.of(key(motd)), content.changed);
        assertEquals("welcome\n", Files.readString(motd));
        try (var writer = Files.newBufferedWriter(fs.getPath("/etc/issue"))) {
            writer.write("Remaster\n");
        }
        assertEquals(Set.of(key(motd), key(fs.getPath("/etc/issue"))), content.changed);
        assertEquals(List.of(), content.hydrated);
    }

    @Test
    void createNewOnAPendingFileFailsWithoutHydrating() {
        Path hostname = fs.getPath("/etc/hostname");
        assertThrows(FileAlreadyExistsException.class,
                () -> Files.newOutputStream(hostname, StandardOpenOption.CREATE_NEW).close());
        assertEquals(List.of(), content.hydrated);
        assertEquals(Set.of(), content.changed);
    }

    // ---- Copy, move, links -----------------------------------------------------------------------

    @Test
    void copyingHydratesTheSourceAndMarksTheTargetChanged() throws IOException {
        Path source = fs.getPath("/etc/init.d/rcS");
        Path target = fs.getPath("/etc/init.d/rcS.orig");
        Files.copy(source, target);

        assertEquals(List.of(key(source)), content.hydrated);
        assertEquals(Set.of(key(target)), content.changed);
        assertNotEquals(key(source), key(target));
        assertEquals(RCS, Files.readString(target));
        assertEquals(RCS, Files.readString(source));
        assertEquals(1, content.hydrated.size());
    }

    @Test
    void copyingOverAPendingFileReplacesIt() throws IOException {
        Path hostname = fs.getPath("/etc/hostname");
        Object replaced = key(hostname);
        Files.copy(fs.getPath("/etc/init.d/rcS"), hostname, StandardCopyOption.REPLACE_EXISTING);
        assertEquals(RCS, Files.readString(hostname));
        assertNotEquals(replaced, key(hostname), "jimfs replaces the target by a new file");
        assertEquals(1, content.hydrated.size());
    }

    @Test
    void copyingALinkWithoutFollowingItHydratesNothing() throws IOException {
        Files.copy(fs.getPath("/init"), fs.getPath("/linuxrc"), LinkOption.NOFOLLOW_LINKS);
        assertTrue(Files.isSymbolicLink(fs.getPath("/linuxrc")));
        assertEquals(List.of(), content.hydrated);
        assertEquals(RCS, Files.readString(fs.getPath("/linuxrc")));
    }

    @Test
    void copyingToAndFromTheDefaultFileSystemWorks(@TempDir Path tmp) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Files.copy(fs.getPath("/etc/init.d/rcS"), out);
        assertEquals(RCS, out.toString(UTF_8));

        Files.copy(new ByteArrayInputStream("busybox".getBytes(UTF_8)), fs.getPath("/bin/busybox"));
        assertEquals("busybox", Files.readString(fs.getPath("/bin/busybox")));
        assertTrue(content.changed.contains(key(fs.getPath("/bin/busybox"))));

        Path outside = tmp.resolve("hostname");
        Files.copy(fs.getPath("/etc/hostname"), outside);
        assertEquals(HOSTNAME, Files.readString(outside));

        Files.writeString(outside, "from disk\n");
        Files.copy(outside, fs.getPath("/etc/hostname"), StandardCopyOption.REPLACE_EXISTING);
        assertEquals("from disk\n", Files.readString(fs.getPath("/etc/hostname")));
        assertTrue(content.changed.contains(key(fs.getPath("/etc/hostname"))));
        assertEquals(2, content.hydrated.size());
    }

    @Test
    void movingKeepsTheFileKeyAndDoesNotHydrate() throws IOException {
        Path rcs = fs.getPath("/etc/init.d/rcS");
        Object key = key(rcs);
        Path moved = fs.getPath("/etc/init.d/rcS.moved");
        Files.move(rcs, moved);

        assertEquals(key, key(moved));
        assertFalse(Files.exists(rcs));
        assertEquals(List.of(), content.hydrated);
        assertEquals(RCS.length(), Files.size(moved), "still pending under its new name");
        assertEquals(RCS, Files.readString(moved));
        assertEquals(List.of(key), content.hydrated);
    }

    @Test
    void movingADirectoryKeepsTheKeysOfItsFiles() throws IOException {
        Object key = key(fs.getPath("/etc/init.d/rcS"));
        Files.move(fs.getPath("/etc/init.d"), fs.getPath("/etc/rc.d"));
        assertEquals(key, key(fs.getPath("/etc/rc.d/rcS")));
        assertEquals(RCS, Files.readString(fs.getPath("/etc/rc.d/rcS")));
    }

    @Test
    void movingToAnotherOverlayCopiesTheContent() throws IOException {
        FakeContent otherContent = new FakeContent();
        try (OverlayFileSystem other = InitramfsFileSystemProvider.wrap(
                Jimfs.newFileSystem(OverlayFileSystem.jimfsConfiguration()), otherContent)) {
            Path target = other.getPath("/hostname");
            Files.move(fs.getPath("/etc/hostname"), target);
            assertEquals(HOSTNAME, Files.readString(target));
            assertFalse(Files.exists(fs.getPath("/etc/hostname")));
            assertEquals(1, content.hydrated.size());
            assertEquals(Set.of(key(target)), otherContent.changed);

            Files.copy(fs.getPath("/etc/init.d/rcS"), other.getPath("/rcS"));
            assertEquals(RCS, Files.readString(other.getPath("/rcS")));
        }
    }

    @Test
    void aHardLinkSharesTheFileKeyAndDoesNotHydrate() throws IOException {
        Path rcs = fs.getPath("/etc/init.d/rcS");
        Path link = fs.getPath("/bin/rcS");
        Files.createLink(link, rcs);

        assertEquals(key(rcs), key(link));
        assertEquals(2, Files.getAttribute(rcs, "unix:nlink"));
        assertEquals(List.of(), content.hydrated);
        assertEquals(RCS.length(), Files.size(link));
        assertEquals(RCS, Files.readString(link));
        assertEquals(RCS, Files.readString(rcs));
        assertEquals(1, content.hydrated.size(), "one file, hydrated once");
    }

    @Test
    void symbolicLinksCanBeCreatedAndRead() throws IOException {
        Path link = fs.getPath("/bin/sh");
        Files.createSymbolicLink(link, fs.getPath("busybox"));
        assertTrue(Files.isSymbolicLink(link));
        Path target = Files.readSymbolicLink(link);
        assertInstanceOf(OverlayPath.class, target);
        assertSame(fs, target.getFileSystem());
        assertEquals("busybox", target.toString());
        assertThrows(ProviderMismatchException.class, () -> Files.createSymbolicLink(fs.getPath("/bin/ls"), Path.of("busybox")));
    }

    // ---- Directories -----------------------------------------------------------------------------

    @Test
    void walkAndListReturnOverlayPaths() throws IOException {
        List<Path> walked;
        try (Stream<Path> walk = Files.walk(fs.getPath("/"))) {
            walked = walk.collect(Collectors.toList());
        }
        for (Path p : walked) {
            assertSame(fs, p.getFileSystem(), p.toString());
        }
        assertEquals(List.of("/", "/bin", "/etc", "/etc/hostname", "/etc/init.d", "/etc/init.d/rcS", "/init"),
                walked.stream().map(Path::toString).sorted().collect(Collectors.toList()));

        try (Stream<Path> list = Files.list(fs.getPath("/etc"))) {
            List<Path> listed = list.sorted().collect(Collectors.toList());
            assertEquals(List.of(fs.getPath("/etc/hostname"), fs.getPath("/etc/init.d")), listed);
        }
        assertEquals(List.of(), content.hydrated);
    }

    @Test
    void directoryStreamFiltersSeeOverlayPaths() throws IOException {
        List<Path> seen = new ArrayList<>();
        List<Path> accepted = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(fs.getPath("/etc"), entry -> {
            seen.add(entry);
            return Files.isDirectory(entry);
        })) {
            stream.forEach(accepted::add);
        }
        assertEquals(List.of(fs.getPath("/etc/init.d")), accepted);
        assertEquals(2, seen.size());
        seen.forEach(p -> assertInstanceOf(OverlayPath.class, p));
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(fs.getPath("/etc"), "host*")) {
            Iterator<Path> it = stream.iterator();
            assertEquals(fs.getPath("/etc/hostname"), it.next());
            assertFalse(it.hasNext());
        }
    }

    @Test
    void directoriesCanBeCreatedAndFilesDeleted() throws IOException {
        Path modules = fs.getPath("/lib/modules/6.1.0");
        Files.createDirectories(modules);
        assertTrue(Files.isDirectory(modules));
        Files.createDirectories(modules);
        Files.createDirectory(fs.getPath("/tmp"));

        Files.delete(fs.getPath("/etc/hostname"));
        assertFalse(Files.exists(fs.getPath("/etc/hostname")));
        assertThrows(NoSuchFileException.class, () -> Files.delete(fs.getPath("/etc/hostname")));
        assertEquals(List.of(), content.hydrated);
    }

    // ---- Paths -----------------------------------------------------------------------------------

    @Test
    void pathOperationsBehaveAsJimfs() throws IOException {
        try (FileSystem plain = Jimfs.newFileSystem(OverlayFileSystem.jimfsConfiguration())) {
            List<String> samples = List.of("/", "/etc/init.d/rcS", "etc/init.d/../hostname", "./bin//sh", "a/b/c", "", "..");
            for (String s : samples) {
                Path o = fs.getPath(s);
                Path j = plain.getPath(s);
                assertEquals(j.toString(), o.toString(), s);
                assertEquals(j.isAbsolute(), o.isAbsolute(), s);
                assertEquals(j.getNameCount(), o.getNameCount(), s);
                assertEquals(String.valueOf(j.getRoot()), String.valueOf(o.getRoot()), s);
                assertEquals(String.valueOf(j.getFileName()), String.valueOf(o.getFileName()), s);
                assertEquals(String.valueOf(j.getParent()), String.valueOf(o.getParent()), s);
                assertEquals(j.normalize().toString(), o.normalize().toString(), s);
                assertEquals(j.toAbsolutePath().toString(), o.toAbsolutePath().toString(), s);
                assertEquals(j.resolve("x").toString(), o.resolve("x").toString(), s);
                assertEquals(j.resolveSibling("x").toString(), o.resolveSibling("x").toString(), s);
                List<String> jNames = new ArrayList<>();
                j.forEach(n -> jNames.add(n.toString()));
                List<String> oNames = new ArrayList<>();
                o.forEach(n -> {
                    assertSame(fs, n.getFileSystem());
                    oNames.add(n.toString());
                });
                assertEquals(jNames, oNames, s);
                for (String t : samples) {
                    Path ot = fs.getPath(t);
                    Path jt = plain.getPath(t);
                    assertEquals(j.resolve(jt).toString(), o.resolve(ot).toString(), s + " resolve " + t);
                    assertEquals(j.startsWith(jt), o.startsWith(ot), s + " startsWith " + t);
                    assertEquals(j.startsWith(t), o.startsWith(t), s + " startsWith string " + t);
                    assertEquals(j.endsWith(jt), o.endsWith(ot), s + " endsWith " + t);
                    assertEquals(j.equals(jt), o.equals(ot), s + " equals " + t);
                    assertEquals(Integer.signum(j.compareTo(jt)), Integer.signum(o.compareTo(ot)), s + " compareTo " + t);
                    if (j.isAbsolute() == jt.isAbsolute()) {
                        assertEquals(j.relativize(jt).toString(), o.relativize(ot).toString(), s + " relativize " + t);
                    }
                }
            }
            Path o = fs.getPath("/etc/init.d/rcS");
            assertEquals("etc/init.d", o.subpath(0, 2).toString());
            assertSame(fs, o.subpath(0, 2).getFileSystem());
            assertEquals("init.d", o.getName(1).toString());
            assertSame(fs, o.getParent().getFileSystem());
            assertEquals(fs.getPath("/etc/init.d/rcS"), fs.getPath("/etc/init.d").resolve(fs.getPath("rcS")));
            assertEquals(fs.getPath("/etc/init.d/rcS").hashCode(), fs.getPath("/etc", "init.d", "rcS").hashCode());
            assertEquals(fs.getPath("/init"), fs.getPath("/init").toRealPath(LinkOption.NOFOLLOW_LINKS));
            assertEquals(fs.getPath("/etc/init.d/rcS"), fs.getPath("/init").toRealPath());
        }
    }

    @Test
    void urisNameTheFileSystemAndTheAbsolutePath() throws IOException {
        Path rcs = fs.getPath("/etc/init.d/rcS");
        URI uri = rcs.toUri();
        assertEquals("initramfs", uri.getScheme());
        assertEquals("initramfs://" + uri.getAuthority() + "/etc/init.d/rcS", uri.toString());
        assertEquals(rcs, fs.provider().getPath(uri));
        assertSame(fs, fs.provider().getFileSystem(uri));
        assertEquals("initramfs://" + uri.getAuthority() + "/etc/", fs.getPath("etc").toUri().toString());

        Path odd = fs.getPath("/etc/with space/ünïcode%");
        assertEquals(odd, fs.provider().getPath(odd.toUri()));
        assertEquals(fs.getPath("/"), fs.provider().getPath(URI.create("initramfs://" + uri.getAuthority())));

        assertThrows(IllegalArgumentException.class, () -> fs.provider().getPath(URI.create("initramfs:/etc/init.d/rcS")));
        assertThrows(IllegalArgumentException.class, () -> fs.provider().getPath(URI.create("file:///etc")));
        assertThrows(FileSystemNotFoundException.class, () -> fs.provider().getPath(URI.create("initramfs://no-such-id/etc")));
    }

    @Test
    void pathsOfOtherFileSystemsAreRejected() throws IOException {
        Path rcs = fs.getPath("/etc/init.d/rcS");
        Path foreign = Path.of("/etc/init.d/rcS");
        assertThrows(ProviderMismatchException.class, () -> rcs.resolve(foreign));
        assertThrows(ProviderMismatchException.class, () -> rcs.resolveSibling(foreign));
        assertThrows(ProviderMismatchException.class, () -> rcs.relativize(foreign));
        assertThrows(ProviderMismatchException.class, () -> foreign.resolve(rcs));
        assertThrows(ClassCastException.class, () -> rcs.compareTo(foreign));
        assertFalse(rcs.startsWith(foreign));
        assertFalse(rcs.endsWith(Path.of("rcS")));
        assertFalse(rcs.equals(foreign));
        assertFalse(Files.isSameFile(rcs, foreign));
        assertThrows(ProviderMismatchException.class, () -> fs.provider().checkAccess(foreign));
        assertThrows(ProviderMismatchException.class, () -> fs.provider().readAttributes(foreign, BasicFileAttributes.class));

        try (OverlayFileSystem other = InitramfsFileSystemProvider.wrap(
                Jimfs.newFileSystem(OverlayFileSystem.jimfsConfiguration()), new FakeContent())) {
            Path same = other.getPath("/etc/init.d/rcS");
            assertNotEquals(rcs, same);
            assertFalse(rcs.startsWith(other.getPath("/etc")));
            assertThrows(ProviderMismatchException.class, () -> rcs.resolve(other.getPath("x")));
            assertFalse(Files.isSameFile(rcs, same));
        }
    }

    @Test
    void pathMatchersMatchOverlayPaths() {
        assertTrue(fs.getPathMatcher("glob:/etc/**").matches(fs.getPath("/etc/init.d/rcS")));
        assertFalse(fs.getPathMatcher("glob:/bin/*").matches(fs.getPath("/etc/hostname")));
        assertTrue(fs.getPathMatcher("regex:.*rcS").matches(fs.getPath("/etc/init.d/rcS")));
    }

    // ---- The file system -------------------------------------------------------------------------

    @Test
    void theFileSystemDescribesItself() {
        assertSame(InitramfsFileSystemProvider.instance(), fs.provider());
        assertEquals("initramfs", fs.provider().getScheme());
        assertEquals("/", fs.getSeparator());
        assertEquals(List.of(fs.getPath("/")), toList(fs.getRootDirectories()));
        assertSame(fs, fs.getRootDirectories().iterator().next().getFileSystem());
        assertEquals(Set.of("basic", "owner", "posix", "unix"), fs.supportedFileAttributeViews());
        assertFalse(fs.isReadOnly());
        assertEquals(1, toList(fs.getFileStores()).size());
        assertEquals("/", fs.getPath("").toAbsolutePath().toString(), "the working directory is the root");
    }

    @Test
    void unsupportedOperationsSaySo() {
        assertThrows(UnsupportedOperationException.class, fs::newWatchService);
        assertThrows(UnsupportedOperationException.class, () -> fs.getPath("/etc").register(null));
        // One provider: it opens images by URI too, in the initramfs:file:///... form only.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fs.provider().newFileSystem(URI.create("initramfs:///boot/initrd.img"), Map.of()));
        assertTrue(e.getMessage().contains("initramfs:///boot/initrd.img"), e.getMessage());
        assertTrue(fs.provider() instanceof InitramfsFileSystemProvider);
        // Opening an image by path is supported (InitramfsFileSystemProviderTest); a missing one is an I/O error.
        assertThrows(java.nio.file.NoSuchFileException.class, () -> fs.provider().newFileSystem(Path.of("/no/such/initrd.img"), Map.of()));
        assertThrows(UnsupportedOperationException.class, () -> fs.getPath("/etc").toFile());
    }

    @Test
    void closingTheOverlayClosesJimfs() throws IOException {
        Path rcs = fs.getPath("/etc/init.d/rcS");
        URI uri = rcs.toUri();
        assertTrue(fs.isOpen());
        fs.close();
        assertFalse(fs.isOpen());
        assertFalse(jimfs.isOpen());
        assertThrows(ClosedFileSystemException.class, () -> Files.readString(rcs));
        assertThrows(ClosedFileSystemException.class, () -> fs.getPath("/etc"));
        assertThrows(FileSystemNotFoundException.class, () -> fs.provider().getPath(uri));
        fs.close();
    }

    @Test
    void onlyJimfsCanBeWrapped() {
        assertThrows(IllegalArgumentException.class,
                () -> InitramfsFileSystemProvider.wrap(java.nio.file.FileSystems.getDefault(), new FakeContent()));
    }

    private static <T> List<T> toList(Iterable<T> items) {
        List<T> list = new ArrayList<>();
        items.forEach(list::add);
        return list;
    }

    /**
     * Pending files as a map from jimfs file key to source bytes; checks the promises the
     * provider makes to a content source (hydrate once, into an empty jimfs file, never after a
     * change) and records what happened.
     */
    static final class FakeContent implements ContentSource {
        final Map<Object, byte[]> pending = new HashMap<>();
        final List<Object> hydrated = Collections.synchronizedList(new ArrayList<>());
        final Set<Object> changed = Collections.synchronizedSet(new HashSet<>());
        final Set<Object> failing = new HashSet<>();
        volatile long hydrationPauseMillis;
        private final AtomicBoolean inCall = new AtomicBoolean();

        /** Creates an empty file at {@code jimfsPath} with the times of an image entry, pending with {@code text}. */
        void addPending(Path jimfsPath, String text) throws IOException {
            Files.createFile(jimfsPath);
            Files.getFileAttributeView(jimfsPath, BasicFileAttributeView.class).setTimes(IMAGE_TIME, IMAGE_TIME, IMAGE_TIME);
            pending.put(Files.readAttributes(jimfsPath, BasicFileAttributes.class).fileKey(), text.getBytes(UTF_8));
        }

        @Override
        public boolean isPending(Object fileKey) {
            enter();
            try {
                return pending.containsKey(fileKey);
            } finally {
                inCall.set(false);
            }
        }

        @Override
        public long pendingSize(Object fileKey) {
            enter();
            try {
                byte[] bytes = pending.get(fileKey);
                if (bytes == null) {
                    throw new AssertionError("pendingSize of a file that is not pending: " + fileKey);
                }
                return bytes.length;
            } finally {
                inCall.set(false);
            }
        }

        @Override
        public void hydrate(Path delegatePath, Object fileKey) throws IOException {
            enter();
            try {
                if (!pending.containsKey(fileKey)) {
                    throw new AssertionError("hydrate of a file that is not pending: " + fileKey);
                }
                assertFalse(delegatePath instanceof OverlayPath, "hydrate gets the jimfs path");
                assertEquals("jimfs", delegatePath.getFileSystem().provider().getScheme());
                assertEquals(fileKey, Files.readAttributes(delegatePath, BasicFileAttributes.class).fileKey());
                assertEquals(0, Files.size(delegatePath), "hydrate into an empty file");
                if (failing.contains(fileKey)) {
                    throw new IOException("source unreadable");
                }
                if (hydrationPauseMillis > 0) {
                    Thread.sleep(hydrationPauseMillis);
                }
                Files.write(delegatePath, pending.remove(fileKey));
                hydrated.add(fileKey);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } finally {
                inCall.set(false);
            }
        }

        @Override
        public void contentChanged(Object fileKey) {
            enter();
            try {
                pending.remove(fileKey);
                changed.add(fileKey);
            } finally {
                inCall.set(false);
            }
        }

        /** The provider promises one call at a time. */
        private void enter() {
            if (!inCall.compareAndSet(false, true)) {
                throw new AssertionError("content source called concurrently");
            }
        }
    }
}
