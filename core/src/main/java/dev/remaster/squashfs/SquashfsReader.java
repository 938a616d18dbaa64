package dev.remaster.squashfs;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a squashfs 4.0 image: inodes of every type, directory listings, file data (blocks,
 * sparse blocks and fragment tails), the id, fragment, export and xattr tables. Tables are read
 * lazily through their indexes, and at most a few decompressed metadata and fragment blocks are
 * cached, so memory stays bounded whatever the image's size. Every malformed structure is a
 * {@link SquashfsFormatException} naming the byte offset.
 *
 * <p>Not thread-safe; open one reader per thread.
 */
public final class SquashfsReader implements Closeable {
    private static final int METADATA_SIZE = 8192;
    private static final int CACHED_METADATA = 64;
    private static final int CACHED_FRAGMENTS = 4;
    /** Most data blocks one file may have (16 GiB at 4 KiB blocks, 4 TiB at 1 MiB). */
    static final int MAX_FILE_BLOCKS = 1 << 22;
    /** Most names one walk returns. */
    static final int MAX_ENTRIES = 4_000_000;
    /** Deepest directory nesting a walk follows. */
    static final int MAX_DEPTH = 1024;

    private final SeekableByteChannel channel;
    private final String source;
    private final long channelSize;
    private final Superblock superblock;
    private final Map<Long, byte[]> metadataCache = lru(CACHED_METADATA);
    private final Map<Long, byte[]> fragmentCache = lru(CACHED_FRAGMENTS);
    private final byte[] compressedBuffer;

    private SquashfsReader(SeekableByteChannel channel, String source) throws IOException {
        this.channel = channel;
        this.source = source;
        this.channelSize = channel.size();
        byte[] head = new byte[(int) Math.min(Superblock.SIZE, channelSize)];
        readFully(0, head, 0, head.length);
        this.superblock = Superblock.parse(head, source, channelSize);
        this.compressedBuffer = new byte[superblock.blockSize()];
    }

    /**
     * Opens an image file.
     *
     * @throws SquashfsFormatException when it is not a readable squashfs 4.0 image
     * @param file the file
     * @return the squashfs reader
     */
    public static SquashfsReader open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new SquashfsReader(ch, file.toString());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Reads an image from a channel, which the reader closes when it is closed.
     *
     * @param source the image's name for messages, or {@code null}
     * @param channel the channel
     * @return an image from a channel, which the reader closes when it is closed
     * @throws IOException if reading or writing fails
     */
    public static SquashfsReader of(SeekableByteChannel channel, String source) throws IOException {
        return new SquashfsReader(channel, source);
    }

    /**
     * The image's superblock.
     *
     * @return the image's superblock
     */
    public Superblock superblock() {
        return superblock;
    }

    /**
     * The root directory's inode.
     *
     * @return the root directory's inode
     * @throws IOException if reading or writing fails
     */
    public Inode root() throws IOException {
        return inode(superblock.rootInode());
    }

    // ---- raw access ----

    private void readFully(long pos, byte[] b, int off, int len) throws IOException {
        if (pos < 0 || pos + len > channelSize) {
            throw error(pos, null, "read of " + len + " bytes is past the end of the image (" + channelSize + " bytes)");
        }
        ByteBuffer bb = ByteBuffer.wrap(b, off, len);
        channel.position(pos);
        while (bb.hasRemaining()) {
            if (channel.read(bb) < 0) {
                throw error(pos, null, "image ends early");
            }
        }
    }

    private SquashfsFormatException error(long offset, String entry, String detail) {
        return new SquashfsFormatException(source, offset, entry, detail);
    }

