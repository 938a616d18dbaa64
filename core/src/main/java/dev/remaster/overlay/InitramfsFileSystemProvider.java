package dev.remaster.overlay;

import dev.remaster.compress.Compression;
import dev.remaster.io.FormatException;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The provider installed through {@code META-INF/services}, scheme {@code initramfs}: it opens an
 * initramfs image as the JDK's zipfs opens a zip file.
 *
 * <pre>{@code
 * FileSystems.newFileSystem(Path.of("core.gz"));                                   // by path
 * FileSystems.newFileSystem(URI.create("initramfs:" + image.toUri()), env);         // by URI
 * FileSystems.getFileSystem(URI.create("initramfs:file:///tmp/core.gz"));          // the open one
 * Path.of(URI.create("initramfs:file:///tmp/core.gz!/etc/motd"));                   // a path in it
 * }</pre>
 *
 * <p>By path it answers only for a file that really is an initramfs: the first bytes, decompressed
 * if a compression magic is found, must be a cpio magic (newc, crc or odc). Anything else gets
 * {@link UnsupportedOperationException}, so that {@code FileSystems.newFileSystem(Path)} lets the
 * other installed providers (zipfs) try it; a {@code .tar.gz} or a gzipped text file is not claimed.
 *
 * <p>The keys of {@code env} (values as their type or as strings, as zipfs accepts):
 * <ul>
 *   <li>{@code readOnly} ({@code true}/{@code false}, default false): writes throw
 *       {@link java.nio.file.ReadOnlyFileSystemException} and nothing is written back;</li>
 *   <li>{@code create} (default false): a missing file is created as an empty image (only the cpio
 *       trailer), compressed with {@code compression} or gzip;</li>
 *   <li>{@code compression} (a {@link Compression} or a name such as {@code "xz"}, {@code "zstd"},
 *       {@code "gzip"}; default: each segment keeps its own): the compression of the image written
 *       back at close;</li>
 *   <li>{@code level} (a number; default: the codec's default level).</li>
 * </ul>
 * When the file system is closed, an edited image is written back to its file atomically (no
 * half-written image, the old one stays on failure). For more control (owners, devices, where to
 * write) use {@link EditableImage}. Paths of an open image are {@code initramfs://<id>/path} URIs
 * ({@link Path#toUri()}); {@link #getPath(URI)} takes those and the {@code initramfs:file:...!/path}
 * form.
 */
public final class InitramfsFileSystemProvider extends FileSystemProvider {
    static final String SCHEME = "initramfs";

    private static final InitramfsFileSystemProvider INSTANCE = new InitramfsFileSystemProvider();
    private static final ConcurrentMap<Path, OverlayFileSystem> BY_IMAGE = new ConcurrentHashMap<>();
    private static final int PROBE_LENGTH = 4096;
    private static final LinkOption[] FOLLOW_LINKS = {};
    private static final LinkOption[] NOFOLLOW_LINKS = {LinkOption.NOFOLLOW_LINKS};

    private static final AtomicLong LAST_ID = new AtomicLong();
    private static final ConcurrentMap<String, OverlayFileSystem> OPEN = new ConcurrentHashMap<>();

    /** Called by the service loader. */
    public InitramfsFileSystemProvider() {
    }

    /** The provider of the file systems this package makes itself ({@link EditableImage#fileSystem()}). */
    static InitramfsFileSystemProvider instance() {
        return INSTANCE;
    }

    /**
     * Wraps an open jimfs file system (made with {@link OverlayFileSystem#jimfsConfiguration()})
     * whose pending files {@code content} knows. The overlay owns {@code jimfs} from then on: all
     * access should go through the overlay, and closing the overlay closes it.
     */
    static OverlayFileSystem wrap(FileSystem jimfs, ContentSource content) {
        if (!"jimfs".equals(jimfs.provider().getScheme())) {
            throw new IllegalArgumentException("not a jimfs file system: " + jimfs);
        }
        if (!jimfs.isOpen()) {
            throw new IllegalArgumentException("the jimfs file system is closed");
        }
        return new OverlayFileSystem(INSTANCE, jimfs, content);
    }

    String newFileSystemId() {
        return Long.toString(LAST_ID.incrementAndGet());
    }

    void opened(OverlayFileSystem fs) {
        OPEN.put(fs.id(), fs);
    }

    void closed(OverlayFileSystem fs) {
        OPEN.remove(fs.id(), fs);
    }

    /** {@code "initramfs"}. */
    @Override
    public String getScheme() {
        return SCHEME;
    }

    /**
     * Opens the initramfs image file {@code path} as a file system; see the class comment for
     * {@code env}. When the file system is closed, an edited image is written back to {@code path}
     * atomically, unless it was opened read-only.
     *
     * @throws UnsupportedOperationException if {@code path} is not an initramfs image (then other
     *     providers get their turn), or not a file of the default file system
     */
    @Override
    public FileSystem newFileSystem(Path path, Map<String, ?> env) throws IOException {
        if (path.getFileSystem() != java.nio.file.FileSystems.getDefault()) {
            throw new UnsupportedOperationException("not an initramfs image (not a file of the default file system): " + path);
        }
        OpenOptions options = OpenOptions.of(env);
        if (!(options.create() && Files.notExists(path)) && !isInitramfs(path)) {
            throw new UnsupportedOperationException("not an initramfs image (no cpio archive at its start): " + path);
        }
        if (options.create() && Files.notExists(path)) {
            EmptyImage.write(path, options.compression() == null ? Compression.GZIP : options.compression(), options.level());
        }
        EditableImage image = EditableImage.open(path);
        OverlayFileSystem fs = (OverlayFileSystem) image.fileSystem();
        if (options.readOnly()) {
            fs.makeReadOnly();
        }
        SaveOptions save = SaveOptions.defaults().withCompression(options.compression()).withLevel(options.level());
        fs.beforeClose(() -> {
            try {
                if (!options.readOnly() && image.isModified()) {
                    image.writeTo(path, save);
                }
            } finally {
                image.closeSources();
            }
        });
        return fs;
    }

    /**
     * Whether the file starts with a cpio archive, directly or after decompressing its first
     * bytes. Leading zero padding (which the kernel skips) is skipped in an uncompressed file.
     */
    static boolean isInitramfs(Path path) throws IOException {
        byte[] head = new byte[PROBE_LENGTH];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        }
        int start = 0;
        while (start + 4 <= n && head[start] == 0 && head[start + 1] == 0 && head[start + 2] == 0 && head[start + 3] == 0) {
            start += 4;
        }
        Compression compression = Compression.detect(head, start, n - start);
        if (compression == null) {
            return false;
        }
        if (compression == Compression.NONE) {
            return isCpioMagic(head, start, n - start);
        }
        try (InputStream in = Files.newInputStream(path)) {
            in.skipNBytes(start);
            try (InputStream decoded = compression.newDecoder(in, path.toString(), start)) {
                byte[] magic = decoded.readNBytes(6);
                return isCpioMagic(magic, 0, magic.length);
            }
        } catch (FormatException | java.io.EOFException e) {
            return false;
        }
    }

    private static boolean isCpioMagic(byte[] b, int off, int len) {
        if (len >= 2 && ((b[off] & 0xFF) == 0xC7 && (b[off + 1] & 0xFF) == 0x71
                || (b[off] & 0xFF) == 0x71 && (b[off + 1] & 0xFF) == 0xC7)) {
            return true; // old binary cpio, either byte order
        }
        if (len < 6) {
            return false;
        }
        String magic = new String(b, off, 6, StandardCharsets.US_ASCII);
        return magic.equals("070701") || magic.equals("070702") || magic.equals("070707");
    }

    /**
     * Opens the image named by {@code initramfs:<file URI>}, for example
     * {@code initramfs:file:///tmp/core.gz}, with the keys of {@code env} of the class comment.
     *
     * @throws FileSystemAlreadyExistsException if that image is already open through a URI
     * @throws UnsupportedOperationException if the file is not an initramfs image
     */
    /**
     * Opens the image named by {@code initramfs:<file URI>}, for example
     * {@code initramfs:file:///tmp/core.gz}, with the keys of {@code env} of the class comment.
     *
     * @throws FileSystemAlreadyExistsException if that image is already open through a URI
     * @throws UnsupportedOperationException if the file is not an initramfs image
     */
    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) throws IOException {
        Path image = imageOf(uri);
        synchronized (BY_IMAGE) {
            FileSystem open = BY_IMAGE.get(image);
            if (open != null && open.isOpen()) {
                throw new FileSystemAlreadyExistsException(uri.toString());
            }
            OverlayFileSystem fs = (OverlayFileSystem) newFileSystem(image, env);
            BY_IMAGE.put(image, fs);
            return fs;
        }
    }

    /**
     * The file system opened by {@link #newFileSystem(URI, Map)} for {@code initramfs:file:...}, or
     * the open file system an {@code initramfs://<id>/} URI names.
     *
     * @throws FileSystemNotFoundException if it is not open
     */
    @Override
    public FileSystem getFileSystem(URI uri) {
        if (uri.isOpaque()) {
            Path image = imageOf(uri);
            FileSystem fs = BY_IMAGE.get(image);
            if (fs == null || !fs.isOpen()) {
                BY_IMAGE.remove(image, fs);
                throw new FileSystemNotFoundException("no open initramfs file system for " + image);
            }
            return fs;
        }
        return openById(uri);
    }

    /**
     * The path {@code initramfs:file:///tmp/core.gz!/etc/motd} names in the image opened through
     * its URI, or the path an {@code initramfs://<id>/path} URI of {@link Path#toUri()} names.
     *
     * @throws FileSystemNotFoundException if the file system is not open
     */
    @Override
    public Path getPath(URI uri) {
        if (uri.isOpaque()) {
            String ssp = uri.getSchemeSpecificPart();
            int bang = ssp.indexOf("!/");
            String inside = bang < 0 ? "/" : ssp.substring(bang + 1);
            return getFileSystem(uri).getPath(inside);
        }
        return pathById(uri);
    }

    /** The image file of {@code initramfs:<file URI>[!/path]}. */
    private static Path imageOf(URI uri) {
        if (!"initramfs".equalsIgnoreCase(uri.getScheme()) || !uri.isOpaque()) {
            throw new IllegalArgumentException("not an initramfs:<file URI> (as initramfs:file:///tmp/core.gz): " + uri);
        }
        String ssp = uri.getSchemeSpecificPart();
        int bang = ssp.indexOf("!/");
        String file = bang < 0 ? ssp : ssp.substring(0, bang);
        try {
            return Path.of(new URI(file.startsWith("file:") ? file : "file:" + file)).toAbsolutePath().normalize();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an initramfs:<file URI> (as initramfs:file:///tmp/core.gz): " + uri, e);
        }
    }

    /**
     * The open file system named by the authority of {@code uri} ({@code initramfs://<id>/...}).
     *
     * @throws IllegalArgumentException if the URI is not an {@code initramfs} URI with an authority
     * @throws FileSystemNotFoundException if no such file system is open
     */
    private static OverlayFileSystem openById(URI uri) {
        if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("not an initramfs URI: " + uri);
        }
        if (uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("initramfs URI without a file system id (initramfs://<id>/path): " + uri);
        }
        OverlayFileSystem fs = OPEN.get(uri.getRawAuthority());
        if (fs == null) {
            throw new FileSystemNotFoundException("no open initramfs file system " + uri.getRawAuthority() + " for " + uri);
        }
        return fs;
    }

    /**
     * The path that {@link Path#toUri()} turned into {@code uri}.
     *
     * @throws IllegalArgumentException if the URI is not of the form {@code initramfs://<id>/path}
     * @throws FileSystemNotFoundException if the file system it names is not open
     */
    private static Path pathById(URI uri) {
        OverlayFileSystem fs = openById(uri);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("initramfs URI with a query or a fragment: " + uri);
        }
        String path = uri.getPath();
        return fs.getPath(path == null || path.isEmpty() ? "/" : path);
    }

    // ---- Content access: the hooks -------------------------------------------------------------

    /**
     * Opens a channel, loading a pending file first unless it is opened with
     * {@code TRUNCATE_EXISTING} or {@code CREATE_NEW}; a file opened for writing is reported changed.
     */
    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return open(path, options, false, p -> Files.newByteChannel(p, options, attrs));
    }

    /** As {@link #newByteChannel}, with jimfs's file channel. */
    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return open(path, options, false, p -> p.getFileSystem().provider().newFileChannel(p, options, attrs));
    }

    /** As {@link #newByteChannel}, with jimfs's asynchronous file channel. */
    @Override
    public AsynchronousFileChannel newAsynchronousFileChannel(
            Path path, Set<? extends OpenOption> options, ExecutorService executor, FileAttribute<?>... attrs)
            throws IOException {
        return open(path, options, false,
                p -> p.getFileSystem().provider().newAsynchronousFileChannel(p, options, executor, attrs));
    }

    /** Opens a stream on the file's content, loading it first if it is pending. */
    @Override
    public InputStream newInputStream(Path path, OpenOption... options) throws IOException {
        return open(path, optionSet(options), false, p -> Files.newInputStream(p, options));
    }

    /**
     * Opens a stream that writes the file (by default creating or truncating it, without
     * loading it); with {@code APPEND} or without {@code TRUNCATE_EXISTING} a pending file is
     * loaded first. The file is reported changed.
     */
    @Override
    public OutputStream newOutputStream(Path path, OpenOption... options) throws IOException {
        return open(path, optionSet(options), true, p -> Files.newOutputStream(p, options));
    }

    private static Set<OpenOption> optionSet(OpenOption... options) {
        return new HashSet<>(Arrays.asList(options));
    }

    private interface Opener<C extends Closeable> {
        C open(Path jimfsPath) throws IOException;
    }

    /**
     * Opens {@code path} with {@code opener}, loading a pending file first unless the open
     * truncates it (or must create it), and reporting a changed file after a write open. The
     * lock makes the check, the load and the open one step for other threads of the same file
     * system: a file is hydrated once, and never after it was truncated.
     */
    private <C extends Closeable> C open(Path path, Set<? extends OpenOption> options, boolean outputStream,
            Opener<C> opener) throws IOException {
        OverlayPath target = overlay(path);
        // As FileSystemProvider.newOutputStream documents: no options mean CREATE, TRUNCATE_EXISTING, WRITE.
        boolean write = outputStream || options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
        boolean truncate = write && (options.contains(StandardOpenOption.TRUNCATE_EXISTING) || outputStream && options.isEmpty());
        boolean createNew = write && options.contains(StandardOpenOption.CREATE_NEW);
        LinkOption[] links = options.contains(LinkOption.NOFOLLOW_LINKS) ? NOFOLLOW_LINKS : FOLLOW_LINKS;
        OverlayFileSystem fs = target.getFileSystem();
        if (write || options.contains(StandardOpenOption.CREATE) || createNew) {
            writable(target);
        }
        synchronized (fs.lock()) {
            if (!truncate && !createNew) {
                hydrateIfPending(fs, target.delegate(), links);
            }
            C opened = opener.open(target.delegate());
            if (write) {
                try {
                    fs.content().contentChanged(Files.readAttributes(target.delegate(), BasicFileAttributes.class, links).fileKey());
                } catch (IOException | RuntimeException e) {
                    try {
                        opened.close();
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                    throw e;
                }
            }
            return opened;
        }
    }

    /**
     * Loads the content of the regular file at {@code jimfsPath} if it is pending; keeps its times
     * as they were, so that loading is not seen as a modification. Call holding {@code fs.lock()}.
     */
    private static void hydrateIfPending(OverlayFileSystem fs, Path jimfsPath, LinkOption[] links) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(jimfsPath, BasicFileAttributes.class, links);
        } catch (IOException e) {
            return; // missing, or a symbolic link loop: the operation itself reports it
        }
        Object key = attrs.fileKey();
        if (!attrs.isRegularFile() || !fs.content().isPending(key)) {
            return;
        }
        // Only the last name can be a link that NOFOLLOW_LINKS kept, and then the file is no regular file.
        Path file = jimfsPath.toRealPath();
        fs.content().hydrate(file, key);
        Files.getFileAttributeView(file, BasicFileAttributeView.class)
                .setTimes(attrs.lastModifiedTime(), attrs.lastAccessTime(), null);
    }

    /**
     * Copies within one file system or between two: a pending source is loaded first, and the
     * new target, when it is a regular file, is reported changed.
     */
    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        OverlayPath from = overlay(source);
        OverlayPath to = writable(overlay(target));
        boolean followLinks = !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
        synchronized (from.getFileSystem().lock()) {
            hydrateIfPending(from.getFileSystem(), from.delegate(), followLinks ? FOLLOW_LINKS : NOFOLLOW_LINKS);
        }
        synchronized (to.getFileSystem().lock()) {
            // A directory that REPLACE_EXISTING would replace must show its children, to be refused.
            to.getFileSystem().materializeChildren(to.lexical());
            Files.copy(from.delegate(), to.delegate(), options);
            reportCreated(to);
        }
    }

    /**
     * Moves within one file system without touching content: jimfs keeps the file, its key and so
     * its pending state. Between two file systems jimfs copies, so a pending file is loaded first.
     */
    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        OverlayPath from = writable(overlay(source));
        OverlayPath to = writable(overlay(target));
        // Held-back entries are found by their path: a directory moves with all of them applied.
        from.getFileSystem().materializeSubtree(from.lexical());
        to.getFileSystem().materializeChildren(to.lexical());
        if (from.getFileSystem() == to.getFileSystem()) {
            Files.move(from.delegate(), to.delegate(), options);
            return;
        }
        synchronized (from.getFileSystem().lock()) {
            hydrateIfPending(from.getFileSystem(), from.delegate(), NOFOLLOW_LINKS);
        }
        synchronized (to.getFileSystem().lock()) {
            Files.move(from.delegate(), to.delegate(), options);
            reportCreated(to);
        }
    }

    private static void reportCreated(OverlayPath created) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(created.delegate(), BasicFileAttributes.class, NOFOLLOW_LINKS);
        if (attrs.isRegularFile()) {
            created.getFileSystem().content().contentChanged(attrs.fileKey());
        }
    }

    // ---- Attributes: a pending file's size is its size in the image --------------------------

    /**
     * What the image will say: owner and group by number (named from its {@code /etc/passwd} and
     * {@code /etc/group}), devices, FIFOs and sockets {@code isOther()}, a pending file's size in
     * the image; jimfs's own attributes for a file system without an image.
     */
    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        OverlayPath p = overlay(path);
        OverlayFileSystem fs = p.getFileSystem();
        if (fs.image() != null && (type == BasicFileAttributes.class || type == PosixFileAttributes.class)) {
            return type.cast(imageView(p, options).readAttributes());
        }
        synchronized (fs.lock()) {
            return withPendingSize(fs, type, Files.readAttributes(p.delegate(), type, options));
        }
    }

    private static ImagePosixView imageView(OverlayPath p, LinkOption... options) {
        boolean follow = true;
        for (LinkOption o : options) {
            follow &= o != LinkOption.NOFOLLOW_LINKS;
        }
        return new ImagePosixView(p, Files.getFileAttributeView(p.delegate(), PosixFileAttributeView.class, options), follow);
    }

    /** The attributes by name, as {@link #readAttributes(Path, Class, LinkOption...)} and {@link ImageAttributes} tell them. */
    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        OverlayPath p = overlay(path);
        OverlayFileSystem fs = p.getFileSystem();
        int colon = attributes.indexOf(':');
        String view = colon < 0 ? "basic" : attributes.substring(0, colon);
        String names = colon < 0 ? attributes : attributes.substring(colon + 1);
        if (names.contains("nlink") || names.contains("*")) {
            // A directory's link count counts its subdirectories: they must all be in jimfs.
            fs.materializeChildren(p.lexical());
        }
        if (fs.image() != null && view.equals(ImageAttributes.VIEW)) {
            synchronized (fs.lock()) {
                return ImageAttributes.read(fs.image(), p.delegate(), names, options);
            }
        }
        if (fs.image() != null && (view.equals("basic") || view.equals("posix") || view.equals("owner"))) {
            return ImagePosixView.asMap(imageView(p, options).readAttributes(), view, names);
        }
        synchronized (fs.lock()) {
            Map<String, Object> read = Files.readAttributes(p.delegate(), attributes, options);
            if (!read.containsKey("size")) {
                return read;
            }
            BasicFileAttributes basic = Files.readAttributes(p.delegate(), BasicFileAttributes.class, options);
            if (!basic.isRegularFile() || !fs.content().isPending(basic.fileKey())) {
                return read;
            }
            Map<String, Object> patched = new HashMap<>(read);
            patched.put("size", fs.content().pendingSize(basic.fileKey()));
            return patched;
        }
    }

    /** Call holding {@code fs.lock()}. */
    static <A extends BasicFileAttributes> A withPendingSize(OverlayFileSystem fs, Class<A> type, A attrs) {
        if (!attrs.isRegularFile() || !fs.content().isPending(attrs.fileKey())) {
            return attrs;
        }
        long size = fs.content().pendingSize(attrs.fileKey());
        if (attrs instanceof PosixFileAttributes posix && type.isAssignableFrom(PendingPosixAttributes.class)) {
            return type.cast(new PendingPosixAttributes(posix, size));
        }
        if (type.isAssignableFrom(PendingBasicAttributes.class)) {
            return type.cast(new PendingBasicAttributes(attrs, size));
        }
        return attrs; // a type jimfs knows and we do not: none with the views we configure
    }

    /**
     * The image's {@code basic}, {@code posix} and {@code owner} views ({@link ImagePosixView});
     * jimfs's, with a pending file's size, for a file system without an image.
     */
    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        OverlayPath p = overlay(path);
        if (p.getFileSystem().image() != null && (type == java.nio.file.attribute.FileOwnerAttributeView.class
                || type == PosixFileAttributeView.class || type == BasicFileAttributeView.class)) {
            return type.cast(imageView(p, options));
        }
        if (type == PosixFileAttributeView.class || type == BasicFileAttributeView.class) {
            // one view for both: a posix view is a basic view, and both report a pending file's size
            PosixFileAttributeView posix = Files.getFileAttributeView(p.delegate(), PosixFileAttributeView.class, options);
            return posix == null ? null : type.cast(new PendingAwarePosixView(p.getFileSystem(), posix));
        }
        return Files.getFileAttributeView(p.delegate(), type, options); // views without a size need no patching
    }

    /**
     * Sets an attribute: {@code unix:*} ({@link ImageAttributes}), owner and group through the
     * image's principals, the rest as jimfs does (the image takes permissions and times from it
     * when written). Refused on a read-only file system.
     */
    @Override
    @SuppressWarnings("unchecked")
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        OverlayPath p = writable(overlay(path));
        OverlayFileSystem fs = p.getFileSystem();
        int colon = attribute.indexOf(':');
        String view = colon < 0 ? "basic" : attribute.substring(0, colon);
        String name = attribute.substring(colon + 1);
        if (fs.image() != null && view.equals(ImageAttributes.VIEW)) {
            synchronized (fs.lock()) {
                ImageAttributes.set(fs.image(), p.delegate(), name, value);
            }
            return;
        }
        if (fs.image() != null && (view.equals("owner") || view.equals("posix")) && name.equals("owner")) {
            imageView(p, options).setOwner((UserPrincipal) value);
            return;
        }
        if (fs.image() != null && view.equals("posix") && name.equals("group")) {
            imageView(p, options).setGroup((GroupPrincipal) value);
            return;
        }
        Files.setAttribute(p.delegate(), attribute, value, options);
    }

    // ---- Everything else is jimfs's --------------------------------------------------------------

    /** The entries of a directory as paths of its file system; the filter sees such paths too. */
    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        OverlayPath d = overlay(dir);
        OverlayFileSystem fs = d.getFileSystem();
        fs.materializeChildren(d.lexical());
        DirectoryStream<Path> entries = Files.newDirectoryStream(d.delegate(), entry -> filter.accept(fs.overlayPath(entry)));
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                Iterator<Path> it = entries.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Path next() {
                        return fs.overlayPath(it.next());
                    }
                };
            }

            @Override
            public void close() throws IOException {
                entries.close();
            }
        };
    }

    /** Creates a directory, as jimfs does. */
    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        Files.createDirectory(writable(overlay(dir)).delegate(), attrs);
    }

    /** @throws ProviderMismatchException if {@code target} is not an initramfs path */
    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        Files.createSymbolicLink(writable(overlay(link)).delegate(), overlay(target).lexical(), attrs);
    }

    /** One file with two names: nothing is loaded, and both names have the same file key. */
    @Override
    public void createLink(Path link, Path existing) throws IOException {
        Files.createLink(writable(overlay(link)).delegate(), overlay(existing).delegate());
    }

    /** The target of a symbolic link, as a path of the same file system. */
    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        OverlayPath p = overlay(link);
        return p.getFileSystem().overlayPath(Files.readSymbolicLink(p.delegate()));
    }

    /** Deletes a file, an empty directory or a link, as jimfs does. */
    @Override
    public void delete(Path path) throws IOException {
        OverlayPath p = writable(overlay(path));
        p.getFileSystem().materializeChildren(p.lexical());
        Files.delete(p.delegate());
    }

    /** True for two names of one file of one file system; false for a path of another file system. */
    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        OverlayPath p = overlay(path);
        if (p.equals(path2)) {
            return true;
        }
        if (!(path2 instanceof OverlayPath other) || other.getFileSystem() != p.getFileSystem()) {
            return false;
        }
        return Files.isSameFile(p.delegate(), other.delegate());
    }

    /** Whether the name starts with a dot, as on Unix. */
    @Override
    public boolean isHidden(Path path) throws IOException {
        return Files.isHidden(overlay(path).delegate());
    }

    /** The single in-memory store of the path's file system. */
    @Override
    public FileStore getFileStore(Path path) throws IOException {
        return Files.getFileStore(overlay(path).delegate());
    }

    /** Checks that the file exists; jimfs does not check permissions. */
    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        OverlayPath p = overlay(path);
        p.delegate().getFileSystem().provider().checkAccess(p.delegate(), modes);
    }

    private static OverlayPath writable(OverlayPath path) {
        if (path.getFileSystem().isReadOnly()) {
            throw new ReadOnlyFileSystemException();
        }
        return path;
    }

    private static OverlayPath overlay(Path path) {
        if (path instanceof OverlayPath overlay) {
            return overlay;
        }
        if (path == null) {
            throw new NullPointerException("path may not be null");
        }
        throw new ProviderMismatchException("not an initramfs path: " + path + " (" + path.getFileSystem() + ")");
    }

    // ---- Attribute wrappers ------------------------------------------------------------------------

    /** Jimfs's attributes of a pending file, with its size in the image. */
    private static class PendingBasicAttributes implements BasicFileAttributes {
        private final BasicFileAttributes attrs;
        private final long size;

        PendingBasicAttributes(BasicFileAttributes attrs, long size) {
            this.attrs = attrs;
            this.size = size;
        }

        @Override
        public FileTime lastModifiedTime() {
            return attrs.lastModifiedTime();
        }

        @Override
        public FileTime lastAccessTime() {
            return attrs.lastAccessTime();
        }

        @Override
        public FileTime creationTime() {
            return attrs.creationTime();
        }

        @Override
        public boolean isRegularFile() {
            return attrs.isRegularFile();
        }

        @Override
        public boolean isDirectory() {
            return attrs.isDirectory();
        }

        @Override
        public boolean isSymbolicLink() {
            return attrs.isSymbolicLink();
        }

        @Override
        public boolean isOther() {
            return attrs.isOther();
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public Object fileKey() {
            return attrs.fileKey();
        }
    }

    private static final class PendingPosixAttributes extends PendingBasicAttributes implements PosixFileAttributes {
        private final PosixFileAttributes posix;

        PendingPosixAttributes(PosixFileAttributes posix, long size) {
            super(posix, size);
            this.posix = posix;
        }

        @Override
        public UserPrincipal owner() {
            return posix.owner();
        }

        @Override
        public GroupPrincipal group() {
            return posix.group();
        }

        @Override
        public Set<PosixFilePermission> permissions() {
            return posix.permissions();
        }
    }

    /** Jimfs's views look the file up at each call, so this checks pending state at each read too. */
    private static final class PendingAwarePosixView implements PosixFileAttributeView {
        private final OverlayFileSystem fs;
        private final PosixFileAttributeView view;

        PendingAwarePosixView(OverlayFileSystem fs, PosixFileAttributeView view) {
            this.fs = fs;
            this.view = view;
        }

        @Override
        public String name() {
            return view.name();
        }

        @Override
        public PosixFileAttributes readAttributes() throws IOException {
            synchronized (fs.lock()) {
                return withPendingSize(fs, PosixFileAttributes.class, view.readAttributes());
            }
        }

        @Override
        public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime) throws IOException {
            fs.checkWritable();
            view.setTimes(lastModifiedTime, lastAccessTime, createTime);
        }

        @Override
        public void setPermissions(Set<PosixFilePermission> perms) throws IOException {
            fs.checkWritable();
            view.setPermissions(perms);
        }

        @Override
        public void setGroup(GroupPrincipal group) throws IOException {
            fs.checkWritable();
            view.setGroup(group);
        }

        @Override
        public UserPrincipal getOwner() throws IOException {
            return view.getOwner();
        }

        @Override
        public void setOwner(UserPrincipal newOwner) throws IOException {
            fs.checkWritable();
            view.setOwner(newOwner);
        }
    }
}
