package dev.remaster.spec;

import dev.remaster.cpio.EntryType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Lists a directory tree in a deterministic order: depth first, each directory before its
 * contents, the entries of a directory sorted by the bytes of their UTF-8 names. Symbolic links
 * are never followed, except the root itself when it is one.
 */
final class TreeWalk {
    private static final String ATTRIBUTES = "unix:mode,ino,dev,rdev,nlink,uid,gid,size,lastModifiedTime";
    private static final Comparator<Path> BY_NAME_BYTES = (a, b) -> Arrays.compareUnsigned(
            a.getFileName().toString().getBytes(StandardCharsets.UTF_8),
            b.getFileName().toString().getBytes(StandardCharsets.UTF_8));

    private final List<TreeNode> nodes = new ArrayList<>();

    private TreeWalk() {
    }

    /** Every file under {@code root} in archive order, the root first (named {@code .}) if asked. */
    static List<TreeNode> list(Path root, boolean includeRoot) throws IOException {
        TreeNode top = read(root, ".", true);
        if (top.type() != EntryType.DIRECTORY) {
            throw new IOException(root + ": not a directory");
        }
        TreeWalk walk = new TreeWalk();
        if (includeRoot) {
            walk.nodes.add(top);
        }
        walk.visit(root, "");
        return walk.nodes;
    }

    private void visit(Path dir, String prefix) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) {
                children.add(child);
            }
        } catch (IOException e) {
            throw named(dir, e);
        }
        children.sort(BY_NAME_BYTES);
        for (Path child : children) {
            TreeNode node = read(child, prefix + child.getFileName(), false);
            nodes.add(node);
            if (node.type() == EntryType.DIRECTORY) {
                visit(child, node.name() + "/");
            }
        }
    }

    private static TreeNode read(Path path, String name, boolean followLinks) throws IOException {
        Map<String, Object> a;
        try {
            a = followLinks ? Files.readAttributes(path, ATTRIBUTES)
                    : Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            throw new IOException(path + ": this platform does not report unix file attributes", e);
        } catch (IOException e) {
            throw named(path, e);
        }
        return new TreeNode(path, name,
                (Integer) a.get("mode"),
                (Long) a.get("ino"),
                (Long) a.get("dev"),
                (Long) a.get("rdev"),
                Integer.toUnsignedLong((Integer) a.get("nlink")),
                Integer.toUnsignedLong((Integer) a.get("uid")),
                Integer.toUnsignedLong((Integer) a.get("gid")),
                (Long) a.get("size"),
                ((FileTime) a.get("lastModifiedTime")).toInstant().getEpochSecond());
    }

    /** {@code e} with the path in its message (file system exceptions already have it). */
    static IOException named(Path path, IOException e) {
        return e instanceof FileSystemException ? e : new IOException(path + ": " + e.getMessage(), e);
    }
}
