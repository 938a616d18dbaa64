package dev.remaster.squashfs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Opens a squashfs 4.0 image (a Tiny Core {@code .tcz}) as a read-only {@link FileSystem}, scheme
 * {@code squashfs}, as the JDK's zipfs opens a zip file; installed through
 * {@code META-INF/services} and the module's {@code provides}.
 *
 * <pre>{@code
 * try (FileSystem tcz = FileSystems.newFileSystem(Path.of("bash.tcz"))) {        // by path
 *     Files.readString(tcz.getPath("/usr/local/share/doc/bash/COPYING"));
 * }
 * FileSystems.newFileSystem(URI.create("squashfs:" + tcz.toUri()), Map.of());       // by URI
 * Path.of(URI.create("squashfs:file:///tmp/bash.tcz!/usr/local/bin/bash"));         // a path in an open one
 * }</pre>
 *
 * <p>By path it answers only for a file that starts with the squashfs magic ({@code hsqs}); any
 * other file gets {@link UnsupportedOperationException}, so that other providers may try it.
 * Everything that would write throws {@link ReadOnlyFileSystemException}. The attribute views are
 * {@code basic}, {@code owner}, {@code posix} and {@code unix}, with the image's own values: owners
 * and groups are numbers ({@code 0}, {@code 50}), {@code unix:mode} keeps the type and the setuid,
 * setgid and sticky bits, {@code unix:rdev} a device's number, {@code unix:nlink} and
 * {@code unix:ino} the inode's. File contents are read block by block when asked for; a channel
 * can seek. Symbolic links resolve inside the image.
 */
public final class SquashfsFileSystemProvider extends FileSystemProvider {
    static final String SCHEME = "squashfs";
    private static final ConcurrentMap<Path, SquashfsFileSystem> OPEN = new ConcurrentHashMap<>();

    /** Called by the service loader. */
    public SquashfsFileSystemProvider() {
    }

    /** {@code "squashfs"}. */
    @Override
    public String getScheme() {
        return SCHEME;
    }

    /**
     * Opens the image file {@code path}; {@code env} is not read.
     *
     * @throws UnsupportedOperationException if {@code path} is not a squashfs image (then other
     *     providers get their turn), or not a file of the default file system
     */
    @Override
    public FileSystem newFileSystem(Path path, Map<String, ?> env) throws IOException {
        if (path.getFileSystem() != FileSystems.getDefault()) {
            throw new UnsupportedOperationException("not a squashfs image (not a file of the default file system): " + path);
        }
        if (!isSquashfs(path)) {
            throw new UnsupportedOperationException("not a squashfs image (no hsqs magic at its start): " + path);
        }
        Path real = path.toRealPath();
        SquashfsFileSystem fs = new SquashfsFileSystem(this, real, SquashfsReader.open(real));
        if (OPEN.putIfAbsent(real, fs) != null) {
            fs.reader().close();
            throw new FileSystemAlreadyExistsException(real.toString());
        }
        return fs;
    }