    private long u64At(long pos) throws IOException {
        byte[] b = new byte[8];
        readFully(pos, b, 0, 8);
        return ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** One metadata block at {@code pos}: its uncompressed bytes; its stored length is read again by {@link #metadataEnd}. */
    private byte[] metadata(long pos) throws IOException {
        byte[] cached = metadataCache.get(pos);
        if (cached != null) {
            return cached;
        }
        byte[] h = new byte[2];
        readFully(pos, h, 0, 2);
        int header = (h[0] & 0xff) | (h[1] & 0xff) << 8;
        int len = header & 0x7fff;
        boolean uncompressed = (header & 0x8000) != 0;
        if (len == 0 || len > METADATA_SIZE) {
            throw error(pos, null, "metadata block length " + len + " is not 1 to 8192");
        }
        byte[] stored = new byte[len];
        readFully(pos + 2, stored, 0, len);
        byte[] out;
        if (uncompressed) {
            out = stored;
        } else {
            byte[] buf = new byte[METADATA_SIZE];
            int n;
            try {
                n = superblock.compressor().decompress(stored, 0, len, buf, METADATA_SIZE);
            } catch (IOException e) {
                throw new SquashfsFormatException(source, pos, null, "metadata block: " + e.getMessage(), e);
            }
            out = java.util.Arrays.copyOf(buf, n);
        }
        metadataCache.put(pos, out);
        return out;
    }

    private long metadataEnd(long pos) throws IOException {
        byte[] h = new byte[2];
        readFully(pos, h, 0, 2);
        return pos + 2 + (((h[0] & 0xff) | (h[1] & 0xff) << 8) & 0x7fff);
    }

    /** Reads across consecutive metadata blocks, as inode and directory tables need. */
    private final class Cursor {
        private final long limit;
        private long block;
        private int offset;
        private byte[] data;

        Cursor(long block, int offset, long limit) throws IOException {
            if (block >= limit) {
                throw error(block, null, "metadata reference points past its table (ends at " + limit + ")");
            }
            this.block = block;
            this.offset = offset;
            this.limit = limit;
            this.data = metadata(block);
            if (offset > data.length) {
                throw error(block, null, "offset " + offset + " is past the metadata block's " + data.length + " bytes");
            }
        }

        long position() {
            return block;
        }

        void read(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (offset == data.length) {
                    long next = metadataEnd(block);
                    if (next >= limit) {
                        throw error(block, null, "metadata runs past the end of its table at " + limit);
                    }
                    block = next;
                    offset = 0;
                    data = metadata(block);
                }
                int n = Math.min(len, data.length - offset);
                System.arraycopy(data, offset, b, off, n);
                offset += n;
                off += n;
                len -= n;
            }
        }

        byte[] bytes(int n) throws IOException {
            byte[] b = new byte[n];
            read(b, 0, n);
            return b;
        }

        int u16() throws IOException {
            byte[] b = bytes(2);
            return (b[0] & 0xff) | (b[1] & 0xff) << 8;
        }

        long u32() throws IOException {
            byte[] b = bytes(4);
            return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xffL) << 24;
        }

        long u64() throws IOException {
            return u32() | u32() << 32;
        }
    }

    /** Entry {@code index} of {@code entrySize} bytes of an indexed table (ids, fragments, export, xattr ids). */
    private Cursor tableEntry(String table, long indexStart, long index, int entrySize, long tableEnd) throws IOException {
        long byteOffset = index * entrySize;
        long pointerPos = indexStart + 8 * (byteOffset / METADATA_SIZE);
        if (pointerPos + 8 > superblock.bytesUsed()) {
            throw error(indexStart, null, table + " table index entry for " + index + " is past the image");
        }
        long block = u64At(pointerPos);
        if (block < Superblock.SIZE || block >= tableEnd) {
            throw error(pointerPos, null, table + " table points to " + Long.toUnsignedString(block) + ", outside the image");
        }
        return new Cursor(block, (int) (byteOffset % METADATA_SIZE), tableEnd);
    }

    /** The uid or gid at {@code index} of the id table. */
    long id(int index) throws IOException {
        if (index >= superblock.idCount()) {
            throw error(superblock.idTableStart(), null, "id index " + index + " is past the id table's " + superblock.idCount() + " entries");
        }
        return tableEntry("id", superblock.idTableStart(), index, 4, superblock.idTableStart()).u32();
    }

    // ---- inodes ----

