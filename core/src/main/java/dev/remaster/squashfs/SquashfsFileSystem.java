package dev.remaster.squashfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A squashfs image as a read-only file system. Every read goes through one {@link SquashfsReader},
 * which is not thread-safe, so each one holds the reader's lock.
 */
final class SquashfsFileSystem extends FileSystem {
    private static final int MAX_LINKS = 40;

    private final SquashfsFileSystemProvider provider;
    private final Path image;
    private final SquashfsReader reader;
    private volatile boolean open = true;
    /** The listings of recently used directories by name, so that a lookup costs a hash probe per name. */
    private final Map<Long, Map<String, DirectoryEntry>> listings = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Map<String, DirectoryEntry>> eldest) {
            return size() > 1024;
        }
    };

    SquashfsFileSystem(SquashfsFileSystemProvider provider, Path image, SquashfsReader reader) {
        this.provider = provider;
        this.image = image;
        this.reader = reader;
    }

    Path image() {
        return image;
    }

    /** The reader, for a caller that holds its lock. */
    SquashfsReader reader() {
        if (!open) {
            throw new ClosedFileSystemException();
        }
        return reader;
    }

    /**
     * The inode {@code path} names, or {@code null} when nothing is there; symbolic links are
     * followed in the parents always, and in the last name when {@code followLast}.
     */
    Inode inode(SquashfsPath path, boolean followLast) throws IOException {
        synchronized (reader) {
            Deque<String> todo = new ArrayDeque<>(List.of(((SquashfsPath) path.toAbsolutePath()).toString().split("/")));
            Deque<Inode> stack = new ArrayDeque<>();
            Inode at = reader().root();
            int links = 0;
            while (!todo.isEmpty()) {
                String name = todo.pollFirst();
                if (name.isEmpty() || name.equals(".")) {
                    continue;
                }
                if (name.equals("..")) {
                    at = stack.isEmpty() ? reader.root() : stack.pop();
                    continue;
                }
                if (!at.isDirectory()) {
                    return null;
                }
                DirectoryEntry entry = listing(at).get(name);
                if (entry == null) {
                    return null;
                }
                Inode next = reader.inode(entry.inodeRef());
                if (next.type() == InodeType.SYMLINK && (followLast || !todo.isEmpty())) {
                    if (++links > MAX_LINKS) {
                        throw new FileSystemException(path.toString(), null, "too many levels of symbolic links");
                    }
                    String target = new String(next.target(), StandardCharsets.UTF_8);
                    String[] parts = target.split("/");
                    for (int i = parts.length - 1; i >= 0; i--) {
                        todo.addFirst(parts[i]);
                    }
                    if (target.startsWith("/")) {
                        stack.clear();
                        at = reader.root();
                    }
                    continue;
                }
                stack.push(at);
                at = next;
            }
            return at;
        }
    }

    /** The entries of directory {@code dir} by name; the caller holds the reader's lock. */
    private Map<String, DirectoryEntry> listing(Inode dir) throws IOException {
        Map<String, DirectoryEntry> byName = listings.get(dir.ref());
        if (byName == null) {
            byName = new HashMap<>();
            for (DirectoryEntry d : reader.list(dir)) {
                byName.put(d.name(), d);
            }
            listings.put(dir.ref(), byName);
        }
        return byName;
    }

    @Override
    public SquashfsFileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() throws IOException {
        if (open) {
            open = false;
            provider.closed(this);
            synchronized (reader) {
                reader.close();
            }
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isReadOnly() {
        return true;
    }

    @Override
    public String getSeparator() {
        return "/";
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return List.of(new SquashfsPath(this, true, new String[0]));
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return List.of();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return Set.of("basic", "owner", "posix", "unix");
    }

    @Override
    public Path getPath(String first, String... more) {
        return SquashfsPath.parse(this, first, more);
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        // The default file system's matchers read a path's string form, which is the same here.
        return FileSystems.getDefault().getPathMatcher(syntaxAndPattern);
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        throw new UnsupportedOperationException("a squashfs image names owners by number only");
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("a squashfs image does not change: nothing to watch");
    }

    @Override
    public String toString() {
        return image.toString();
    }
}
