package dev.remaster.overlay;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * A path of an {@link OverlayFileSystem}: a jimfs path tagged with the overlay it belongs to.
 * Every operation is jimfs's, with results wrapped back; so paths parse, compare and print
 * exactly as jimfs's Unix paths do.
 */
final class OverlayPath implements Path {
    private final OverlayFileSystem fs;
    private final Path delegate;

    OverlayPath(OverlayFileSystem fs, Path delegate) {
        this.fs = fs;
        this.delegate = delegate;
    }

    /**
     * The jimfs path this one wraps, with what resolving it needs put into jimfs first (the image's
     * entries are applied to jimfs as paths reach them; see {@link LazyTree}).
     */
    Path delegate() {
        fs.materialize(delegate);
        return delegate;
    }

    /** The jimfs path this one wraps, for lexical work only (nothing is looked up). */
    Path lexical() {
        return delegate;
    }

    private OverlayPath wrap(Path jimfsPath) {
        return jimfsPath == null ? null : new OverlayPath(fs, jimfsPath);
    }

    /** The jimfs path of {@code other}, which must be a path of this same file system. */
    private Path sameFileSystem(Path other) {
        if (other instanceof OverlayPath overlay && overlay.fs == fs) {
            return overlay.delegate;
        }
        if (other == null) {
            throw new NullPointerException("other path may not be null");
        }
        throw new ProviderMismatchException("path " + other + " is not a path of " + fs);
    }

    @Override
    public OverlayFileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return delegate.isAbsolute();
    }

    @Override
    public Path getRoot() {
        return wrap(delegate.getRoot());
    }

    @Override
    public Path getFileName() {
        return wrap(delegate.getFileName());
    }

    @Override
    public Path getParent() {
        return wrap(delegate.getParent());
    }

    @Override
    public int getNameCount() {
        return delegate.getNameCount();
    }

    @Override
    public Path getName(int index) {
        return wrap(delegate.getName(index));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        return wrap(delegate.subpath(beginIndex, endIndex));
    }

    /** False for a path of another file system, as {@link Path#startsWith(Path)} requires. */
    @Override
    public boolean startsWith(Path other) {
        return other instanceof OverlayPath overlay && overlay.fs == fs && delegate.startsWith(overlay.delegate);
    }

    @Override
    public boolean startsWith(String other) {
        return delegate.startsWith(other);
    }

    /** False for a path of another file system, as {@link Path#endsWith(Path)} requires. */
    @Override
    public boolean endsWith(Path other) {
        return other instanceof OverlayPath overlay && overlay.fs == fs && delegate.endsWith(overlay.delegate);
    }

    @Override
    public boolean endsWith(String other) {
        return delegate.endsWith(other);
    }

    @Override
    public Path normalize() {
        return wrap(delegate.normalize());
    }

    /** @throws ProviderMismatchException if {@code other} is not a path of this file system */
    @Override
    public Path resolve(Path other) {
        return wrap(delegate.resolve(sameFileSystem(other)));
    }

    @Override
    public Path resolve(String other) {
        return wrap(delegate.resolve(other));
    }

    /** @throws ProviderMismatchException if {@code other} is not a path of this file system */
    @Override
    public Path resolveSibling(Path other) {
        return wrap(delegate.resolveSibling(sameFileSystem(other)));
    }

    @Override
    public Path resolveSibling(String other) {
        return wrap(delegate.resolveSibling(other));
    }

    /** @throws ProviderMismatchException if {@code other} is not a path of this file system */
    @Override
    public Path relativize(Path other) {
        return wrap(delegate.relativize(sameFileSystem(other)));
    }

    /**
     * {@code initramfs://<id>/<absolute path>}: the authority names the open file system (see
     * {@link InitramfsFileSystemProvider#getPath(URI)}), the path is this one made absolute, with a
     * trailing {@code /} when it names an existing directory (as jimfs does). Characters that a URI
     * may not hold are percent-encoded.
     */
    @Override
    public URI toUri() {
        try {
            return new URI(InitramfsFileSystemProvider.SCHEME, fs.id(), delegate.toUri().getPath(), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot make a URI of " + this, e);
        }
    }

    @Override
    public Path toAbsolutePath() {
        return wrap(delegate.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        return wrap(delegate().toRealPath(options));
    }

    /** Not supported: initramfs file systems have no watch service. */
    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("initramfs paths cannot be watched");
    }

    /** Not supported: initramfs file systems have no watch service. */
    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>... events) {
        throw new UnsupportedOperationException("initramfs paths cannot be watched");
    }

    /** @throws ClassCastException if {@code other} is not an initramfs path, as {@link Path#compareTo} requires */
    @Override
    public int compareTo(Path other) {
        return delegate.compareTo(((OverlayPath) other).delegate);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OverlayPath overlay && overlay.fs == fs && delegate.equals(overlay.delegate);
    }

    @Override
    public int hashCode() {
        return delegate.hashCode();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