    /**
     * Reads the inode at a reference (metadata block relative to the inode table, shifted left 16, or'ed with the offset).
     *
     * @throws SquashfsFormatException when the inode is malformed
     * @param ref the ref
     * @return the inode at a reference (metadata block relative to the inode table, shifted left 16, or'ed with the offset)
     */
    public Inode inode(long ref) throws IOException {
        long blockPos = superblock.inodeTableStart() + (ref >>> 16);
        int off = (int) (ref & 0xffff);
        if ((ref >>> 16) > 0xffffffffL || blockPos >= superblock.directoryTableStart() || off >= METADATA_SIZE) {
            throw error(superblock.inodeTableStart(), null, "inode reference 0x" + Long.toHexString(ref) + " is outside the inode table");
        }
        Cursor c = new Cursor(blockPos, off, superblock.directoryTableStart());
        int typeNumber = c.u16();
        InodeType type = InodeType.ofNumber(typeNumber);
        if (type == null) {
            throw error(blockPos, null, "inode 0x" + Long.toHexString(ref) + " has unknown type " + typeNumber);
        }
        boolean ext = typeNumber > 7;
        int perm = c.u16() & 07777;
        long uid = id(c.u16());
        long gid = id(c.u16());
        long mtime = c.u32();
        long number = c.u32();
        if (number == 0 || number > superblock.inodeCount()) {
            throw error(blockPos, null, "inode number " + number + " is outside 1.." + superblock.inodeCount());
        }
        long nlink = 1, size = 0, start = 0, frag = -1, offset = 0, sparse = 0, parent = 0, xattr = -1;
        int[] blocks = new int[0];
        byte[] target = null;
        int device = 0;
        switch (type) {
            case DIRECTORY -> {
                if (!ext) {
                    start = c.u32();
                    nlink = c.u32();
                    size = c.u16();
                    offset = c.u16();
                    parent = c.u32();
                } else {
                    nlink = c.u32();
                    size = c.u32();
                    start = c.u32();
                    parent = c.u32();
                    int indexCount = c.u16();
                    offset = c.u16();
                    xattr = xattrField(c.u32());
                    for (int i = 0; i < indexCount; i++) {
                        c.u32();
                        c.u32();
                        long nameSize = c.u32();
                        if (nameSize > 255) {
                            throw error(c.position(), null, "directory index name of " + (nameSize + 1) + " bytes is longer than 256");
                        }
                        c.bytes((int) nameSize + 1);
                    }
                }
                if (offset >= METADATA_SIZE) {
                    throw error(blockPos, null, "directory listing offset " + offset + " is past a metadata block");
                }
            }
            case FILE -> {
                if (!ext) {
                    start = c.u32();
                    frag = c.u32();
                    offset = c.u32();
                    size = c.u32();
                } else {
                    start = c.u64();
                    size = c.u64();
                    sparse = c.u64();
                    nlink = c.u32();
                    frag = c.u32();
                    offset = c.u32();
                    xattr = xattrField(c.u32());
                }
                if (frag == 0xffffffffL) {
                    frag = -1;
                }
                if (size < 0) {
                    throw error(blockPos, null, "file size " + Long.toUnsignedString(size) + " is too large");
                }
                long count = frag == -1 ? (size + superblock.blockSize() - 1) >>> superblock.blockLog() : size >>> superblock.blockLog();
                if (count > MAX_FILE_BLOCKS) {
                    throw error(blockPos, null, "file of " + size + " bytes has " + count + " blocks, more than the limit " + MAX_FILE_BLOCKS);
                }
                if (frag != -1 && (frag >= superblock.fragmentCount() || offset >= superblock.blockSize())) {
                    throw error(blockPos, null, "fragment " + frag + " at offset " + offset + " is outside the fragment table");
                }
                blocks = new int[(int) count];
                for (int i = 0; i < count; i++) {
                    blocks[i] = (int) c.u32();
                }
            }
            case SYMLINK -> {
                nlink = c.u32();
                size = c.u32();
                if (size > 4096) {
                    throw error(blockPos, null, "symlink target of " + size + " bytes is longer than 4096");
                }
                target = c.bytes((int) size);
                if (ext) {
                    xattr = xattrField(c.u32());
                }
            }
            case BLOCK_DEVICE, CHAR_DEVICE -> {
                nlink = c.u32();
                device = (int) c.u32();
                if (ext) {
                    xattr = xattrField(c.u32());
                }
            }
            case FIFO, SOCKET -> {
                nlink = c.u32();
                if (ext) {
                    xattr = xattrField(c.u32());
                }
            }
        }
        return new Inode(ref, type, ext, perm, uid, gid, mtime, number, nlink, size, start, frag, offset, blocks,
                sparse, parent, target, device, xattr);
    }

    private static long xattrField(long v) {
        return v == 0xffffffffL ? -1 : v;
    }

    // ---- directories ----

