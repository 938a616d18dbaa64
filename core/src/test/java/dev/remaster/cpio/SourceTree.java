package dev.remaster.cpio;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the fixtures of testdata/cpio hold: the tree make-fixtures.sh builds, node by node, with
 * every value an archive of it must carry.
 */
final class SourceTree {
    /** 2024-01-02 03:04:05 UTC, every node's mtime. */
    static final long MTIME = 0x65937D25L;
    static final String LONG_NAME = "n".repeat(246) + ".txt";
    static final String UTF8_NAME = "grüße-日本.txt";
    static final List<String> LINK_GROUP = List.of("links/a", "links/b", "links/c");

    /** One node of the tree; {@code content} is a regular file's data or a symlink's target. */
    record Node(String name, EntryType type, int permissions, long uid, long gid, long nlink,
            byte[] content, long rdevMajor, long rdevMinor) {

        int mode() {
            return type.bits() | permissions;
        }

        String target() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    static final List<Node> NODES = nodes();

    private SourceTree() {
    }

    static Node node(String name) {
        return NODES.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no node " + name));
    }

    private static List<Node> nodes() {
        List<Node> n = new ArrayList<>();
        dir(n, ".", 0755, 0, 0, 10);
        dir(n, "bin", 0755, 0, 0, 2);
        file(n, "bin/busybox", 0755, 0, 0, 1, "busybox stand-in\n");
        link(n, "bin/sh", "busybox");
        file(n, "bin/su", 04755, 0, 0, 1, "#!/bin/sh\necho setuid\n");
        dir(n, "data", 0755, 0, 0, 2);
        n.add(new Node("data/big.bin", EntryType.REGULAR, 0644, 0, 0, 1, bigBin(), 0, 0));
        dir(n, "dev", 0755, 0, 0, 2);
        n.add(new Node("dev/fifo", EntryType.FIFO, 0644, 0, 0, 1, new byte[0], 0, 0));
        n.add(new Node("dev/null", EntryType.CHAR_DEVICE, 0666, 0, 0, 1, new byte[0], 1, 3));
        n.add(new Node("dev/sda", EntryType.BLOCK_DEVICE, 0660, 0, 6, 1, new byte[0], 8, 0));
        file(n, "empty", 0644, 0, 0, 1, "");
        dir(n, "etc", 0755, 0, 0, 2);
        link(n, "etc/abs-link", "/etc/hostname");
        file(n, "etc/hostname", 0644, 0, 0, 1, "remaster\n");
        file(n, "etc/motd", 0644, 0, 0, 1, "Welcome to the remaster test tree.\nSecond line.\n");
        file(n, UTF8_NAME, 0644, 0, 0, 1, "utf-8 name\n");
        dir(n, "home", 0755, 0, 0, 3);
        dir(n, "home/user", 0755, 1000, 50, 2);
        file(n, "home/user/notes", 0644, 1000, 50, 1, "owned by 1000:50\n");
        dir(n, "links", 0755, 0, 0, 2);
        for (String name : LINK_GROUP) {
            file(n, name, 0644, 0, 0, 3, "one inode, three names\n");
        }
        link(n, "links/motd", "../etc/motd");
        file(n, LONG_NAME, 0644, 0, 0, 1, "long name\n");
        file(n, "nobody-file", 0644, 65534, 65534, 1, "nobody\n");
        dir(n, "srv", 0755, 0, 0, 3);
        dir(n, "srv/shared", 02775, 65534, 65534, 2);
        dir(n, "tmp", 01777, 0, 0, 2);
        return Collections.unmodifiableList(n);
    }

    private static void dir(List<Node> n, String name, int perms, long uid, long gid, long nlink) {
        n.add(new Node(name, EntryType.DIRECTORY, perms, uid, gid, nlink, new byte[0], 0, 0));
    }

    private static void file(List<Node> n, String name, int perms, long uid, long gid, long nlink, String text) {
        n.add(new Node(name, EntryType.REGULAR, perms, uid, gid, nlink,
                text.getBytes(StandardCharsets.UTF_8), 0, 0));
    }

    private static void link(List<Node> n, String name, String target) {
        n.add(new Node(name, EntryType.SYMLINK, 0777, 0, 0, 1, target.getBytes(StandardCharsets.UTF_8), 0, 0));
    }

    /** data/big.bin as the script makes it: seq 1 20000, 400 runs of bytes 0..255, 90000 NULs, a last line. */
    static byte[] bigBin() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= 20000; i++) {
            out.writeBytes((i + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        for (int r = 0; r < 400; r++) {
            for (int b = 0; b < 256; b++) {
                out.write(b);
            }
        }
        out.writeBytes(new byte[90000]);
        out.writeBytes("end of big.bin\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
