package dev.remaster.overlay;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryType;
import dev.remaster.cpio.LinkTable;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * Builds the edit view from the image's entries, applying them in order with the kernel's rules:
 * later entries win; an existing path of another type is removed first; a regular file named
 * again is rewritten in place (keeping its hard links); a directory named again gets the new
 * owner and mode; hard links join the first link of their group in the same archive. No content
 * is loaded: regular files stay empty and pending.
 */
final class TreeLoader {
    private final FileSystem jimfs;
    private final Map<Object, Node> nodes;
    /** Where each hard link group of the current archive has its file (the loader sees every segment change and trailer). */
    private final LinkTable<Anchor> groups = new LinkTable<>();

    /** The path of a group's file; a later link takes over when that file was replaced by another entry. */
    private static final class Anchor {
        Path path;

        Anchor(Path path) {
            this.path = path;
        }
    }

    TreeLoader(FileSystem jimfs, Map<Object, Node> nodes) throws IOException {
        this.jimfs = jimfs;
        this.nodes = nodes;
        // The root exists before any entry; a "." entry, if any, gives it its metadata.
        Path root = jimfs.getPath("/");
        Node node = new Node(EntryType.DIRECTORY, EntryType.DIRECTORY.bits() | 0755, 0, 0, 0);
        node.implicit = true;
        nodes.put(attributes(root).fileKey(), node);
        stamp(node, root);
    }

    /** Applies one entry; returns the jimfs file key it became, or null if it is not shown. */
    Object apply(int segment, int archive, String viewPath, CpioEntry e, SourceEntry self) throws IOException {
        if (viewPath == null || e.isTrailer()) {
            return null;
        }
        EntryType type = e.type();
        if (type == EntryType.UNKNOWN) {
            return null;
        }
        if (viewPath.equals("/") && type != EntryType.DIRECTORY) {
            // The kernel cannot remove or overwrite the root either: the entry is not applied.
            return null;
        }
        if (type == EntryType.SYMLINK && e.linkTarget().orElse("").indexOf('\0') >= 0) {
            // No path can hold a NUL (the kernel cuts the target there): kept as it is, not shown.
            return null;
        }
        Path p = jimfs.getPath(viewPath);
        if (!viewPath.equals("/")) {
            ensureParents(p.getParent());
        }
        BasicFileAttributes existing = attributes(p);
        if (existing != null) {
            Node old = nodes.get(existing.fileKey());
            boolean reuse = old != null && (type == EntryType.DIRECTORY || type == EntryType.REGULAR)
                    && old.type == type;
            if (reuse) {
                // The kernel reuses an existing directory or regular file (O_TRUNC rewrites it in place).
                update(old, e, p);
                if (type == EntryType.REGULAR) {
                    joinOrStartGroup(e, p);
                    setData(old, e, self);
                }
                return existing.fileKey();
            }
            try {
                Files.delete(p);
            } catch (DirectoryNotEmptyException ex) {
                // The kernel cannot remove it either: the entry is not applied.
                return null;
            }
        }
        if (e.isHardLinked()) {
            Anchor anchor = groups.of(e, firstLink -> new Anchor(null));
            Path first = anchor.path;
            BasicFileAttributes firstAttrs = first == null ? null : attributes(first);
            if (firstAttrs != null && firstAttrs.isRegularFile()) {
                Files.createLink(p, first);
                Node node = nodes.get(firstAttrs.fileKey());
                update(node, e, p);
                setData(node, e, self);
                return firstAttrs.fileKey();
            }
            anchor.path = p;
        }
        switch (type) {
            case DIRECTORY:
                Files.createDirectory(p);
                break;
            case SYMLINK:
                Files.createSymbolicLink(p, jimfs.getPath(e.linkTarget().orElse("")));
                break;
            default:
                // Regular files, and placeholders for device nodes, fifos and sockets.
                Files.createFile(p);
        }
        Object key = attributes(p).fileKey();
        Node node = new Node(type, e.mode(), e.uid(), e.gid(), e.mtime());
        node.rdevMajor = e.rdevMajor();
        node.rdevMinor = e.rdevMinor();
        nodes.put(key, node);
        if (type != EntryType.SYMLINK) {
            stamp(node, p);
        }
        if (type == EntryType.REGULAR) {
            node.sourceLinks = e.isHardLinked() ? (int) Math.min(e.nlink(), Integer.MAX_VALUE) : 1;
            setData(node, e, self);
        }
        return key;
    }

    private void joinOrStartGroup(CpioEntry e, Path p) {
        if (e.isHardLinked()) {
            Anchor anchor = groups.of(e, firstLink -> new Anchor(p));
            if (anchor.path == null) {
                anchor.path = p;
            }
        }
    }

    /** Forgets hard link groups, as the kernel does at each trailer. */
    void trailer() {
        groups.endArchive();
    }

    private static void setData(Node node, CpioEntry e, SourceEntry self) {
        if (e.size() > 0 || node.dataSource == null || !e.isHardLinked()) {
            node.dataSource = e.size() > 0 ? self : null;
            node.pending = e.size() > 0;
        }
    }

    private void update(Node node, CpioEntry e, Path p) throws IOException {
        node.type = e.type();
        node.mode = e.mode();
        node.uid = e.uid();
        node.gid = e.gid();
        node.mtime = e.mtime();
        node.rdevMajor = e.rdevMajor();
        node.rdevMinor = e.rdevMinor();
        node.implicit = false;
        stamp(node, p);
    }

    /** Puts mode bits and mtime into jimfs and remembers them, to spot later changes made through nio. */
    static void stamp(Node node, Path p) throws IOException {
        Set<PosixFilePermission> perms = PosixFilePermissions.fromString(rwx(node.mode));
        Files.setPosixFilePermissions(p, perms);
        FileTime t = FileTime.fromMillis(node.mtime * 1000);
        Files.setLastModifiedTime(p, t);
        node.populatedPermissions = perms;
        node.populatedMtime = t;
    }

    static String rwx(int mode) {
        String all = "rwxrwxrwx";
        StringBuilder sb = new StringBuilder(9);
        for (int i = 0; i < 9; i++) {
            sb.append((mode & (0400 >> i)) != 0 ? all.charAt(i) : '-');
        }
        return sb.toString();
    }

    private void ensureParents(Path dir) throws IOException {
        if (dir == null || Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        ensureParents(dir.getParent());
        BasicFileAttributes a = attributes(dir);
        if (a != null) {
            // A non-directory stands where a directory is needed: the kernel would fail the child.
            // Replace it, so that the view can show the child.
            Files.delete(dir);
        }
        Files.createDirectory(dir);
        Object key = attributes(dir).fileKey();
        Node node = new Node(EntryType.DIRECTORY, EntryType.DIRECTORY.bits() | 0755, 0, 0, 0);
        node.implicit = true;
        nodes.put(key, node);
        stamp(node, dir);
    }

    static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }
}
