package dev.remaster.overlay;

import dev.remaster.cpio.EntryType;

import java.io.IOException;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code posix} and {@code owner} views of an image's entry: owner and group are the entry's
 * uid and gid ({@link ImagePrincipals}), and setting them changes the image; permissions and times
 * are jimfs's, which the image takes when it is written. Every set is refused on a read-only file
 * system.
 */
final class ImagePosixView implements PosixFileAttributeView {
    private final OverlayPath path;
    private final PosixFileAttributeView jimfs;
    private final boolean follow;

    ImagePosixView(OverlayPath path, PosixFileAttributeView jimfs, boolean follow) {
        this.path = path;
        this.jimfs = jimfs;
        this.follow = follow;
    }

    @Override
    public String name() {
        return "posix";
    }

    private OverlayFileSystem fs() {
        return path.getFileSystem();
    }

    /** The entry's path in the image: the link's own, or its target's when links are followed. */
    private String inImage() throws IOException {
        return (follow ? path.delegate().toRealPath() : path.delegate().toAbsolutePath()).toString();
    }

    private OverlayFileSystem writable() {
        fs().checkWritable();
        return fs();
    }

    /** Jimfs's attributes with the image's owner and group, and the pending size of an unread file. */
    @Override
    public PosixFileAttributes readAttributes() throws IOException {
        OverlayFileSystem fs = fs();
        synchronized (fs.lock()) {
            PosixFileAttributes base = InitramfsFileSystemProvider.withPendingSize(fs, PosixFileAttributes.class,
                    jimfs.readAttributes());
            EntryMetadata m = fs.image().metadata(inImage());
            ImagePrincipals principals = fs.principals();
            return new ImageOwnedAttributes(base, principals.user(m.uid()), principals.group(m.gid()), m.type());
        }
    }

    @Override
    public UserPrincipal getOwner() throws IOException {
        OverlayFileSystem fs = fs();
        synchronized (fs.lock()) {
            return fs.principals().user(fs.image().metadata(inImage()).uid());
        }
    }

    @Override
    public void setOwner(UserPrincipal owner) throws IOException {
        OverlayFileSystem fs = writable();
        synchronized (fs.lock()) {
            EntryMetadata m = fs.image().metadata(inImage());
            fs.image().setOwner(inImage(), fs.principals().uid(owner), m.gid());
        }
    }

    @Override
    public void setGroup(GroupPrincipal group) throws IOException {
        OverlayFileSystem fs = writable();
        synchronized (fs.lock()) {
            EntryMetadata m = fs.image().metadata(inImage());
            fs.image().setOwner(inImage(), m.uid(), fs.principals().gid(group));
        }
    }

    @Override
    public void setPermissions(Set<PosixFilePermission> perms) throws IOException {
        writable();
        jimfs.setPermissions(perms);
    }

    @Override
    public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime) throws IOException {
        writable();
        jimfs.setTimes(lastModifiedTime, lastAccessTime, createTime);
    }

    /**
     * The attributes of {@code view} ({@code basic}, {@code posix} or {@code owner}) named by
     * {@code names} ({@code *} or a comma list), as {@link java.nio.file.Files#readAttributes(java.nio.file.Path,
     * String, java.nio.file.LinkOption...)} gives them.
     */
    static Map<String, Object> asMap(PosixFileAttributes a, String view, String names) {
        Map<String, Object> all = new LinkedHashMap<>();
        if (!view.equals("owner")) {
            all.put("lastModifiedTime", a.lastModifiedTime());
            all.put("lastAccessTime", a.lastAccessTime());
            all.put("creationTime", a.creationTime());
            all.put("size", a.size());
            all.put("isRegularFile", a.isRegularFile());
            all.put("isDirectory", a.isDirectory());
            all.put("isSymbolicLink", a.isSymbolicLink());
            all.put("isOther", a.isOther());
            all.put("fileKey", a.fileKey());
        }
        if (!view.equals("basic")) {
            all.put("owner", a.owner());
        }
        if (view.equals("posix")) {
            all.put("permissions", a.permissions());
            all.put("group", a.group());
        }
        if (names.equals("*")) {
            return all;
        }
        Map<String, Object> asked = new LinkedHashMap<>();
        for (String name : names.split(",")) {
            if (!all.containsKey(name)) {
                throw new IllegalArgumentException("no attribute " + view + ":" + name + " (there are " + all.keySet() + ")");
            }
            asked.put(name, all.get(name));
        }
        return asked;
    }

    /** Jimfs's attributes with the image's owner, group and file type (a device is {@code isOther()}, size 0). */
    private record ImageOwnedAttributes(PosixFileAttributes base, UserPrincipal owner, GroupPrincipal group,
            EntryType type) implements PosixFileAttributes {
        @Override
        public Set<PosixFilePermission> permissions() {
            return base.permissions();
        }

        @Override
        public FileTime lastModifiedTime() {
            return base.lastModifiedTime();
        }

        @Override
        public FileTime lastAccessTime() {
            return base.lastAccessTime();
        }

        @Override
        public FileTime creationTime() {
            return base.creationTime();
        }

        @Override
        public boolean isRegularFile() {
            return type == EntryType.REGULAR;
        }

        @Override
        public boolean isDirectory() {
            return type == EntryType.DIRECTORY;
        }

        @Override
        public boolean isSymbolicLink() {
            return type == EntryType.SYMLINK;
        }

        @Override
        public boolean isOther() {
            return !isRegularFile() && !isDirectory() && !isSymbolicLink();
        }

        @Override
        public long size() {
            return isOther() ? 0 : base.size();
        }

        @Override
        public Object fileKey() {
            return base.fileKey();
        }
    }
}
