package dev.remaster.overlay;

import dev.remaster.compress.Compression;
import dev.remaster.io.FormatException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SeekableByteChannel;
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
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

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
    private static final ConcurrentMap<Path, FileSystem> BY_IMAGE = new ConcurrentHashMap<>();
    private static final int PROBE_LENGTH = 4096;

    private final OverlayFileSystemProvider delegate = OverlayFileSystemProvider.instance();

    /** Called by the service loader. */
    public InitramfsFileSystemProvider() {
    }

    /** {@code "initramfs"}. */
    @Override
    public String getScheme() {
        return delegate.getScheme();
    }

    /**
     * Opens the image file {@code path}, see the class comment for {@code env}.
     *
     * @throws UnsupportedOperationException if {@code path} is not an initramfs image (then other
     *     providers get their turn), or not a file of the default file system
     */
    @Override
    public FileSystem newFileSystem(Path path, Map<String, ?> env) throws IOException {
        if (path.getFileSystem() != java.nio.file.FileSystems.getDefault()) {
            throw new UnsupportedOperationException("not an initramfs image (not a file of the default file system): " + path);
        }
        boolean create = env != null && OpenOptions.of(env).create() && Files.notExists(path);
        if (!create && !isInitramfs(path)) {
            throw new UnsupportedOperationException("not an initramfs image (no cpio archive at its start): " + path);
        }
        return delegate.newFileSystem(path, env);
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
    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) throws IOException {
        Path image = imageOf(uri);
        synchronized (BY_IMAGE) {
            FileSystem open = BY_IMAGE.get(image);
            if (open != null && open.isOpen()) {
                throw new FileSystemAlreadyExistsException(uri.toString());
            }
            FileSystem fs = newFileSystem(image, env);
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
        return delegate.getFileSystem(uri);
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
        return delegate.getPath(uri);
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

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return delegate.newByteChannel(path, options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        return delegate.newDirectoryStream(dir, filter);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        delegate.createDirectory(dir, attrs);
    }

    @Override
    public void delete(Path path) throws IOException {
        delegate.delete(path);
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        delegate.copy(source, target, options);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        delegate.move(source, target, options);
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        return delegate.isSameFile(path, path2);
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        return delegate.isHidden(path);
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        return delegate.getFileStore(path);
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        delegate.checkAccess(path, modes);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        return delegate.getFileAttributeView(path, type, options);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        return delegate.readAttributes(path, type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        return delegate.readAttributes(path, attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        delegate.setAttribute(path, attribute, value, options);
    }
}