    /**
     * Lists a directory in stored (sorted) order, without "." and "..".
     *
     * @throws SquashfsFormatException when the listing is malformed
     * @param dir the directory
     * @return the directory entrys
     */
    public List<DirectoryEntry> list(Inode dir) throws IOException {
        if (!dir.isDirectory()) {
            throw new IllegalArgumentException("inode " + dir.number() + " is not a directory");
        }
        List<DirectoryEntry> out = new ArrayList<>();
        if (dir.size() <= 3) {
            return out;
        }
        long listing = dir.size() - 3;
        long blockPos = superblock.directoryTableStart() + dir.blocksStart();
        long tableEnd = firstTableAfter(superblock.directoryTableStart());
        Cursor c = new Cursor(blockPos, (int) dir.offset(), tableEnd);
        long read = 0;
        while (read < listing) {
            if (listing - read < 12) {
                throw error(c.position(), null, "directory listing of inode " + dir.number() + " ends inside a header");
            }
            long count = c.u32() + 1;
            long start = c.u32();
            long base = c.u32();
            read += 12;
            if (count > 256) {
                throw error(c.position(), null, "directory header of inode " + dir.number() + " counts " + count + " entries, more than 256");
            }
            for (int i = 0; i < count; i++) {
                if (listing - read < 8) {
                    throw error(c.position(), null, "directory listing of inode " + dir.number() + " ends inside an entry");
                }
                int off = c.u16();
                int delta = (short) c.u16();
                int typeNumber = c.u16();
                int nameSize = c.u16() + 1;
                read += 8 + nameSize;
                if (nameSize > 256 || read > listing) {
                    throw error(c.position(), null, "directory entry name of " + nameSize + " bytes runs past the listing of inode " + dir.number());
                }
                String name = new String(c.bytes(nameSize), StandardCharsets.UTF_8);
                InodeType type = InodeType.ofNumber(typeNumber);
                if (type == null) {
                    throw error(c.position(), name, "directory entry has unknown type " + typeNumber);
                }
                if (name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
                    throw error(c.position(), name, "directory entry name is not a plain file name");
                }
                if (out.size() >= MAX_ENTRIES) {
                    throw error(c.position(), name, "directory has more than " + MAX_ENTRIES + " entries");
                }
                out.add(new DirectoryEntry(name, type, start << 16 | off, base + delta));
            }
        }
        return out;
    }

    private long firstTableAfter(long pos) {
        long end = superblock.bytesUsed();
        for (long t : new long[] {superblock.fragmentTableStart(), superblock.exportTableStart(),
                superblock.idTableStart(), superblock.xattrIdTableStart()}) {
            if (t != Superblock.ABSENT && t > pos && t < end) {
                end = t;
            }
        }
        return end;
    }

    /**
     * Walks the whole tree depth-first in stored order: the root ("" path) first, each directory
     * before its contents.
     *
     * @throws SquashfsFormatException when a directory is malformed, loops, nests too deep or the
     *         image has too many entries
     * @return the squashfs entrys
     */
    public List<SquashfsEntry> walk() throws IOException {
        List<SquashfsEntry> out = new ArrayList<>();
        Set<Long> seenDirs = new HashSet<>();
        Deque<SquashfsEntry> stack = new ArrayDeque<>();
        stack.push(new SquashfsEntry("", root()));
        while (!stack.isEmpty()) {
            SquashfsEntry e = stack.pop();
            out.add(e);
            if (out.size() > MAX_ENTRIES) {
                throw error(superblock.directoryTableStart(), e.path(), "image has more than " + MAX_ENTRIES + " entries");
            }
            if (e.inode().isDirectory()) {
                if (!seenDirs.add(e.inode().ref())) {
                    throw error(superblock.directoryTableStart(), e.path(), "directory appears twice in the tree (a loop)");
                }
                if (e.path().chars().filter(ch -> ch == '/').count() >= MAX_DEPTH) {
                    throw error(superblock.directoryTableStart(), e.path(), "directories nest deeper than " + MAX_DEPTH);
                }
                List<DirectoryEntry> children = list(e.inode());
                for (int i = children.size() - 1; i >= 0; i--) {
                    DirectoryEntry d = children.get(i);
                    String path = e.path().isEmpty() ? d.name() : e.path() + "/" + d.name();
                    Inode child = inode(d.inodeRef());
                    if (child.type() != d.type() || child.number() != d.inodeNumber()) {
                        throw error(superblock.inodeTableStart() + (d.inodeRef() >>> 16), path,
                                "directory entry says " + d.type() + " inode " + d.inodeNumber() + " but the inode is " + child.type() + " " + child.number());
                    }
                    stack.push(new SquashfsEntry(path, child));
                }
            }
        }
        return out;
    }

