package dev.remaster.squashfs;

import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What an inode says, as the {@code basic}, {@code posix}, {@code owner} and {@code unix} views
 * give it: owners are numbers (an image has no user database), the mode keeps its type and
 * setuid, setgid and sticky bits in {@code unix:mode}.
 */
record SquashfsFileAttributes(Inode inode) implements PosixFileAttributes {
    /** An owner or group known by its number only; its name is the number. */
    record Principal(long id, boolean group) implements GroupPrincipal {
        @Override
        public String getName() {
            return Long.toString(id);
        }
    }

    private static final PosixFilePermission[] BITS = {PosixFilePermission.OTHERS_EXECUTE,
        PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    @Override
    public FileTime lastModifiedTime() {
        return FileTime.from(inode.mtime(), TimeUnit.SECONDS);
    }

    @Override
    public FileTime lastAccessTime() {
        return lastModifiedTime();
    }

    @Override
    public FileTime creationTime() {
        return lastModifiedTime();
    }

    @Override
    public boolean isRegularFile() {
        return inode.type() == InodeType.FILE;
    }

    @Override
    public boolean isDirectory() {
        return inode.isDirectory();
    }

    @Override
    public boolean isSymbolicLink() {
        return inode.type() == InodeType.SYMLINK;
    }

    @Override
    public boolean isOther() {
        return !isRegularFile() && !isDirectory() && !isSymbolicLink();
    }

    @Override
    public long size() {
        return inode.isDirectory() ? 0 : inode.size();
    }

    @Override
    public Object fileKey() {
        return inode.number();
    }

    @Override
    public UserPrincipal owner() {
        return new Principal(inode.uid(), false);
    }

    @Override
    public GroupPrincipal group() {
        return new Principal(inode.gid(), true);
    }

    @Override
    public Set<PosixFilePermission> permissions() {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BITS.length; i++) {
            if ((inode.permissions() & (1 << i)) != 0) {
                set.add(BITS[i]);
            }
        }
        return set;
    }

    /** The attributes of {@code view} ({@code basic}, {@code posix}, {@code owner} or {@code unix}) by name. */
    Map<String, Object> asMap(String view) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!view.equals("owner")) {
            m.put("lastModifiedTime", lastModifiedTime());
            m.put("lastAccessTime", lastAccessTime());
            m.put("creationTime", creationTime());
            m.put("size", size());
            m.put("isRegularFile", isRegularFile());
            m.put("isDirectory", isDirectory());
            m.put("isSymbolicLink", isSymbolicLink());
            m.put("isOther", isOther());
            m.put("fileKey", fileKey());
        }
        if (!view.equals("basic")) {
            m.put("owner", owner());
        }
        if (view.equals("posix") || view.equals("unix")) {
            m.put("permissions", permissions());
            m.put("group", group());
        }
        if (view.equals("unix")) {
            m.put("mode", inode.mode());
            m.put("ino", inode.number());
            m.put("dev", 0L);
            boolean device = inode.type() == InodeType.BLOCK_DEVICE || inode.type() == InodeType.CHAR_DEVICE;
            m.put("rdev", device ? inode.device() & 0xFFFFFFFFL : 0L);
            m.put("nlink", (int) inode.linkCount());
            m.put("uid", (int) inode.uid());
            m.put("gid", (int) inode.gid());
            m.put("ctime", lastModifiedTime());
        }
        return m;
    }
}
