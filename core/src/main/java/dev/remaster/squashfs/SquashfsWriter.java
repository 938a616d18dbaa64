package dev.remaster.squashfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a squashfs 4.0 image from entries added by path. The image is reproducible: names are
 * sorted byte-wise, inode numbers follow the sorted tree (children before their directory, the
 * root last), and the superblock time comes from {@link WriterOptions#modificationTime()}.
 * Data blocks are compressed on {@link WriterOptions#threads()} threads and written in order, so
 * the output does not depend on the number of threads. All-zero blocks are stored as sparse.
 * Missing parent directories are added as {@code 0755} root-owned directories.
 */
public final class SquashfsWriter {
    /** Where a file's bytes come from. */
    @FunctionalInterface
    public interface Content {
        /**
         * Opens the bytes; called once while writing.
         *
         * @return the input stream
         * @throws IOException if reading or writing fails
         */
        InputStream open() throws IOException;
    }

    /**
     * Common attributes of an entry.
     *
     * @param permissions the 12 permission bits
     * @param uid owner
     * @param gid group
     * @param mtime modification time, seconds since the epoch (32 bits)
     */
    public record Attributes(int permissions, long uid, long gid, long mtime) {
        /**
         * Checks the values.
         *
         * @param permissions the permission bits, such as 0644 (setuid, setgid and sticky included)
         * @param uid the owner's user id
         * @param gid the owner's group id
         * @param mtime the modification time, seconds since the epoch
         */
        public Attributes {
            if ((permissions & ~07777) != 0 || uid < 0 || uid > 0xffffffffL || gid < 0 || gid > 0xffffffffL
                    || mtime < 0 || mtime > 0xffffffffL) {
                throw new IllegalArgumentException("attributes out of range: " + Integer.toOctalString(permissions) + " " + uid + "/" + gid + " " + mtime);
            }
        }
    }

    private static final class Node {
        final InodeType type;
        Attributes attributes;
        final TreeMap<byte[], Node> children = new TreeMap<>(Arrays::compareUnsigned);
        Content content;
        long size;
        byte[] target;
        int device;
        int links = 1;
        long number;
        long ref = -1;
        long blocksStart;
        int[] blockSizes = new int[0];
        long fragment = -1;
        int fragmentOffset;
        long sparse;

        Node(InodeType type, Attributes attributes) {
            this.type = type;
            this.attributes = attributes;
        }
    }

    private final WriterOptions options;
    private final Node root;
    /** The first file written with each content (size and SHA-256), to store identical files once. */
    private final Map<String, Node> byContent = new java.util.HashMap<>();
    /** The end of the data written, including that of duplicates whose place was taken back. */
    private long dataEnd;

    /**
     * A writer with an empty root directory ({@code 0755}, owned by 0/0, time 0).
     *
     * @param options the options
     */
    public SquashfsWriter(WriterOptions options) {
        this.options = options;
        this.root = new Node(InodeType.DIRECTORY, new Attributes(0755, 0, 0, options.modificationTime()));
    }

    /**
     * Sets the root directory's attributes.
     *
     * @param attributes the attributes
     */
    public void root(Attributes attributes) {
        root.attributes = attributes;
    }

    /**
     * Adds (or updates the attributes of) a directory.
     *
     * @param path the path
     * @param a its permissions, owner and modification time
     */
    public void directory(String path, Attributes a) {
        Node existing = find(path);
        if (existing != null && existing.type == InodeType.DIRECTORY) {
            existing.attributes = a;
            return;
        }
        put(path, new Node(InodeType.DIRECTORY, a));
    }

    /**
     * Adds a regular file of {@code size} bytes.
     *
     * @param path the path
     * @param a its permissions, owner and modification time
     * @param size the size in bytes
     * @param content the content
     */
    public void file(String path, Attributes a, long size, Content content) {
        Node n = new Node(InodeType.FILE, a);
        n.size = size;
        n.content = content;
        put(path, n);
    }

    /**
     * Adds a symbolic link.
     *
     * @param path the path
     * @param a its permissions, owner and modification time
     * @param target the link target
     */
    public void symlink(String path, Attributes a, String target) {
        Node n = new Node(InodeType.SYMLINK, a);
        n.target = target.getBytes(StandardCharsets.UTF_8);
        if (n.target.length == 0 || n.target.length > 4096) {
            throw new IllegalArgumentException(path + ": symlink target must be 1 to 4096 bytes");
        }
        n.size = n.target.length;
        put(path, n);
    }

    /**
     * Adds a block or character device, FIFO or socket ({@code major}/{@code minor} only for devices).
     *
     * @param path the path
     * @param type the entry type
     * @param a its permissions, owner and modification time
     * @param major the device's major number
     * @param minor the device's minor number
     */
    public void special(String path, InodeType type, Attributes a, int major, int minor) {
        if (type == InodeType.FILE || type == InodeType.DIRECTORY || type == InodeType.SYMLINK) {
            throw new IllegalArgumentException(type + " is not a special file");
        }
        Node n = new Node(type, a);
        n.device = (minor & 0xff) | (major & 0xfff) << 8 | (minor & ~0xff) << 12;
        put(path, n);
    }

    /**
     * Adds {@code path} as another name of the non-directory already at {@code existing}.
     *
     * @param path the path
     * @param existing the existing
     */
    public void hardLink(String path, String existing) {
        Node target = find(existing);
        if (target == null || target.type == InodeType.DIRECTORY) {
            throw new IllegalArgumentException(path + ": hard link target " + existing + " is missing or a directory");
        }
        target.links++;
        put(path, target);
    }

    /**
     * Adds everything under a directory of the local file system (itself as the root), with
     * its modes, owners, times, device numbers and hard links as the {@code unix} file
     * attribute view gives them; symlinks are not followed.
     *
     * @param dir the directory
     * @throws IOException if reading or writing fails
     */
    public void addTree(Path dir) throws IOException {
        Map<Object, String> inodes = new java.util.HashMap<>();
        List<Path> paths;
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted().toList();
        }
        for (Path p : paths) {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,lastModifiedTime,ino,dev,rdev,nlink,size",
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            long mtime = Math.max(0, Math.min(0xffffffffL, ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).to(java.util.concurrent.TimeUnit.SECONDS)));
            Attributes at = new Attributes(mode & 07777, (Integer) a.get("uid") & 0xffffffffL, (Integer) a.get("gid") & 0xffffffffL, mtime);
            String rel = dir.relativize(p).toString();
            if (rel.isEmpty()) {
                root(at);
                continue;
            }
            int fmt = mode & 0170000;
            if (fmt != 0040000 && (Integer) a.get("nlink") > 1) {
                Object key = List.of(a.get("dev"), a.get("ino"));
                String first = inodes.putIfAbsent(key, rel);
                if (first != null) {
                    hardLink(rel, first);
                    continue;
                }
            }
            long rdev = (Long) a.get("rdev");
            int major = (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
            int minor = (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
            switch (fmt) {
                case 0040000 -> directory(rel, at);
                case 0100000 -> file(rel, at, (Long) a.get("size"), () -> Files.newInputStream(p));
                case 0120000 -> symlink(rel, at, Files.readSymbolicLink(p).toString());
                case 0060000 -> special(rel, InodeType.BLOCK_DEVICE, at, major, minor);
                case 0020000 -> special(rel, InodeType.CHAR_DEVICE, at, major, minor);
                case 0010000 -> special(rel, InodeType.FIFO, at, 0, 0);
                case 0140000 -> special(rel, InodeType.SOCKET, at, 0, 0);
                default -> throw new IOException(p + ": unknown file type " + Integer.toOctalString(fmt));
            }
        }
    }

    /**
     * Adds the entries of a cpio archive or initramfs image (trailers end link groups, as in the
     * kernel). A later entry of the same name replaces an earlier one, as the kernel's unpacker
     * does. Hard links (same inode and device, link count above 1) share one inode whichever of
     * their entries carries the data. File data is held in memory until {@link #write}.
     *
     * @param reader the reader
     * @throws IOException if reading or writing fails
     */
    public void addEntries(dev.remaster.cpio.EntryReader reader) throws IOException {
        Map<dev.remaster.cpio.LinkKey, Node> links = new java.util.HashMap<>();
        for (dev.remaster.cpio.CpioEntry e = reader.next(); e != null; e = reader.next()) {
            if (e.isTrailer()) {
                links.clear();
                continue;
            }
            String name = e.name();
            Attributes a = new Attributes(e.permissions(), e.uid(), e.gid(), Math.max(0, Math.min(0xffffffffL, e.mtime())));
            if (parts(name).isEmpty()) {
                if (e.type() == dev.remaster.cpio.EntryType.DIRECTORY) {
                    root(a);
                }
                continue;
            }
            switch (e.type()) {
                case DIRECTORY -> directory(name, a);
                case REGULAR -> {
                    byte[] data = e.size() > 0 ? e.size() > Integer.MAX_VALUE - 16
                            ? throwTooLarge(name, e.size()) : reader.data().readAllBytes() : new byte[0];
                    Node group = e.isHardLinked() ? links.get(e.linkKey()) : null;
                    if (group != null) {
                        put(name, group);
                        group.links++;
                        if (data.length > 0) {
                            group.size = data.length;
                            group.content = () -> new java.io.ByteArrayInputStream(data);
                        }
                    } else {
                        file(name, a, data.length, () -> new java.io.ByteArrayInputStream(data));
                        if (e.isHardLinked()) {
                            links.put(e.linkKey(), find(name));
                        }
                    }
                }
                case SYMLINK -> symlink(name, a, e.linkTarget().orElse(""));
                case CHAR_DEVICE -> special(name, InodeType.CHAR_DEVICE, a, (int) e.rdevMajor(), (int) e.rdevMinor());
                case BLOCK_DEVICE -> special(name, InodeType.BLOCK_DEVICE, a, (int) e.rdevMajor(), (int) e.rdevMinor());
                case FIFO -> special(name, InodeType.FIFO, a, 0, 0);
                case SOCKET -> special(name, InodeType.SOCKET, a, 0, 0);
                default -> throw new IOException(name + ": unknown file type in mode " + Integer.toOctalString(e.mode()));
            }
        }
    }

    private static byte[] throwTooLarge(String name, long size) throws IOException {
        throw new IOException(name + ": file of " + size + " bytes is too large to hold in memory");
    }

    private static List<byte[]> parts(String path) {
        List<byte[]> out = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                throw new IllegalArgumentException(path + ": '..' is not allowed");
            }
            byte[] b = p.getBytes(StandardCharsets.UTF_8);
            if (b.length > 256) {
                throw new IllegalArgumentException(path + ": name longer than 256 bytes");
            }
            out.add(b);
        }
        return out;
    }

    private Node find(String path) {
        Node at = root;
        for (byte[] p : parts(path)) {
            at = at.children.get(p);
            if (at == null) {
                return null;
            }
        }
        return at;
    }

    private void put(String path, Node node) {
        List<byte[]> parts = parts(path);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("'" + path + "' names the root");
        }
        Node at = root;
        for (int i = 0; i < parts.size() - 1; i++) {
            Node next = at.children.get(parts.get(i));
            if (next == null) {
                next = new Node(InodeType.DIRECTORY, new Attributes(0755, 0, 0, options.modificationTime()));
                at.children.put(parts.get(i), next);
            } else if (next.type != InodeType.DIRECTORY) {
                throw new IllegalArgumentException(path + ": a parent is not a directory");
            }
            at = next;
        }
        Node old = at.children.put(parts.get(parts.size() - 1), node);
        if (old != null && old.type == InodeType.DIRECTORY && node.type == InodeType.DIRECTORY) {
            node.children.putAll(old.children);
        }
    }

    /**
     * Writes the image to the channel from its current position, padded to a multiple of 4 KiB.
     *
     * @return the image's bytes_used
     * @param out the stream written to
     * @throws IOException if reading or writing fails
     */
    public long write(SeekableByteChannel out) throws IOException {
        long base = out.position();
        byContent.clear();
        dataEnd = 0;
        Compressor comp = options.compressor();
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        List<Node> order = new ArrayList<>();
        number(root, seen, order);
        long[] pos = {Superblock.SIZE};
        if (comp == Compressor.LZ4) {
            // unsquashfs requires lz4's options block: version 1 (legacy frame-less blocks), no flags.
            pos[0] += put(out, base, pos[0], new byte[] {8, (byte) 0x80, 1, 0, 0, 0, 0, 0, 0, 0});
        }
        out.position(base + pos[0]);

        List<byte[]> fragmentEntries = new ArrayList<>();
        ByteArrayOutputStream fragment = new ByteArrayOutputStream();
        List<Node> fragmentFiles = new ArrayList<>();
        ExecutorService pool = options.threads() > 1 ? Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "squashfs-compress");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            for (Node n : order) {
                if (n.type != InodeType.FILE || n.ref == -2) {
                    continue;
                }
                n.ref = -2;
                writeData(n, out, base, pos, pool, fragment, fragmentEntries, fragmentFiles);
            }
            if (fragment.size() > 0) {
                flushFragment(out, base, pos, fragment, fragmentEntries, pool);
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }

        MetadataTable inodes = new MetadataTable(comp);
        MetadataTable dirs = new MetadataTable(comp);
        Map<Long, Integer> ids = new LinkedHashMap<>();
        for (Node n : order) {
            n.ref = -1;
        }
        writeInodes(root, root, inodes, dirs, ids);

        long inodeStart = pos[0];
        pos[0] += put(out, base, inodeStart, inodes.finish());
        long dirStart = pos[0];
        pos[0] += put(out, base, dirStart, dirs.finish());

        long fragStart = Superblock.ABSENT;
        if (!fragmentEntries.isEmpty()) {
            MetadataTable ft = new MetadataTable(comp);
            List<Long> index = new ArrayList<>();
            long tableBase = pos[0];
            for (byte[] e : fragmentEntries) {
                ft.write(e);
            }
            byte[] t = ft.finish();
            pos[0] += put(out, base, pos[0], t);
            fragStart = pos[0];
            pos[0] += put(out, base, pos[0], index(t, tableBase));
        }
        MetadataTable it = new MetadataTable(comp);
        for (long id : ids.keySet()) {
            it.u32(id);
        }
        long idBase = pos[0];
        byte[] idTable = it.finish();
        pos[0] += put(out, base, pos[0], idTable);
        long idStart = pos[0];
        pos[0] += put(out, base, pos[0], index(idTable, idBase));
        long bytesUsed = pos[0];

        int flags = Superblock.FLAG_NO_XATTRS | (comp == Compressor.LZ4 ? Superblock.FLAG_COMPRESSOR_OPTIONS : 0);
        if (!options.fragments()) {
            flags |= Superblock.FLAG_NO_FRAGMENTS;
        }
        if (options.alwaysFragments()) {
            flags |= Superblock.FLAG_ALWAYS_FRAGMENTS;
        }
        ByteBuffer sb = ByteBuffer.allocate(Superblock.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        sb.putInt(Superblock.MAGIC).putInt((int) order.size()).putInt((int) options.modificationTime())
                .putInt(options.blockSize()).putInt(fragmentEntries.size()).putShort((short) comp.id())
                .putShort((short) Integer.numberOfTrailingZeros(options.blockSize())).putShort((short) flags)
                .putShort((short) ids.size()).putShort((short) 4).putShort((short) 0).putLong(root.ref)
                .putLong(bytesUsed).putLong(idStart).putLong(Superblock.ABSENT).putLong(inodeStart)
                .putLong(dirStart).putLong(fragStart).putLong(Superblock.ABSENT);
        put(out, base, 0, sb.array());
        long padded = (bytesUsed + 4095) & ~4095L;
        if (padded > bytesUsed) {
            put(out, base, bytesUsed, new byte[(int) (padded - bytesUsed)]);
        }
        if (dataEnd > padded && out.size() == base + dataEnd) {
            // the blocks of a duplicate written last reached past the image: they are not part of it
            out.truncate(base + padded);
        }
        out.position(base + padded);
        return bytesUsed;
    }

    /** Numbers inodes as they will be written: children (sorted) before their directory. */
    private static void number(Node dir, Map<Node, Boolean> seen, List<Node> order) {
        for (Node c : dir.children.values()) {
            if (seen.put(c, Boolean.TRUE) != null) {
                continue;
            }
            if (c.type == InodeType.DIRECTORY) {
                number(c, seen, order);
            } else {
                order.add(c);
                c.number = order.size();
            }
        }
        order.add(dir);
        dir.number = order.size();
    }

    private static byte[] index(byte[] table, long tableBase) {
        ByteBuffer b = ByteBuffer.allocate(8 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        while (at < table.length) {
            b.putLong(tableBase + at);
            at += 2 + (((table[at] & 0xff) | (table[at + 1] & 0xff) << 8) & 0x7fff);
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    private static long put(SeekableByteChannel out, long base, long at, byte[] b) throws IOException {
        out.position(base + at);
        ByteBuffer bb = ByteBuffer.wrap(b);
        while (bb.hasRemaining()) {
            out.write(bb);
        }
        return b.length;
    }

    private void writeData(Node n, SeekableByteChannel out, long base, long[] pos, ExecutorService pool,
            ByteArrayOutputStream fragment, List<byte[]> fragmentEntries, List<Node> fragmentFiles) throws IOException {
        int bs = options.blockSize();
        long fullBlocks = n.size / bs;
        int tail = (int) (n.size % bs);
        boolean tailToFragment = tail > 0 && options.fragments() && (fullBlocks == 0 || options.alwaysFragments());
        long blockCount = fullBlocks + (tail > 0 && !tailToFragment ? 1 : 0);
        if (blockCount > SquashfsReader.MAX_FILE_BLOCKS) {
            throw new IOException("file of " + n.size + " bytes has too many blocks");
        }
        n.blockSizes = new int[(int) blockCount];
        n.blocksStart = pos[0];
        MessageDigest digest = sha256();
        try (InputStream in = n.content == null ? InputStream.nullInputStream() : n.content.open()) {
            int batch = Math.max(1, options.threads() * 4);
            int done = 0;
            while (done < blockCount) {
                int count = (int) Math.min(batch, blockCount - done);
                List<byte[]> raw = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    int len = (int) Math.min(bs, n.size - (long) (done + i) * bs);
                    byte[] block = readExactly(in, len, n);
                    digest.update(block);
                    raw.add(block);
                }
                List<byte[]> stored = compressAll(raw, pool);
                for (int i = 0; i < count; i++) {
                    byte[] r = raw.get(i);
                    byte[] c = stored.get(i);
                    int word;
                    if (isZero(r)) {
                        word = 0;
                        n.sparse += r.length;
                    } else if (c.length < r.length) {
                        pos[0] += put(out, base, pos[0], c);
                        word = c.length;
                    } else {
                        pos[0] += put(out, base, pos[0], r);
                        word = r.length | 0x1000000;
                    }
                    n.blockSizes[done + i] = word;
                }
                done += count;
            }
            byte[] t = tailToFragment ? readExactly(in, tail, n) : null;
            if (t != null) {
                digest.update(t);
            }
            if (in.read() >= 0) {
                throw new IOException("file content is longer than its stated " + n.size + " bytes");
            }
            // a duplicate is known before its tail joins a fragment: a fragment written now would
            // lie after the blocks whose place is taken back
            Node first = n.size == 0 ? null
                    : byContent.putIfAbsent(n.size + ":" + java.util.HexFormat.of().formatHex(digest.digest()), n);
            if (first != null) {
                shareData(n, first, pos);
            } else if (t != null) {
                if (fragment.size() + tail > bs) {
                    flushFragment(out, base, pos, fragment, fragmentEntries, pool);
                }
                n.fragment = fragmentEntries.size();
                n.fragmentOffset = fragment.size();
                fragment.write(t);
            }
        }
    }

    /**
     * Makes {@code n}, whose blocks were just written, use the blocks and fragment of {@code first},
     * an earlier file with the same content, as {@code mksquashfs} does by default: the place of
     * its blocks is taken back.
     */
    private void shareData(Node n, Node first, long[] pos) {
        dataEnd = Math.max(dataEnd, pos[0]);
        pos[0] = n.blocksStart;
        n.blocksStart = first.blocksStart;
        n.blockSizes = first.blockSizes;
        n.fragment = first.fragment;
        n.fragmentOffset = first.fragmentOffset;
        n.sparse = first.sparse;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private List<byte[]> compressAll(List<byte[]> raw, ExecutorService pool) throws IOException {
        List<byte[]> out = new ArrayList<>(raw.size());
        if (pool == null || raw.size() == 1) {
            for (byte[] r : raw) {
                out.add(isZero(r) ? r : options.compressor().compress(r, 0, r.length));
            }
            return out;
        }
        List<Future<byte[]>> futures = new ArrayList<>();
        for (byte[] r : raw) {
            futures.add(pool.submit(() -> isZero(r) ? r : options.compressor().compress(r, 0, r.length)));
        }
        try {
            for (Future<byte[]> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("compressing a block failed: " + e.getCause(), e.getCause());
        }
        return out;
    }

    private void flushFragment(SeekableByteChannel out, long base, long[] pos, ByteArrayOutputStream fragment,
            List<byte[]> entries, ExecutorService pool) throws IOException {
        byte[] r = fragment.toByteArray();
        byte[] c = options.compressor().compress(r, 0, r.length);
        long start = pos[0];
        int word;
        if (c.length < r.length) {
            pos[0] += put(out, base, start, c);
            word = c.length;
        } else {
            pos[0] += put(out, base, start, r);
            word = r.length | 0x1000000;
        }
        ByteBuffer e = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(start).putInt(word).putInt(0);
        entries.add(e.array());
        fragment.reset();
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] readExactly(InputStream in, int len, Node n) throws IOException {
        byte[] b = in.readNBytes(len);
        if (b.length != len) {
            throw new IOException("file content ended after " + b.length + " bytes of a block of " + len);
        }
        return b;
    }

    private static int id(Map<Long, Integer> ids, long id) throws IOException {
        Integer i = ids.get(id);
        if (i == null) {
            if (ids.size() == 65536) {
                throw new IOException("more than 65536 distinct uids and gids");
            }
            i = ids.size();
            ids.put(id, i);
        }
        return i;
    }

    private void header(MetadataTable t, Node n, int extendedType, Map<Long, Integer> ids, boolean ext) throws IOException {
        t.u16(ext ? extendedType : extendedType - 7);
        t.u16(n.attributes.permissions());
        t.u16(id(ids, n.attributes.uid()));
        t.u16(id(ids, n.attributes.gid()));
        t.u32(n.attributes.mtime());
        t.u32(n.number);
    }

    /** Writes the inodes of a directory's tree, children first, then its listing and its inode. */
    private void writeInodes(Node dir, Node parent, MetadataTable inodes, MetadataTable dirs, Map<Long, Integer> ids)
            throws IOException {
        int subdirs = 0;
        for (Node c : dir.children.values()) {
            if (c.ref != -1) {
                continue;
            }
            if (c.type == InodeType.DIRECTORY) {
                writeInodes(c, dir, inodes, dirs, ids);
                subdirs++;
                continue;
            }
            c.ref = inodes.ref();
            int basic = c.type.basicNumber();
            switch (c.type) {
                case FILE -> {
                    boolean ext = c.links > 1 || c.blocksStart > 0xffffffffL || c.size > 0xffffffffL || c.sparse > 0;
                    header(inodes, c, 9, ids, ext);
                    long start = c.blockSizes.length == 0 ? 0 : c.blocksStart;
                    if (ext) {
                        inodes.u64(start);
                        inodes.u64(c.size);
                        inodes.u64(c.sparse);
                        inodes.u32(c.links);
                        inodes.u32(c.fragment < 0 ? 0xffffffffL : c.fragment);
                        inodes.u32(c.fragment < 0 ? 0 : c.fragmentOffset);
                        inodes.u32(0xffffffffL);
                    } else {
                        inodes.u32(start);
                        inodes.u32(c.fragment < 0 ? 0xffffffffL : c.fragment);
                        inodes.u32(c.fragment < 0 ? 0 : c.fragmentOffset);
                        inodes.u32(c.size);
                    }
                    for (int w : c.blockSizes) {
                        inodes.u32(w & 0xffffffffL);
                    }
                }
                case SYMLINK -> {
                    header(inodes, c, basic + 7, ids, false);
                    inodes.u32(c.links);
                    inodes.u32(c.target.length);
                    inodes.write(c.target);
                }
                case BLOCK_DEVICE, CHAR_DEVICE -> {
                    header(inodes, c, basic + 7, ids, false);
                    inodes.u32(c.links);
                    inodes.u32(c.device & 0xffffffffL);
                }
                default -> {
                    header(inodes, c, basic + 7, ids, false);
                    inodes.u32(c.links);
                }
            }
        }
        // The listing: runs of up to 256 entries whose inodes share a metadata block; a run also
        // ends where the directory table starts a new metadata block, and those runs are indexed.
        int listingBlock = dirs.blockStart();
        int listingOffset = dirs.offset();
        long listingSize = 0;
        ByteArrayOutputStream index = new ByteArrayOutputStream();
        int indexCount = 0;
        List<Map.Entry<byte[], Node>> entries = new ArrayList<>(dir.children.entrySet());
        int i = 0;
        int lastHeaderBlock = listingBlock;
        while (i < entries.size()) {
            Node first = entries.get(i).getValue();
            long block = first.ref >>> 16;
            int headerBlock = dirs.blockStart();
            if (headerBlock != lastHeaderBlock) {
                byte[] name = entries.get(i).getKey();
                ByteBuffer e = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt((int) listingSize).putInt(headerBlock).putInt(name.length - 1);
                index.write(e.array());
                index.write(name);
                indexCount++;
                lastHeaderBlock = headerBlock;
            }
            long at = dirs.offset() + 12L;
            int j = i;
            while (j < entries.size() && j - i < 256 && (entries.get(j).getValue().ref >>> 16) == block
                    && Math.abs(entries.get(j).getValue().number - first.number) <= 32767
                    && (j == i || at < 8192)) {
                at += 8 + entries.get(j).getKey().length;
                j++;
            }
            dirs.u32(j - i - 1);
            dirs.u32(block);
            dirs.u32(first.number);
            listingSize += 12;
            for (int k = i; k < j; k++) {
                byte[] name = entries.get(k).getKey();
                Node c = entries.get(k).getValue();
                dirs.u16((int) (c.ref & 0xffff));
                dirs.u16((int) (c.number - first.number));
                dirs.u16(c.type.basicNumber());
                dirs.u16(name.length - 1);
                dirs.write(name);
                listingSize += 8 + name.length;
            }
            i = j;
        }
        dir.ref = inodes.ref();
        long size = listingSize + 3;
        long parentNumber = dir == parent ? order(dir) + 1 : parent.number;
        if (size <= 0xffff && indexCount == 0) {
            header(inodes, dir, 8, ids, false);
            inodes.u32(listingBlock);
            inodes.u32(2 + subdirs);
            inodes.u16((int) size);
            inodes.u16(listingOffset);
            inodes.u32(parentNumber);
        } else {
            header(inodes, dir, 8, ids, true);
            inodes.u32(2 + subdirs);
            inodes.u32(size);
            inodes.u32(listingBlock);
            inodes.u32(parentNumber);
            inodes.u16(indexCount);
            inodes.u16(listingOffset);
            inodes.u32(0xffffffffL);
            inodes.write(index.toByteArray());
        }
    }

    private static long order(Node root) {
        return root.number;
    }
}
