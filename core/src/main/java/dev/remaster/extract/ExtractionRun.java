package dev.remaster.extract;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioFormatException;
import dev.remaster.cpio.EntryReader;
import dev.remaster.cpio.EntryType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** One extraction: walks the entries of a reader and writes each one under the target. */
final class ExtractionRun {
    private static final Set<OpenOption> CREATE_FILE = Set.of(
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> REWRITE_FILE = Set.of(
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
    /** New files and directories are private to the owner until their own mode is applied. */
    private static final FileAttribute<?> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<?> OWNER_ONLY_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final TargetTree tree;
    private final ExtractOptions options;
    private final PathFilter filter;
    private final ReportBuilder report;
    private final MetadataWriter metadata;
    private final PendingDirectories directories = new PendingDirectories();
    private final LinkGroups links = new LinkGroups();
    private final byte[] buffer = new byte[64 * 1024];
    private long entries;

    ExtractionRun(TargetTree tree, ExtractOptions options, PathFilter filter) {
        this.tree = tree;
        this.options = options;
        this.filter = filter;
        this.report = new ReportBuilder(options);
        this.metadata = new MetadataWriter(options);
    }

    ExtractReport run(EntryReader reader) throws IOException {
        for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
            if (e.isTrailer()) {
                closeLinkGroups(); // the kernel forgets hard links at every trailer
                continue;
            }
            if (++entries > options.maxEntries()) {
                throw new ExtractLimitException(e.name(), e.headerOffset(), "maxEntries", options.maxEntries(),
                        "the archive has more entries");
            }
            try {
                extract(e, reader);
            } catch (Refusal r) {
                report.skip(e, r.getMessage());
            } catch (ExtractException | CpioFormatException x) {
                throw x;
            } catch (IOException x) {
                throw new ExtractException(e.name(), e.headerOffset(), describe(x), x);
            }
        }
        closeLinkGroups();
        directories.applyAll(tree, metadata, report);
        return report.build();
    }

    static String describe(IOException x) {
        String message = x.getMessage();
        if (x instanceof FileSystemException && ((FileSystemException) x).getReason() == null) {
            return x.getClass().getSimpleName() + ": " + message;
        }
        return message == null ? x.getClass().getSimpleName() : message;
    }

    // ---- one entry ----------------------------------------------------------------------------

    private void extract(CpioEntry e, EntryReader reader) throws IOException, Refusal {
        if (e.nameLength() + 1L > options.maxNameSize()) {
            throw new ExtractLimitException(e.name(), e.headerOffset(), "maxNameSize", options.maxNameSize(),
                    "name of " + (e.nameLength() + 1) + " bytes with its NUL");
        }
        if (!e.hasUtf8Name()) {
            throw new Refusal("name is not valid UTF-8: it cannot be written as stored");
        }
        EntryPath path = EntryPath.parse(e.name());
        if (path.dotDot()) {
            String why = "name has a '..' component, which could reach outside the target";
            if (options.dotDot() == ExtractOptions.DotDot.FAIL) {
                throw new ExtractException(e.name(), e.headerOffset(), why + " (ExtractOptions.dotDot is FAIL)", null);
            }
            throw new Refusal(why);
        }
        if (path.absolute()) {
            String why = "name is absolute";
            if (options.absoluteNames() == ExtractOptions.AbsoluteNames.FAIL) {
                throw new ExtractException(e.name(), e.headerOffset(),
                        why + " (ExtractOptions.absoluteNames is FAIL)", null);
            }
            if (options.absoluteNames() == ExtractOptions.AbsoluteNames.SKIP) {
                throw new Refusal(why + " (ExtractOptions.absoluteNames is SKIP)");
            }
        }
        if (path.depth() > options.maxDepth()) {
            throw new ExtractLimitException(e.name(), e.headerOffset(), "maxDepth", options.maxDepth(),
                    "name of " + path.depth() + " components");
        }
        EntryType type = e.type();
        if (type == EntryType.SYMLINK && e.size() > options.maxLinkTargetSize()) {
            throw new ExtractLimitException(e.name(), e.headerOffset(), "maxLinkTargetSize",
                    options.maxLinkTargetSize(), "symbolic link target of " + e.size() + " bytes");
        }
        boolean selected = filter.accepts(path.joined());
        if (type == EntryType.REGULAR && e.isHardLinked()) {
            hardLink(e, path, selected, reader);
            return;
        }
        if (!selected) {
            report.notSelected++;
            return;
        }
        if (type != EntryType.REGULAR && type != EntryType.SYMLINK && e.size() > 0) {
            throw new Refusal("a " + type + " entry with " + e.size() + " bytes of data (the kernel skips such entries)");
        }
        if (path.isRoot() && type != EntryType.DIRECTORY) {
            throw new Refusal("the name is the target directory itself, which only a directory entry may name");
        }
        noteAbsolute(e, path);
        switch (type) {
            case REGULAR:
                regularFile(e, path, reader);
                break;
            case DIRECTORY:
                directory(e, path);
                break;
            case SYMLINK:
                symlink(e, path);
                break;
            case CHAR_DEVICE:
            case BLOCK_DEVICE:
            case FIFO:
            case SOCKET:
                specialFile(e, path, type);
                break;
            default:
                throw new Refusal("unknown file type in mode 0" + Integer.toOctalString(e.mode()));
        }
    }

    private void noteAbsolute(CpioEntry e, EntryPath path) {
        if (path.absolute()) {
            report.note(e, "absolute name: extracted inside the target as '"
                    + (path.isRoot() ? "." : path.joined()) + "'");
        }
    }

    private void regularFile(CpioEntry e, EntryPath path, EntryReader reader) throws IOException, Refusal {
        Path dir = tree.directory(path.parent(), true);
        Path p = TargetTree.child(dir, path.last());
        makeRoom(path, p);
        writeNew(e, p, reader.data());
        metadata.apply(p, e);
        report.files++;
        countWithheld(e);
    }

    private void directory(CpioEntry e, EntryPath path) throws IOException, Refusal {
        if (!path.isRoot()) {
            Path dir = tree.directory(path.parent(), true);
            Path p = TargetTree.child(dir, path.last());
            BasicFileAttributes a = TargetTree.lstat(p);
            if (a != null && a.isDirectory()) {
                if (options.overwrite() == ExtractOptions.Overwrite.KEEP_EXISTING) {
                    report.directories++;
                    return; // merge into it, keep its metadata
                }
                keepUsable(p);
            } else {
                makeRoom(path, p);
                Files.createDirectory(p, OWNER_ONLY_DIR);
            }
        }
        directories.record(path, e);
        report.directories++;
        countWithheld(e);
    }

    private void symlink(CpioEntry e, EntryPath path) throws IOException, Refusal {
        byte[] raw = e.linkTargetBytes();
        int length = raw.length > 0 && raw[raw.length - 1] == 0 ? raw.length - 1 : raw.length; // gen_init_cpio's NUL
        String target;
        try {
            target = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, 0, length)).toString();
        } catch (CharacterCodingException x) {
            throw new Refusal("symbolic link target is not valid UTF-8: it cannot be written as stored");
        }
        if (target.isEmpty()) {
            throw new Refusal("symbolic link with an empty target");
        }
        Path linkTarget;
        try {
            linkTarget = Path.of(target);
        } catch (InvalidPathException x) {
            throw new Refusal("symbolic link target cannot be a path here: " + x.getReason());
        }
        Path dir = tree.directory(path.parent(), true);
        Path p = TargetTree.child(dir, path.last());
        makeRoom(path, p);
        Files.createSymbolicLink(p, linkTarget); // the target text is stored, never looked up
        metadata.applyToLink(p, e);
        report.symlinks++;
        countWithheld(e);
    }

    private void specialFile(CpioEntry e, EntryPath path, EntryType type) throws IOException, Refusal {
        if (!options.specialFilesRestored()) {
            report.withhold(type == EntryType.FIFO ? ReportBuilder.Withheld.FIFO
                    : type == EntryType.SOCKET ? ReportBuilder.Withheld.SOCKET : ReportBuilder.Withheld.DEVICE);
            return;
        }
        Path dir = tree.directory(path.parent(), true);
        Path p = TargetTree.child(dir, path.last());
        makeRoom(path, p);
        int permissions = metadata.permissions(e);
        if (type == EntryType.SOCKET) {
            SpecialFiles.makeSocket(dir, path.last(), permissions);
            report.sockets++;
        } else {
            SpecialFiles.makeNode(dir, path.last(), type, permissions, e.rdevMajor(), e.rdevMinor());
            if (type == EntryType.FIFO) {
                report.fifos++;
            } else {
                report.devices++;
            }
        }
        metadata.applyToSpecial(dir, path.last(), e);
        countWithheld(e);
    }

    /**
     * A regular file with a link count above 1, the kernel's way: the group's first extracted name
     * creates the file, later names are hard links to it, and data on any link (newc puts it on
     * the last, odc on every one) is written into the shared file. Data on a link left out by the
     * filter still goes into the group's file when one of its names was extracted.
     */
    private void hardLink(CpioEntry e, EntryPath path, boolean selected, EntryReader reader)
            throws IOException, Refusal {
        LinkGroups.Group group = links.of(e);
        Path shared = liveFile(group);
        if (!selected) {
            if (shared != null && e.size() > 0) {
                rewrite(e, shared, reader.data());
                group.metadata = e;
            } else {
                report.notSelected++;
            }
            return;
        }
        if (path.isRoot()) {
            throw new Refusal("the name is the target directory itself, which only a directory entry may name");
        }
        noteAbsolute(e, path);
        Path dir = tree.directory(path.parent(), true);
        Path p = TargetTree.child(dir, path.last());
        if (shared == null) {
            if (group.anchor != null) {
                report.note(e, "the file of its hard link group, '" + group.anchor.joined()
                        + "', was replaced by a later entry: this name starts a new file");
            }
            makeRoom(path, p);
            writeNew(e, p, reader.data());
            group.anchor = path;
            group.fileKey = TargetTree.lstat(p).fileKey();
            report.files++;
        } else if (shared.equals(p)) {
            if (e.size() > 0) {
                rewrite(e, shared, reader.data());
            }
            report.files++;
        } else {
            makeRoom(path, p);
            Files.createLink(p, shared); // link(2) never follows; shared was checked to be our file
            if (e.size() > 0) {
                rewrite(e, shared, reader.data());
            }
            report.hardLinks++;
        }
        group.metadata = e;
        countWithheld(e);
    }

    /** The group's file, if it is still the regular file this run created, reached without links. */
    private Path liveFile(LinkGroups.Group group) throws IOException {
        if (group.anchor == null) {
            return null;
        }
        try {
            Path dir = tree.directory(group.anchor.parent(), false);
            Path p = TargetTree.child(dir, group.anchor.last());
            BasicFileAttributes a = TargetTree.lstat(p);
            return a != null && a.isRegularFile() && group.fileKey.equals(a.fileKey()) ? p : null;
        } catch (Refusal r) {
            return null;
        }
    }

    /** Applies the metadata of each open hard link group to its file, and forgets the groups. */
    private void closeLinkGroups() throws IOException {
        for (LinkGroups.Group group : links.close()) {
            if (group.metadata == null || group.anchor == null) {
                continue;
            }
            CpioEntry e = group.metadata;
            try {
                Path p = liveFile(group);
                if (p == null) {
                    report.note(e, "the file of its hard link group was replaced; its metadata was not applied");
                } else {
                    metadata.apply(p, e);
                }
            } catch (IOException x) {
                throw new ExtractException(e.name(), e.headerOffset(), "applying the metadata of its hard link group: "
                        + describe(x), x);
            }
        }
    }

    // ---- writing ------------------------------------------------------------------------------

    /**
     * Clears {@code p} for a new entry, by the overwrite policy: nothing there is fine; otherwise
     * an empty directory is removed with rmdir and anything else (a symbolic link included) is
     * unlinked itself, never followed.
     */
    private void makeRoom(EntryPath path, Path p) throws IOException, Refusal {
        BasicFileAttributes a = TargetTree.lstat(p);
        if (a == null) {
            return;
        }
        if (options.overwrite() == ExtractOptions.Overwrite.KEEP_EXISTING) {
            throw new Refusal("'" + path.joined() + "' already exists (ExtractOptions.overwrite is KEEP_EXISTING)");
        }
        if (a.isDirectory()) {
            try {
                Files.delete(p);
            } catch (DirectoryNotEmptyException x) {
                throw new Refusal("a non-empty directory is in the way (a later entry replaces only files, links"
                        + " and empty directories, as in the kernel)");
            }
            directories.forget(path.components());
        } else {
            Files.delete(p);
        }
    }

    /** Keeps a directory that exists writable by its owner until the end, when its own mode is applied. */
    private static void keepUsable(Path dir) throws IOException {
        int mode = (Integer) Files.getAttribute(dir, "unix:mode", NOFOLLOW);
        if ((mode & 0700) != 0700) {
            Files.setAttribute(dir, "unix:mode", (mode & 07777) | 0700, NOFOLLOW);
        }
    }

    /** Creates {@code p}, which must not exist (O_CREAT|O_EXCL|O_NOFOLLOW), with the entry's data. */
    private void writeNew(CpioEntry e, Path p, InputStream data) throws IOException {
        requireBudget(e);
        try (FileChannel out = FileChannel.open(p, CREATE_FILE, OWNER_ONLY_FILE)) {
            copy(e, data, out);
        }
    }

    /** Writes the entry's data over the content of a hard link group's file. */
    private void rewrite(CpioEntry e, Path p, InputStream data) throws IOException {
        requireBudget(e);
        try (FileChannel out = FileChannel.open(p, REWRITE_FILE)) {
            copy(e, data, out);
        }
    }

    private void requireBudget(CpioEntry e) throws ExtractLimitException {
        if (e.size() > options.maxTotalBytes() - report.bytesWritten) {
            throw new ExtractLimitException(e.name(), e.headerOffset(), "maxTotalBytes", options.maxTotalBytes(),
                    "its " + e.size() + " bytes would bring the data written to " + (report.bytesWritten + e.size())
                            + " bytes");
        }
    }

    private void copy(CpioEntry e, InputStream data, FileChannel out) throws IOException {
        long left = e.size();
        while (left > 0) {
            int n = data.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new ExtractException(e.name(), e.headerOffset(), "data ends after " + (e.size() - left)
                        + " of " + e.size() + " bytes", null);
            }
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
            left -= n;
            report.bytesWritten += n;
        }
        if (options.fsync()) {
            out.force(true);
        }
    }

    private void countWithheld(CpioEntry e) {
        if (!options.ownersRestored()) {
            report.withhold(ReportBuilder.Withheld.OWNER);
        }
        if ((e.permissions() & 07000) != 0 && e.type() != EntryType.SYMLINK && !options.specialBitsRestored()) {
            report.withhold(ReportBuilder.Withheld.SPECIAL_BITS);
        }
    }
}
