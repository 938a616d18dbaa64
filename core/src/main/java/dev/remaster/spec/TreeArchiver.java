package dev.remaster.spec;

import dev.remaster.io.FormatException;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioFormat;
import dev.remaster.cpio.CpioFormatException;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.EntryType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a directory tree on disk as cpio entries, as {@code cd DIR && find . | cpio -o -H newc}
 * would, but in a deterministic order and with options for reproducible output.
 *
 * <pre>{@code
 * TreeOptions options = TreeOptions.defaults().withOwner(new Owner(0, 0))
 *         .withMtimeClamp(sourceDateEpoch).withRenumberInodes(true);
 * try (CpioWriter out = CpioWriter.of(Files.newOutputStream(target))) {
 *     TreeArchiver.of(options).write(Path.of("rootfs"), out);
 * }
 * }</pre>
 *
 * <ul>
 * <li><b>Order and names:</b> the root first as {@code .} (optional, see
 *     {@link TreeOptions#includeRoot()}), then depth first with every directory before its
 *     contents and the entries of a directory sorted by the bytes of their UTF-8 names. Names are
 *     relative without a leading {@code ./}, as GNU cpio stores what {@code find .} lists.
 * <li><b>Types:</b> symbolic links are stored as links, never followed (only the root is followed
 *     when it is one); device nodes, fifos and sockets keep their type and, for devices, their
 *     major and minor numbers ({@code unix:rdev} split as glibc's {@code gnu_dev_major/minor}).
 * <li><b>Hard links</b> are the non-directories that share device and inode with {@code nlink > 1}.
 *     Each name is an entry with the group's inode; the content is written once, with the last
 *     name in archive order and size 0 for the others (newc, crc), or with every name (odc, whose
 *     readers expect it). The link count written is the number of names in the archive, so that a
 *     file whose other links lie outside the tree is written as an ordinary file. Directories keep
 *     their own link count.
 * <li><b>Owners, mtimes, inodes:</b> from the disk, unless {@link TreeOptions} says otherwise.
 * </ul>
 *
 * <p>File contents are streamed from the disk, never held in memory; a file of 4 GiB or more, or
 * one that changes size while it is read, fails in the writer. Errors name the path on disk. The
 * writer is neither finished nor closed here.
 */
public final class TreeArchiver {
    private final TreeOptions options;

    private TreeArchiver(TreeOptions options) {
        this.options = options;
    }

    /**
     * An archiver with the given options.
     *
     * @param options the options
     * @return an archiver with the given options
     */
    public static TreeArchiver of(TreeOptions options) {
        return new TreeArchiver(Objects.requireNonNull(options, "options"));
    }

    /**
     * The options this archiver was made with.
     *
     * @return the options this archiver was made with
     */
    public TreeOptions options() {
        return options;
    }

    /**
     * Writes every file under {@code root} (a directory) to {@code writer}.
     *
     * @param root the root directory
     * @param writer the writer
     * @throws IOException if reading or writing fails
     */
    public void write(Path root, CpioWriter writer) throws IOException {
        write(root, Set.of(), writer);
    }

    /**
     * Writes every file under {@code root} (a directory) to {@code writer} except the files
     * {@code excluded} names: the image being written and its temporary file, when they are made
     * inside the tree, must not archive themselves.
     *
     * @param root the directory to archive
     * @param excluded files left out, compared as absolute normalised paths
     * @param writer where the entries go
     * @throws IOException if the tree cannot be read or the entries written
     */
    public void write(Path root, Set<Path> excluded, CpioWriter writer) throws IOException {
        List<TreeNode> nodes = TreeWalk.list(root, options.includeRoot());
        if (!excluded.isEmpty()) {
            Set<Path> skip = new HashSet<>();
            for (Path p : excluded) {
                skip.add(p.toAbsolutePath().normalize());
            }
            nodes = new ArrayList<>(nodes);
            nodes.removeIf(n -> skip.contains(n.path().toAbsolutePath().normalize()));
        }

        // The members of each hard link group, counted, and the index of the last one.
        Map<LinkId, int[]> groups = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            TreeNode node = nodes.get(i);
            if (node.mayBeHardLinked()) {
                int[] group = groups.computeIfAbsent(new LinkId(node.dev(), node.inode()), k -> new int[2]);
                group[0]++;
                group[1] = i;
            }
        }

        boolean everyLinkHasData = writer.options().format() == CpioFormat.ODC;
        Map<LinkId, Long> renumbered = new HashMap<>();
        long nextInode = 1;
        for (int i = 0; i < nodes.size(); i++) {
            TreeNode node = nodes.get(i);
            LinkId id = new LinkId(node.dev(), node.inode());
            int[] group = node.mayBeHardLinked() ? groups.get(id) : null;
            long inode = node.inode();
            if (options.renumberInodes()) {
                if (group != null && renumbered.containsKey(id)) {
                    inode = renumbered.get(id);
                } else {
                    inode = nextInode++;
                    if (group != null) {
                        renumbered.put(id, inode);
                    }
                }
            }
            boolean carriesData = group == null || everyLinkHasData || group[1] == i;
            write(node, entry(node, inode, group == null ? node.nlink() : group[0], carriesData), writer);
        }
    }

    private CpioEntry entry(TreeNode node, long inode, long nlink, boolean carriesData) throws IOException {
        EntryType type = node.type();
        if (type == EntryType.UNKNOWN) {
            throw new IOException(node.path() + ": file type 0" + Integer.toOctalString(node.mode() & EntryType.S_IFMT)
                    + " cannot be stored in cpio");
        }
        long mtime = node.mtime();
        if (options.mtimeClamp() != null && mtime > options.mtimeClamp()) {
            mtime = options.mtimeClamp();
        }
        CpioEntry.Builder b = CpioEntry.builder(node.name())
                .mode(node.mode())
                .inode(inode)
                .uid(options.owner() == null ? node.uid() : options.owner().uid())
                .gid(options.owner() == null ? node.gid() : options.owner().gid())
                .nlink(nlink)
                .mtime(mtime);
        if (!options.renumberInodes()) {
            b.dev(DeviceNumbers.major(node.dev()), DeviceNumbers.minor(node.dev()));
        }
        if (type.isDevice()) {
            b.rdevMajor(DeviceNumbers.major(node.rdev())).rdevMinor(DeviceNumbers.minor(node.rdev()));
        } else if (type == EntryType.SYMLINK) {
            try {
                b.linkTarget(Files.readSymbolicLink(node.path()).toString());
            } catch (IOException e) {
                throw TreeWalk.named(node.path(), e);
            }
        } else if (type == EntryType.REGULAR) {
            b.size(carriesData ? node.size() : 0);
        }
        return b.build();
    }

    private static void write(TreeNode node, CpioEntry entry, CpioWriter writer) throws IOException {
        try {
            if (entry.type() == EntryType.REGULAR && entry.size() > 0) {
                writer.write(entry, node.path());
            } else {
                writer.write(entry);
            }
        } catch (FormatException e) {
            throw new CpioFormatException(node.path().toString(), e.offset(), e.field(), e.entryName(), e.detail(), e);
        } catch (IOException e) {
            throw TreeWalk.named(node.path(), e);
        }
    }

    /** What the names of one file share on disk. */
    private record LinkId(long dev, long inode) {
    }
}
