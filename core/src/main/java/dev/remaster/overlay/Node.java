package dev.remaster.overlay;

import dev.remaster.internal.FileModes;
import dev.remaster.cpio.EntryType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;

/**
 * One file of the edit view, keyed by jimfs's file key: the metadata that the written image will
 * carry, where its content comes from, and what has changed. This table, not jimfs, is the truth
 * for owners, device numbers, special types and the full mode; jimfs is the truth for names,
 * contents, symlink targets and (when changed through nio) permission bits and mtimes.
 */
final class Node {
    EntryType type;
    int mode;
    long uid;
    long gid;
    long mtime;
    long rdevMajor;
    long rdevMinor;

    /** The source entry that carries this file's data, or null. */
    SourceEntry dataSource;
    /** Content not loaded into jimfs yet. */
    boolean pending;
    /** Content written through the file system. */
    boolean contentChanged;
    /** Metadata changed through the image's own API. */
    boolean metadataChanged;
    /** Created by the user rather than read from the image. */
    boolean created;
    /** A directory that no entry of the image names (a missing parent); never written itself. */
    boolean implicit;
    /** The segment new entries go to, or -1 for the default. */
    int segmentHint = -1;
    /** The hard link count the source gave this file's group (regular files), else 1. */
    int sourceLinks = 1;

    /** What was put into jimfs, to tell later nio changes apart. */
    Set<PosixFilePermission> populatedPermissions;
    FileTime populatedMtime;

    Node(EntryType type, int mode, long uid, long gid, long mtime) {
        this.type = type;
        this.mode = mode;
        this.uid = uid;
        this.gid = gid;
        this.mtime = mtime;
    }

    /** Permission bits jimfs gives a new file or directory when none are asked for. */
    static final int JIMFS_DEFAULT_PERMISSIONS = 0644;

    /**
     * A node for a file created through nio: its type from jimfs, mode 0755 for a directory and
     * 0644 for a file unless permissions were set, and the owner of its nearest parent that came
     * from the image.
     */
    static Node forCreated(Path p, BasicFileAttributes attrs, Map<Object, Node> nodes) throws IOException {
        EntryType type = attrs.isDirectory() ? EntryType.DIRECTORY
                : attrs.isSymbolicLink() ? EntryType.SYMLINK : EntryType.REGULAR;
        int perms;
        if (attrs.isSymbolicLink()) {
            perms = 0777;
        } else {
            perms = FileModes.mode(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
            if (perms == JIMFS_DEFAULT_PERMISSIONS) {
                perms = type == EntryType.DIRECTORY ? 0755 : 0644;
            }
        }
        long uid = 0;
        long gid = 0;
        for (Path q = p.getParent(); q != null; q = q.getParent()) {
            BasicFileAttributes a = Files.readAttributes(q, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Node n = nodes.get(a.fileKey());
            if (n != null && !n.implicit) {
                uid = n.uid;
                gid = n.gid;
                break;
            }
        }
        Node n = new Node(type, type.bits() | perms, uid, gid,
                attrs.lastModifiedTime().toMillis() / 1000);
        n.created = true;
        if (!attrs.isSymbolicLink()) {
            n.populatedPermissions = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            n.populatedMtime = attrs.lastModifiedTime();
        }
        return n;
    }
}
