package dev.remaster.overlay;

import dev.remaster.internal.FileModes;
import com.google.common.jimfs.Jimfs;
import dev.remaster.compress.Compression;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import dev.remaster.image.MemberObserver;
import dev.remaster.internal.ChunkRecording;
import dev.remaster.internal.ChunkEvidence;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryType;
import dev.remaster.cpio.ReadOptions;
import dev.remaster.image.ArchiveSegment;
import dev.remaster.image.ImageReader;
import dev.remaster.image.ImageWriter;
import dev.remaster.image.Member;
import dev.remaster.image.Segment;
import dev.remaster.internal.AtomicOutput;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An initramfs image opened for editing without root and without extracting it.
 *
 * <pre>{@code
 * try (EditableImage image = EditableImage.open(Path.of("core.gz"))) {
 *     FileSystem fs = image.fileSystem();
 *     Files.writeString(fs.getPath("/opt/bootlocal.sh"), "#!/bin/sh\necho hi\n");
 *     image.setOwner("/opt/bootlocal.sh", 0, 50);
 *     image.setMode("/opt/bootlocal.sh", 0775);
 *     image.createDevice("/dev/ttyS1", EntryType.CHAR_DEVICE, 0660, 4, 65);
 *     image.writeTo(Path.of("core-new.gz"), SaveOptions.defaults());
 * }
 * }</pre>
 *
 * <p><b>The view.</b> {@link #fileSystem()} is a {@link FileSystem} of the image's tree, as the
 * kernel would unpack it (later entries win). Names, contents and symbolic links are edited with
 * {@link Files}. What {@code java.nio} cannot say (numeric owners, device numbers, fifos and
 * sockets, the setuid, setgid and sticky bits) is read and set here, and this image's table, not
 * the file system's attributes, is what gets written; permission bits and mtimes changed through
 * {@code Files} are taken over too.
 *
 * <p><b>Memory.</b> Opening reads every header once but loads no file content: a file's bytes are
 * read from the source the first time they are asked for, and only files that are read or written
 * are held in memory. The cost of an opened image is its headers (a few hundred bytes per entry).
 *
 * <p><b>Writing.</b> Entries keep their order and their exact header bytes; an edited entry is
 * replaced where it stood, a new one goes right after its parent directory's entry, a deleted one
 * disappears (a hard link group that loses the link carrying its data gets it on another link).
 * Segments that no edit touches are copied byte for byte, compressed bytes included, so an image
 * with no edits is written back identical. {@link #appendTo} instead adds one small segment with
 * only the changes, which the kernel applies over the earlier ones.
 *
 * <p><b>Edits cost what they change.</b> gzip segments are written in independent chunks of about
 * 1 MiB (see {@link ImageWriter}). When such a segment (or one written by {@code pigz -i}) is
 * edited again, only the chunks holding changed entries are recompressed; the others are copied
 * as they are. The chunks are found while the image is opened and verified (one more
 * decompression of the segment) at the first write that needs them. {@link SaveOptions#recompress()}
 * turns this off.
 *
 * <p>Not thread-safe.
 */
public final class EditableImage implements Closeable {
    private final Path file;
    private final Path spool;
    private final FileChannel channel;
    private final String sourceName;
    private final ReadOptions readOptions;
    private final List<Segment> layout;
    private final List<List<SourceEntry>> sourceBySegment;
    private final FileSystem jimfs;
    private final OverlayFileSystem view;
    private final Map<Object, Node> nodes;
    private final Hydrator hydrator;
    private final ChunkIndexes chunkIndexes;
    private final LazyTree tree;
    /** How the image was read: whole, or only as far as an append needs. */
    private final Reading reading;

    /**
     * How much of the image the view holds. An image opened for an append may hold only the
     * entries up to the point its edits need ({@code partialView}); its layout is then complete
     * only if the rest was read to find where the image ends ({@code layoutComplete}), else its
     * last segment is known only to be a gzip segment Remaster wrote, from its last chunk.
     */
    record Reading(boolean partialView, boolean layoutComplete, int entriesInView) {
        static Reading whole(int entries) {
            return new Reading(false, true, entries);
        }
    }

    private EditableImage(Path file, Path spool, FileChannel channel, String sourceName, ReadOptions readOptions,
            List<Segment> layout, List<List<SourceEntry>> sourceBySegment, FileSystem jimfs,
            Map<Object, Node> nodes, Hydrator hydrator, Map<Integer, ChunkEvidence> evidence, LazyTree tree,
            Reading reading) {
        this.file = file;
        this.spool = spool;
        this.channel = channel;
        this.sourceName = sourceName;
        this.readOptions = readOptions;
        this.layout = layout;
        this.sourceBySegment = sourceBySegment;
        this.jimfs = jimfs;
        this.nodes = nodes;
        this.hydrator = hydrator;
        this.view = InitramfsFileSystemProvider.wrap(jimfs, hydrator);
        this.view.image(this);
        this.tree = tree;
        this.view.tree(tree);
        this.chunkIndexes = new ChunkIndexes(channel, layout, sourceBySegment, evidence);
        this.reading = reading;
    }

    /**
     * Opens the image file {@code file} with default limits.
     *
     * @param file the file
     * @return the editable image
     * @throws IOException if reading or writing fails
     */
    public static EditableImage open(Path file) throws IOException {
        return open(file, ReadOptions.defaults());
    }

    /**
     * Opens the image file {@code file}; {@code options} sets the limits applied while reading.
     *
     * @param file the file
     * @param options the options
     * @return the editable image
     * @throws IOException if reading or writing fails
     */
    public static EditableImage open(Path file, ReadOptions options) throws IOException {
        return open(file, null, options, null);
    }

    /**
     * Opens an image read from {@code in}. The bytes are first copied to a temporary file (deleted
     * on {@link #close()}), since writing needs to read unchanged segments again.
     *
     * @param in the stream read from
     * @param options the options
     * @return the editable image
     * @throws IOException if reading or writing fails
     */
    public static EditableImage open(InputStream in, ReadOptions options) throws IOException {
        Path spool = Files.createTempFile("remaster-", ".img");
        try {
            Files.copy(in, spool, StandardCopyOption.REPLACE_EXISTING);
            return open(spool, spool, options.sourceName() == null ? options.withSourceName("<stream>") : options, null);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(spool);
            throw e;
        }
    }

    /**
     * Opens {@code file} for edits that will be appended ({@link #appendTo}), reading only as much
     * of it as {@code scope} says the edits need. The view holds the entries up to that point; the
     * image cannot be rewritten whole ({@link #writeTo} throws {@link IllegalStateException}).
     *
     * <p>Then, if the image ends as a gzip image Remaster wrote ends (a last chunk that decodes on
     * its own, ends the deflate stream just before the gzip trailer and holds cpio entries ending
     * with a trailer), nothing more is read: the kernel will reach a segment appended after it.
     * Any other image (another writer's gzip, other compressions, plain cpio) is read on to its
     * end outside the view, every entry checked as by {@link #open(Path)}, to find where and how
     * it ends.
     *
     * <p>Not checked in the first case: the entries and bytes between the point where reading
     * stopped and the image's last chunk. An entry there that names a path the edit writes is
     * overridden by the appended segment, as the kernel applies it; damage there (which stops the
     * kernel before it reaches the appended segment) is copied as it is. {@link #open(Path)} reads
     * all. Where the scope needs every entry, the cost is that of {@link #open(Path)}.
     *
     * @param file the image
     * @param options the limits applied while reading
     * @param scope what the edits need of the image
     * @return the image, read as far as needed
     * @throws IOException if reading fails or the image is malformed where it is read
     */
    public static EditableImage openForAppend(Path file, ReadOptions options, AppendScope scope) throws IOException {
        return open(file, null, options, scope.wholeImage() ? null : AppendReach.of(scope));
    }

    private static EditableImage open(Path file, Path spool, ReadOptions options, AppendReach reach)
            throws IOException {
        String sourceName = options.sourceName() != null ? options.sourceName() : file.toString();
        ReadOptions readOptions = options.withSourceName(sourceName);
        FileSystem jimfs = Jimfs.newFileSystem(OverlayFileSystem.jimfsConfiguration());
        Map<Object, Node> nodes = new HashMap<>();
        TreeLoader loader = new TreeLoader(jimfs, nodes);
        LazyTree tree = new LazyTree(jimfs, loader);
        List<List<SourceEntry>> bySegment = new ArrayList<>();
        List<Segment> layout;
        Map<Integer, ChunkEvidence> evidence = new HashMap<>();
        // What the open's decoding learns of each gzip or zstd member (flush points, the block log),
        // so that a rewrite finds the chunks it can copy without decoding the member again.
        Map<Integer, List<Map.Entry<Long, ChunkEvidence>>> evidenceBySegment = new ConcurrentHashMap<>();
        MemberObserver recordChunks = (segmentIndex, memberOffset, decoder) -> ChunkRecording.recordIfAble(decoder,
                e -> evidenceBySegment.computeIfAbsent(segmentIndex, k -> new CopyOnWriteArrayList<>())
                        .add(Map.entry(memberOffset, e)));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        Reading reading;
        ArchiveSegment partial = null;
        int partialIndex = -1;
        try (ImageReader reader = ImageReader.open(file, readOptions, recordChunks)) {
            int archive = 0;
            int segment = -1;
            int inView = 0;
            boolean stopped = false;
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                if (reader.segmentIndex() != segment) {
                    segment = reader.segmentIndex();
                    archive = 0;
                    while (bySegment.size() <= segment) {
                        bySegment.add(null);
                    }
                    bySegment.set(segment, new ArrayList<>());
                    tree.trailer();
                }
                List<SourceEntry> list = bySegment.get(segment);
                String path = e.isTrailer() ? null : EntryPaths.toPath(e.nameBytes());
                SourceEntry s = new SourceEntry(segment, list.size(), archive, e, path);
                list.add(s);
                tree.add(s);
                inView++;
                if (e.isTrailer()) {
                    archive++;
                    tree.trailer();
                }
                if (reach != null && path != null && reach.watches(path) && reach.reached(jimfs, tree)) {
                    stopped = true;
                    break;
                }
            }
            boolean layoutComplete = true;
            if (stopped) {
                // Files read by the view (its /etc/passwd, for owner names) come from this segment:
                // as far as the view goes, it is the rest of the file.
                long start = reader.segmentOffset();
                long length = channel.size() - start;
                partial = new ArchiveSegment(start, length, reader.segmentCompression(), List.of(new Member(start, length)),
                        0, 0, 0, java.util.Set.of(), true, false);
                partialIndex = reader.segmentIndex();
            }
            if (stopped && !ChunkedGzipTail.endsAtTrailer(channel, channel.size())) {
                // Where and how the image ends is known only by reading it: every entry is still
                // checked, but none enters the view.
                while (reader.next() != null) {
                    // read on
                }
            } else if (stopped) {
                layoutComplete = false;
            }
            layout = List.copyOf(reader.segments());
            for (int i = 0; i < layout.size(); i++) {
                List<Map.Entry<Long, ChunkEvidence>> found = evidenceBySegment.get(i);
                if (layout.get(i) instanceof ArchiveSegment a && a.members().size() == 1 && found != null
                        && found.size() == 1 && found.get(0).getKey() == a.offset()) {
                    evidence.put(i, found.get(0).getValue());
                }
            }
            reading = new Reading(stopped, layoutComplete, inView);
        } catch (IOException | RuntimeException e) {
            jimfs.close();
            channel.close();
            throw e;
        }
        while (bySegment.size() < layout.size()) {
            bySegment.add(null);
        }
        for (int i = 0; i < layout.size(); i++) {
            if (layout.get(i) instanceof ArchiveSegment && bySegment.get(i) == null) {
                bySegment.set(i, new ArrayList<>());
            }
        }
        List<ArchiveSegment> archives = new ArrayList<>();
        for (Segment s : layout) {
            archives.add(s instanceof ArchiveSegment a ? a : null);
        }
        if (partial != null && partialIndex >= archives.size()) {
            while (archives.size() < partialIndex) {
                archives.add(null);
            }
            archives.add(partial);
        }
        Hydrator hydrator = new Hydrator(channel, sourceName, archives, nodes);
        return new EditableImage(file, spool, channel, sourceName, readOptions, layout, bySegment, jimfs, nodes, hydrator,
                evidence, tree, reading);
    }

    /**
     * The image's tree, for reading and editing with {@link Files}.
     *
     * @return the image's tree, for reading and editing with {@link Files}
     */
    public FileSystem fileSystem() {
        return view;
    }

    /**
     * The file this image was read from.
     *
     * @return the file this image was read from
     */
    public Path source() {
        return file;
    }

    /**
     * The source image's segments, in file order.
     *
     * @return the source image's segments, in file order
     */
    public List<Segment> segments() {
        return layout;
    }

    /**
     * What the written image will say about {@code path} (an absolute path of the view).
     *
     * @param path the path
     * @return what the written image will say about {@code path} (an absolute path of the view)
     * @throws IOException if reading or writing fails
     */
    public EntryMetadata metadata(String path) throws IOException {
        Path p = jimfs.getPath(path);
        Node n = node(p);
        long size = 0;
        Optional<String> target = Optional.empty();
        if (n.type == EntryType.SYMLINK) {
            String t = Files.readSymbolicLink(p).toString();
            target = Optional.of(t);
            size = t.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        } else if (n.type == EntryType.REGULAR) {
            size = n.pending && n.dataSource != null ? n.dataSource.header().size() : Files.size(p);
        }
        int mode = n.mode;
        long mtime = n.mtime;
        if (n.type != EntryType.SYMLINK) {
            mode = (mode & ~0777) | FileModes.mode(Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
            FileTime t = Files.getLastModifiedTime(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (n.type != EntryType.DIRECTORY && (n.populatedMtime == null || !t.equals(n.populatedMtime))) {
                mtime = t.toMillis() / 1000;
            }
        }
        return new EntryMetadata(n.type, n.type.bits() | (mode & 07777), n.uid, n.gid, mtime,
                n.type.isDevice() ? n.rdevMajor : 0, n.type.isDevice() ? n.rdevMinor : 0, size, target);
    }

    /**
     * Sets the numeric owner and group of {@code path}.
     *
     * @param path the path
     * @param uid the owner's user id
     * @param gid the owner's group id
     * @throws IOException if reading or writing fails
     */
    public void setOwner(String path, long uid, long gid) throws IOException {
        if (uid < 0 || gid < 0 || uid > 0xffffffffL || gid > 0xffffffffL) {
            throw new IllegalArgumentException("uid (" + uid + ") and gid (" + gid + ") must fit 32 bits");
        }
        Node n = node(jimfs.getPath(path));
        n.uid = uid;
        n.gid = gid;
        n.metadataChanged = true;
    }

    /**
     * Sets the permission bits of {@code path}, setuid (04000), setgid (02000) and sticky (01000) included.
     *
     * @param path the path
     * @param permissions the permission bits, such as 0644 (setuid, setgid and sticky included)
     * @throws IOException if reading or writing fails
     */
    public void setMode(String path, int permissions) throws IOException {
        if ((permissions & ~07777) != 0) {
            throw new IllegalArgumentException("permissions (0" + Integer.toOctalString(permissions)
                    + ") may only use the bits of 07777");
        }
        Path p = jimfs.getPath(path);
        Node n = node(p);
        n.mode = n.type.bits() | permissions;
        n.metadataChanged = true;
        if (n.type != EntryType.SYMLINK) {
            TreeLoader.stamp(n, p);
            n.mtime = n.populatedMtime.toMillis() / 1000;
        }
    }

    /**
     * Sets the modification time of {@code path}, in seconds since the epoch.
     *
     * @param path the path
     * @param mtime the modification time, seconds since the epoch
     * @throws IOException if reading or writing fails
     */
    public void setMtime(String path, long mtime) throws IOException {
        Path p = jimfs.getPath(path);
        Node n = node(p);
        n.mtime = mtime;
        n.metadataChanged = true;
        if (n.type != EntryType.SYMLINK) {
            TreeLoader.stamp(n, p);
        }
    }

    /**
     * Creates a character or block device node; its parent directory must exist.
     *
     * @param path the path
     * @param type the entry type
     * @param permissions the permission bits, such as 0644 (setuid, setgid and sticky included)
     * @param major the device's major number
     * @param minor the device's minor number
     * @throws IOException if reading or writing fails
     */
    public void createDevice(String path, EntryType type, int permissions, long major, long minor) throws IOException {
        if (!type.isDevice()) {
            throw new IllegalArgumentException("type (" + type + ") must be CHAR_DEVICE or BLOCK_DEVICE");
        }
        Node n = createSpecial(path, type, permissions);
        n.rdevMajor = major;
        n.rdevMinor = minor;
    }

    /**
     * Creates a named pipe; its parent directory must exist.
     *
     * @param path the path
     * @param permissions the permission bits, such as 0644 (setuid, setgid and sticky included)
     * @throws IOException if reading or writing fails
     */
    public void createFifo(String path, int permissions) throws IOException {
        createSpecial(path, EntryType.FIFO, permissions);
    }

    /**
     * Creates a Unix domain socket entry; its parent directory must exist.
     *
     * @param path the path
     * @param permissions the permission bits, such as 0644 (setuid, setgid and sticky included)
     * @throws IOException if reading or writing fails
     */
    public void createSocket(String path, int permissions) throws IOException {
        createSpecial(path, EntryType.SOCKET, permissions);
    }

    private Node createSpecial(String path, EntryType type, int permissions) throws IOException {
        Path p = jimfs.getPath(path);
        tree.materialize(p);
        if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(path);
        }
        Files.createFile(p);
        BasicFileAttributes a = TreeLoader.attributes(p);
        Node n = Node.forCreated(p, a, nodes);
        n.type = type;
        n.mode = type.bits() | (permissions & 07777);
        nodes.put(a.fileKey(), n);
        TreeLoader.stamp(n, p);
        return n;
    }

    /**
     * Puts a new file (or a file moved to a new name) in segment {@code segmentIndex} of
     * {@link #segments()}, instead of its parent directory's segment.
     *
     * @param path the path
     * @param segmentIndex the segment index
     * @throws IOException if reading or writing fails
     */
    public void placeInSegment(String path, int segmentIndex) throws IOException {
        if (segmentIndex < 0 || segmentIndex >= layout.size() || !(layout.get(segmentIndex) instanceof ArchiveSegment)) {
            throw new IllegalArgumentException("segment " + segmentIndex + " is not an archive segment of this image");
        }
        node(jimfs.getPath(path)).segmentHint = segmentIndex;
    }

    /**
     * Writes the edited image to {@code target} atomically: through a temporary file beside it,
     * moved into place only when complete. {@code target} may be the source file itself.
     *
     * @param target the link target
     * @param options the options
     * @throws IOException if reading or writing fails
     */
    public void writeTo(Path target, SaveOptions options) throws IOException {
        try (AtomicOutput out = AtomicOutput.create(target)) {
            writeTo(out.stream(), options);
            out.commit();
        }
    }

    /**
     * Writes the edited image to {@code out}, which is closed.
     *
     * @param out the stream written to
     * @param options the options
     * @throws IOException if reading or writing fails
     */
    public void writeTo(OutputStream out, SaveOptions options) throws IOException {
        requireWholeView();
        MergePlan plan = plan();
        try (ImageWriter w = ImageWriter.of(out)) {
            writer().write(plan, options, w);
        }
    }

    /**
     * Writes the source image unchanged followed by one new segment holding only the added and
     * changed entries, which the kernel applies over the earlier ones (Tiny Core's "separate
     * image" remaster). Its cost is that of the change, not of the image. The segment is
     * compressed like the last segment of the image unless {@code options} names a compression.
     *
     * @throws IOException (an {@link UnsupportedEditException}) when the edit deletes or renames
     *     something or changes its type, which a later segment cannot express
     * @param target the link target
     * @param options the options
     */
    public void appendTo(Path target, SaveOptions options) throws IOException {
        MergePlan plan = plan();
        String deleted = plan.firstDeletion();
        if (deleted != null) {
            throw new UnsupportedEditException("cannot append the edit as a new segment: '" + deleted
                    + "' is deleted, renamed or changes type, and a later segment cannot undo an earlier one;"
                    + " write the whole image instead");
        }
        Compression c = options.compression();
        if (c == null) {
            // Read only in part, the image is known to end with a gzip segment Remaster wrote.
            c = reading.layoutComplete() ? Compression.NONE : Compression.GZIP;
            for (Segment s : layout) {
                if (s instanceof ArchiveSegment a && reading.layoutComplete()) {
                    c = a.compression();
                }
            }
        }
        try (AtomicOutput out = AtomicOutput.create(target)) {
            try (ImageWriter w = ImageWriter.of(out.stream())) {
                w.copy(channel, 0, channel.size());
                writer().writeAppended(plan, c, options, w);
            }
            out.commit();
        }
    }

    /** How the image was read. */
    Reading reading() {
        return reading;
    }

    private void requireWholeView() {
        if (reading.partialView()) {
            throw new IllegalStateException("the image was read only in part, for an append: it cannot be rewritten");
        }
    }

    /**
     * Whether anything differs from the source.
     *
     * @return whether anything differs from the source
     * @throws IOException if reading or writing fails
     */
    public boolean isModified() throws IOException {
        MergePlan plan = plan();
        for (int i = 0; i < layout.size(); i++) {
            if (!plan.untouched(i)) {
                return true;
            }
        }
        return false;
    }

    private MergePlan plan() throws IOException {
        int defaultSegment = -1;
        for (int i = 0; i < sourceBySegment.size(); i++) {
            if (sourceBySegment.get(i) != null) {
                defaultSegment = i;
            }
        }
        return new MergePlanner(jimfs, nodes, sourceBySegment, defaultSegment, sourceName).plan();
    }

    private MergeWriter writer() {
        return new MergeWriter(channel, sourceName, layout, jimfs, nodes, hydrator, readOptions, chunkIndexes);
    }

    private Node node(Path p) throws IOException {
        tree.materialize(p);
        BasicFileAttributes a = TreeLoader.attributes(p);
        if (a == null) {
            throw new NoSuchFileException(p.toString());
        }
        Node n = nodes.get(a.fileKey());
        if (n == null) {
            n = Node.forCreated(p, a, nodes);
            nodes.put(a.fileKey(), n);
        }
        return n;
    }

    /** Closes the file system view and the source file; unsaved edits are dropped. */
    @Override
    public void close() throws IOException {
        try {
            view.close();
        } finally {
            closeSources();
        }
    }

    /** Closes what reads the source: decompression cursors, the file, a spooled copy. Idempotent. */
    void closeSources() throws IOException {
        try {
            hydrator.close();
            channel.close();
        } finally {
            if (spool != null) {
                Files.deleteIfExists(spool);
            }
        }
    }
}
