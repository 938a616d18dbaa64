package dev.remaster.overlay;

import com.google.common.jimfs.Configuration;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The editable view of an initramfs image: an in-memory Unix file system holding the image's
 * directory tree, used through the ordinary {@link java.nio.file.Files} API.
 *
 * <p>Names, directories, symbolic links, owners, permissions and times are there from the start,
 * but the content of a regular file is loaded from the image only when it is first needed: when
 * the file is read, copied, or written without being truncated. Until then {@code Files.size}
 * and the attribute views report its size in the image. Writing a file with
 * {@code Files.write(path, bytes)} (which truncates) never loads the old content.
 *
 * <p>Paths are absolute from {@code /}, which is also the working directory; the separator is
 * {@code /}. The attribute views are {@code basic}, {@code owner}, {@code posix} and
 * {@code unix}. A path's URI has the form {@code initramfs://<id>/etc/init.d/rcS}, where
 * {@code <id>} names this file system among the open ones (see {@link OverlayPath#toUri()}).
 * Watch services are not supported.
 *
 * <p>Closing the file system drops everything in it; it does not change the image.
 */
final class OverlayFileSystem extends FileSystem {
    private final InitramfsFileSystemProvider provider;
    private final FileSystem jimfs;
    private final ContentSource content;
    private final String id;
    private final Object lock = new Object();

    /** Use {@link InitramfsFileSystemProvider#wrap}. */
    OverlayFileSystem(InitramfsFileSystemProvider provider, FileSystem delegate, ContentSource content) {
        if (provider == null || delegate == null || content == null) {
            throw new NullPointerException("provider, delegate and content may not be null");
        }
        this.provider = provider;
        this.jimfs = delegate;
        this.content = content;
        this.id = provider.newFileSystemId();
        provider.opened(this); // last: the provider's getPath(URI) can find it from now on
    }

    /**
     * The jimfs configuration for the file system that an {@code OverlayFileSystem} wraps: Unix
     * paths, working directory {@code /}, the views {@code basic, owner, posix, unix}; 4 KiB blocks
     * (most initramfs files are small, and a block is the smallest unit jimfs allocates) and no
     * cache of freed blocks, so content that is deleted or truncated goes back to the heap.
     */
    static Configuration jimfsConfiguration() {
        return Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix")
                .setWorkingDirectory("/")
                .setBlockSize(4096)
                // The heap is the real limit; this only has to be above any image's content.
                .setMaxSize(64L << 30)
                .setMaxCacheSize(0)
                .build();
    }

    private volatile EditableImage image;

    /** The image whose view this is, which knows the entries' true metadata. */
    void image(EditableImage image) {
        this.image = image;
    }

    /** The image of this view, or null for a bare overlay (tests). */
    EditableImage image() {
        return image;
    }

    private volatile LazyTree tree;

    /** The image's entries not in jimfs yet, applied as paths reach them. */
    void tree(LazyTree tree) {
        this.tree = tree;
    }

    /** Puts into jimfs the held-back entries that resolving {@code jimfsPath} needs. */
    void materialize(Path jimfsPath) {
        LazyTree t = tree;
        if (t != null) {
            synchronized (lock) {
                t.materialize(jimfsPath);
            }
        }
    }

    /** As {@link #materialize}, and the held-back children of the directory (before a listing or a removal). */
    void materializeChildren(Path jimfsPath) {
        LazyTree t = tree;
        if (t != null) {
            synchronized (lock) {
                t.materializeChildren(jimfsPath);
            }
        }
    }

    /** As {@link #materialize}, and everything below the directory (before a move). */
    void materializeSubtree(Path jimfsPath) {
        LazyTree t = tree;
        if (t != null) {
            synchronized (lock) {
                t.materializeSubtree(jimfsPath);
            }
        }
    }

    FileSystem jimfs() {
        return jimfs;
    }

    ContentSource content() {
        return content;
    }

    /** The authority of this file system's URIs. */
    String id() {
        return id;
    }

    /** Held around every call to the {@link ContentSource} and the operations that must not interleave with one. */
    Object lock() {
        return lock;
    }

    OverlayPath overlayPath(Path jimfsPath) {
        return new OverlayPath(this, jimfsPath);
    }

    /** The shared {@link InitramfsFileSystemProvider}. */
    @Override
    public InitramfsFileSystemProvider provider() {
        return provider;
    }

    /** Closes the file system and frees its content; paths of it then fail with {@link java.nio.file.ClosedFileSystemException}. Closing twice does nothing. */
    @Override
    public void close() throws IOException {
        CloseAction action = beforeClose;
        beforeClose = null;
        try {
            if (action != null) {
                action.run();
            }
        } finally {
            try {
                jimfs.close();
            } finally {
                provider.closed(this);
            }
        }
    }

    /** Work to do once, when the file system is closed, before its content is dropped. */
    @FunctionalInterface
    interface CloseAction {
        void run() throws IOException;
    }

    private CloseAction beforeClose;

    /** Sets what {@link #close()} does first (an image opened through the provider writes itself back). */
    void beforeClose(CloseAction action) {
        this.beforeClose = action;
    }

    /** Whether the file system is still open. */
    @Override
    public boolean isOpen() {
        return jimfs.isOpen();
    }

    private volatile boolean readOnly;

    /** Makes every later write through the provider throw {@link java.nio.file.ReadOnlyFileSystemException}. */
    void makeReadOnly() {
        readOnly = true;
    }

    /** Throws {@link java.nio.file.ReadOnlyFileSystemException} when opened with {@code readOnly}. */
    void checkWritable() {
        if (readOnly) {
            throw new java.nio.file.ReadOnlyFileSystemException();
        }
    }

    /** True when opened with {@code readOnly} (see {@link InitramfsFileSystemProvider}); then writes throw. */
    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    /** {@code "/"}. */
    @Override
    public String getSeparator() {
        return jimfs.getSeparator();
    }

    /** The single root {@code /}. */
    @Override
    public Iterable<Path> getRootDirectories() {
        List<Path> roots = new ArrayList<>();
        for (Path root : jimfs.getRootDirectories()) {
            roots.add(overlayPath(root));
        }
        return roots;
    }

    /** The single in-memory store; its sizes count loaded content only. */
    @Override
    public Iterable<FileStore> getFileStores() {
        return jimfs.getFileStores();
    }

    /** {@code basic}, {@code owner}, {@code posix} and {@code unix}. */
    @Override
    public Set<String> supportedFileAttributeViews() {
        return jimfs.supportedFileAttributeViews();
    }

    /** A path of this file system, parsed with Unix rules; relative paths are relative to {@code /}. */
    @Override
    public Path getPath(String first, String... more) {
        return overlayPath(jimfs.getPath(first, more));
    }

    /** A matcher for {@code glob:} and {@code regex:} patterns, matched against a path's string form. */
    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher matcher = jimfs.getPathMatcher(syntaxAndPattern);
        return path -> matcher.matches(path instanceof OverlayPath overlay ? overlay.lexical() : path);
    }

    /**
     * Looks up users and groups by name, as the {@code owner} and {@code posix} views take them:
     * the image's own ({@link ImagePrincipals}).
     */
    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return image() == null ? jimfs.getUserPrincipalLookupService() : principals();
    }

    /** The users and groups of the image. */
    ImagePrincipals principals() {
        return new ImagePrincipals(this);
    }

    /** Not supported. */
    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("initramfs file systems have no watch service");
    }

    /** {@code initramfs://<id>}, the start of its paths' URIs. */
    @Override
    public String toString() {
        return InitramfsFileSystemProvider.SCHEME + "://" + id;
    }
}