    /** Opens the image named by {@code squashfs:file:///...}; {@code env} is not read. */
    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) throws IOException {
        Path image = imageOf(uri);
        if (!isSquashfs(image)) {
            throw new IOException(image + ": not a squashfs image (no hsqs magic at its start)");
        }
        return newFileSystem(image, env);
    }

    /** The open file system of the image {@code squashfs:file:///...} names. */
    @Override
    public FileSystem getFileSystem(URI uri) {
        SquashfsFileSystem fs;
        try {
            fs = OPEN.get(imageOf(uri).toRealPath());
        } catch (IOException e) {
            fs = null;
        }
        if (fs == null) {
            throw new FileSystemNotFoundException(uri.toString());
        }
        return fs;
    }

    /** The path {@code /p} of {@code squashfs:file:///image!/p}, in the image's open file system. */
    @Override
    public Path getPath(URI uri) {
        String s = uri.getSchemeSpecificPart();
        int bang = s.indexOf('!');
        String inside = bang < 0 ? "/" : s.substring(bang + 1);
        return getFileSystem(uri).getPath(inside.isEmpty() ? "/" : inside);
    }

    void closed(SquashfsFileSystem fs) {
        OPEN.remove(fs.image(), fs);
    }

    private static Path imageOf(URI uri) {
        if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("not a squashfs: URI: " + uri);
        }
        String s = uri.getSchemeSpecificPart();
        int bang = s.indexOf('!');
        return Path.of(URI.create(bang < 0 ? s : s.substring(0, bang)));
    }

    private static boolean isSquashfs(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'h' && magic[1] == 's' && magic[2] == 'q' && magic[3] == 's';
        }
    }

    private static SquashfsPath check(Path path) {
        if (!(path instanceof SquashfsPath p)) {
            throw new ProviderMismatchException("not a path of a squashfs image: " + path);
        }
        return p;
    }

    private static boolean follows(LinkOption... options) {
        for (LinkOption o : options) {
            if (o == LinkOption.NOFOLLOW_LINKS) {
                return false;
            }
        }
        return true;
    }

    private static Inode existing(SquashfsPath p, boolean follow) throws IOException {
        Inode inode = p.getFileSystem().inode(p, follow);
        if (inode == null) {
            throw new NoSuchFileException(p.toString());
        }
        return inode;
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        SquashfsPath p = check(path);
        for (OpenOption o : options) {
            if (o == StandardOpenOption.WRITE || o == StandardOpenOption.APPEND || o == StandardOpenOption.CREATE
                    || o == StandardOpenOption.CREATE_NEW || o == StandardOpenOption.DELETE_ON_CLOSE) {
                throw new ReadOnlyFileSystemException();
            }
        }
        Inode inode = existing(p, !options.contains(LinkOption.NOFOLLOW_LINKS));
        if (inode.isDirectory()) {
            throw new java.nio.file.FileSystemException(p.toString(), null, "is a directory");
        }
        if (inode.type() != InodeType.FILE) {
            throw new java.nio.file.FileSystemException(p.toString(), null, "not a regular file");
        }
        return new SquashfsFileChannel(p.getFileSystem(), inode);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        SquashfsPath p = check(dir);
        Inode inode = existing(p, true);
        if (!inode.isDirectory()) {
            throw new NotDirectoryException(p.toString());
        }
        List<Path> children = new ArrayList<>();
        List<DirectoryEntry> entries;
        synchronized (p.getFileSystem().reader()) {
            entries = p.getFileSystem().reader().list(inode);
        }
        for (DirectoryEntry e : entries) {
            Path child = p.resolve(e.name());
            if (filter == null || filter.accept(child)) {
                children.add(child);
            }
        }
        return new DirectoryStream<>() {
            private boolean iterated;

            @Override
            public Iterator<Path> iterator() {
                if (iterated) {
                    throw new IllegalStateException("a directory stream is iterated once");
                }
                iterated = true;
                return children.iterator();
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) {
        throw new ReadOnlyFileSystemException();
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) {
        throw new ReadOnlyFileSystemException();
    }

    @Override
    public void createLink(Path link, Path existing) {
        throw new ReadOnlyFileSystemException();
    }

    @Override
    public void delete(Path path) {
        throw new ReadOnlyFileSystemException();
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        SquashfsPath p = check(link);
        Inode inode = existing(p, false);
        if (inode.type() != InodeType.SYMLINK) {
            throw new NotLinkException(p.toString());
        }
        return p.getFileSystem().getPath(new String(inode.target(), StandardCharsets.UTF_8));
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) {
        throw new ReadOnlyFileSystemException();
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) {
        throw new ReadOnlyFileSystemException();
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        if (path.equals(path2)) {
            return true;
        }
        if (!(path2 instanceof SquashfsPath q) || q.getFileSystem() != check(path).getFileSystem()) {
            return false;
        }
        return existing(check(path), true).number() == existing(q, true).number();
    }

    @Override
    public boolean isHidden(Path path) {
        Path name = check(path).getFileName();
        return name != null && name.toString().startsWith(".");
    }

    @Override
    public FileStore getFileStore(Path path) {
        throw new UnsupportedOperationException("a squashfs image has no file store");
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        SquashfsPath p = check(path);
        existing(p, true);
        for (AccessMode m : modes) {
            if (m == AccessMode.WRITE) {
                throw new AccessDeniedException(p.toString(), null, "a squashfs image is read-only");
            }
        }
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        SquashfsPath p = check(path);
        boolean follow = follows(options);
        if (type != BasicFileAttributeView.class && type != PosixFileAttributeView.class
                && type != FileOwnerAttributeView.class) {
            return null;
        }
        return type.cast(new View(p, follow));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        if (type != BasicFileAttributes.class && type != PosixFileAttributes.class) {
            throw new UnsupportedOperationException(type.getName() + " attributes of a squashfs image");
        }
        return (A) new SquashfsFileAttributes(existing(check(path), follows(options)));
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        int colon = attributes.indexOf(':');
        String view = colon < 0 ? "basic" : attributes.substring(0, colon);
        String names = colon < 0 ? attributes : attributes.substring(colon + 1);
        if (!Set.of("basic", "owner", "posix", "unix").contains(view)) {
            throw new UnsupportedOperationException("view " + view + " of a squashfs image");
        }
        Map<String, Object> all = new SquashfsFileAttributes(existing(check(path), follows(options))).asMap(view);
        if (names.equals("*")) {
            return all;
        }
        Map<String, Object> picked = new LinkedHashMap<>();
        for (String name : names.split(",")) {
            if (!all.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' is not an attribute of the " + view + " view");
            }
            picked.put(name, all.get(name));
        }
        return picked;
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) {
        throw new ReadOnlyFileSystemException();
    }

    /** The {@code basic}, {@code posix} and {@code owner} views: read, never written. */
    private static final class View implements PosixFileAttributeView {
        private final SquashfsPath path;
        private final boolean follow;

        View(SquashfsPath path, boolean follow) {
            this.path = path;
            this.follow = follow;
        }

        @Override
        public String name() {
            return "posix";
        }

        @Override
        public PosixFileAttributes readAttributes() throws IOException {
            return new SquashfsFileAttributes(existing(path, follow));
        }

        @Override
        public UserPrincipal getOwner() throws IOException {
            return readAttributes().owner();
        }

        @Override
        public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime) {
            throw new ReadOnlyFileSystemException();
        }

        @Override
        public void setPermissions(Set<PosixFilePermission> perms) {
            throw new ReadOnlyFileSystemException();
        }

        @Override
        public void setGroup(GroupPrincipal group) {
            throw new ReadOnlyFileSystemException();
        }

        @Override
        public void setOwner(UserPrincipal owner) {
            throw new ReadOnlyFileSystemException();
        }
    }
}