    /**
     * Finds an inode by path ("" or "/" for the root), or returns {@code null}.
     *
     * @param path the path
     * @return the inode
     * @throws IOException if reading or writing fails
     */
    public Inode lookup(String path) throws IOException {
        Inode at = root();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (!at.isDirectory()) {
                return null;
            }
            Inode next = null;
            for (DirectoryEntry d : list(at)) {
                if (d.name().equals(part)) {
                    next = inode(d.inodeRef());
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            at = next;
        }
        return at;
    }

    /**
     * Resolves an inode number through the export table, when the image has one.
     *
     * @param number the number
     * @return the inode
     * @throws IOException if reading or writing fails
     */
    public Inode inodeByNumber(long number) throws IOException {
        if (superblock.exportTableStart() == Superblock.ABSENT) {
            throw new IllegalStateException("image has no export table");
        }
        if (number < 1 || number > superblock.inodeCount()) {
            throw new IllegalArgumentException("inode number " + number + " outside 1.." + superblock.inodeCount());
        }
        long ref = tableEntry("export", superblock.exportTableStart(), number - 1, 8, superblock.exportTableStart()).u64();
        return inode(ref);
    }

    // ---- file data ----

    /**
     * Opens a regular file's contents. The stream reads one block at a time.
     *
     * @param file the file
     * @return the input stream
     * @throws IOException if reading or writing fails
     */
    public InputStream open(Inode file) throws IOException {
        if (file.type() != InodeType.FILE) {
            throw new IllegalArgumentException("inode " + file.number() + " is not a regular file");
        }
        return new FileStream(file);
    }

    /**
     * Reads a regular file's contents whole; for small files.
     *
     * @param file the file
     * @return a regular file's contents whole; for small files
     * @throws IOException if reading or writing fails
     */
    public byte[] readAll(Inode file) throws IOException {
        if (file.size() > Integer.MAX_VALUE - 16) {
            throw new IOException("file of " + file.size() + " bytes is too large to read into memory");
        }
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        }
    }

    /** Decompresses data block {@code i} of {@code file} into {@code out}, returning its length. */
    int dataBlock(Inode file, long pos, int word, int expected, byte[] out) throws IOException {
        int len = word & 0xffffff;
        if (len == 0) {
            java.util.Arrays.fill(out, 0, expected, (byte) 0);
            return expected;
        }
        if (len > superblock.blockSize() || pos + len > superblock.bytesUsed()) {
            throw error(pos, "inode " + file.number(), "data block of " + len + " bytes is too long or past the image");
        }
        if ((word & 0x1000000) != 0) {
            if (len != expected) {
                throw error(pos, "inode " + file.number(), "uncompressed block of " + len + " bytes where " + expected + " were expected");
            }
            readFully(pos, out, 0, len);
            return len;
        }
        readFully(pos, compressedBuffer, 0, len);
        int n;
        try {
            n = superblock.compressor().decompress(compressedBuffer, 0, len, out, superblock.blockSize());
        } catch (IOException e) {
            throw new SquashfsFormatException(source, pos, "inode " + file.number(), "data block: " + e.getMessage(), e);
        }
        if (n != expected) {
            throw error(pos, "inode " + file.number(), "data block decompresses to " + n + " bytes where " + expected + " were expected");
        }
        return n;
    }

    byte[] fragmentBlock(long index) throws IOException {
        byte[] cached = fragmentCache.get(index);
        if (cached != null) {
            return cached;
        }
        Cursor c = tableEntry("fragment", superblock.fragmentTableStart(), index, 16, superblock.fragmentTableStart());
        long start = c.u64();
        int word = (int) c.u32();
        int len = word & 0xffffff;
        if (len == 0 || len > superblock.blockSize() || start < Superblock.SIZE || start + len > superblock.bytesUsed()) {
            throw error(c.position(), null, "fragment " + index + " of " + len + " bytes at " + start + " is outside the image");
        }
        byte[] out;
        if ((word & 0x1000000) != 0) {
            out = new byte[len];
            readFully(start, out, 0, len);
        } else {
            readFully(start, compressedBuffer, 0, len);
            byte[] buf = new byte[superblock.blockSize()];
            int n;
            try {
                n = superblock.compressor().decompress(compressedBuffer, 0, len, buf, buf.length);
            } catch (IOException e) {
                throw new SquashfsFormatException(source, start, null, "fragment block " + index + ": " + e.getMessage(), e);
            }
            out = java.util.Arrays.copyOf(buf, n);
        }
        fragmentCache.put(index, out);
        return out;
    }

    private final class FileStream extends InputStream {
        private final Inode file;
        private final byte[] block = new byte[superblock.blockSize()];
        private long remaining;
        private long nextPos;
        private int nextBlock;
        private byte[] current;
        private int currentOff;
        private int currentLen;

        FileStream(Inode file) {
            this.file = file;
            this.remaining = file.size();
            this.nextPos = file.blocksStart();
        }

        private boolean fill() throws IOException {
            if (currentOff < currentLen) {
                return true;
            }
            if (remaining == 0) {
                return false;
            }
            int[] sizes = file.blockSizes();
            if (nextBlock < sizes.length) {
                int expected = (int) Math.min(superblock.blockSize(), remaining);
                int word = sizes[nextBlock++];
                currentLen = dataBlock(file, nextPos, word, expected, block);
                nextPos += word & 0xffffff;
                current = block;
            } else if (file.fragment() >= 0) {
                byte[] frag = fragmentBlock(file.fragment());
                long end = file.offset() + remaining;
                if (end > frag.length) {
                    throw error(superblock.fragmentTableStart(), "inode " + file.number(),
                            "tail of " + remaining + " bytes at offset " + file.offset() + " is past fragment " + file.fragment() + "'s " + frag.length + " bytes");
                }
                current = frag;
                currentOff = (int) file.offset();
                currentLen = (int) end;
                remaining -= currentLen - currentOff;
                return true;
            } else {
                throw error(file.blocksStart(), "inode " + file.number(), "file has " + remaining + " bytes more than its blocks hold");
            }
            currentOff = 0;
            remaining -= currentLen;
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? current[currentOff++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, currentLen - currentOff);
            System.arraycopy(current, currentOff, b, off, n);
            currentOff += n;
            return n;
        }
    }

    // ---- xattrs ----

    /**
     * The extended attributes of an inode ("user.x", "security.y", ...), in stored order; empty
     * when it has none.
     *
     * @param inode the inode
     * @return the extended attributes of an inode ("user.x", "security.y", ...), in stored order; empty when it has none
     * @throws IOException if reading or writing fails
     */
    public Map<String, byte[]> xattrs(Inode inode) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        long tableStart = superblock.xattrIdTableStart();
        if (inode.xattrIndex() < 0 || tableStart == Superblock.ABSENT) {
            return out;
        }
        if (tableStart + 16 > superblock.bytesUsed()) {
            throw error(tableStart, null, "xattr id table header is past the image");
        }
        long kvStart = u64At(tableStart);
        long ids = u64At(tableStart + 8) & 0xffffffffL;
        if (inode.xattrIndex() >= ids) {
            throw error(tableStart, "inode " + inode.number(), "xattr index " + inode.xattrIndex() + " is past the table's " + ids + " entries");
        }
        if (kvStart < Superblock.SIZE || kvStart >= tableStart) {
            throw error(tableStart, null, "xattr table start " + kvStart + " is outside the image");
        }
        Cursor id = tableEntry("xattr id", tableStart + 16, inode.xattrIndex(), 16, tableStart);
        long ref = id.u64();
        long count = id.u32();
        if (count > 1024) {
            throw error(id.position(), "inode " + inode.number(), "inode has " + count + " xattrs, more than 1024");
        }
        Cursor c = new Cursor(kvStart + (ref >>> 16), (int) (ref & 0xffff), tableStart);
        for (int i = 0; i < count; i++) {
            int type = c.u16();
            int nameSize = c.u16();
            String prefix = switch (type & 0xff) {
                case 0 -> "user.";
                case 1 -> "trusted.";
                case 2 -> "security.";
                default -> throw error(c.position(), "inode " + inode.number(), "unknown xattr prefix " + (type & 0xff));
            };
            String name = prefix + new String(c.bytes(nameSize), StandardCharsets.UTF_8);
            long valueSize = c.u32();
            byte[] value;
            if ((type & 0x100) != 0) {
                if (valueSize != 8) {
                    throw error(c.position(), name, "out-of-line xattr reference of " + valueSize + " bytes, not 8");
                }
                long vref = c.u64();
                Cursor v = new Cursor(kvStart + (vref >>> 16), (int) (vref & 0xffff), tableStart);
                long size = v.u32();
                if (size > 65536) {
                    throw error(v.position(), name, "xattr value of " + size + " bytes is longer than 65536");
                }
                value = v.bytes((int) size);
            } else {
                if (valueSize > 65536) {
                    throw error(c.position(), name, "xattr value of " + valueSize + " bytes is longer than 65536");
                }
                value = c.bytes((int) valueSize);
            }
            out.put(name, value);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static <K, V> Map<K, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }
}
