package dev.remaster.extract;

import dev.remaster.io.FormatException;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryReader;
import dev.remaster.cpio.EntryType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * One extraction: walks the entries of a reader and writes each one under the target.
 *
 * <p>Errors: an entry refused by a safety rule or a policy (a {@link Refusal}) is skipped and
 * listed, and the run goes on. Any other file system error stops the run with an
 * {@link ExtractException} naming the entry and its header offset: a full disk or a missing
 * permission usually fails every following entry too, and a partial tree that looks complete is
 * worse than a clear stop. Format errors from the reader pass through unchanged.
 */
final class ExtractionRun {
    /** New directories are private to the owner until their own mode is applied, at the end. */
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
    private final DataWriter data;
    private final NameRules names;
    private long entries;

    ExtractionRun(TargetTree tree, ExtractOptions options, PathFilter filter) {
        this.tree = tree;
        this.options = options;
        this.filter = filter;
        this.report = new ReportBuilder(options);
        this.metadata = new MetadataWriter(options);
        this.data = new DataWriter(options, report);
        this.names = new NameRules(options);
    }

    ExtractReport run(EntryReader reader) throws IOException {
        for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
            if (e.isTrailer()) {
                closeLinkGroups(); // the kernel forgets hard links at every trailer
                continue;
            }
            if (++entries > options.limits().maxEntries()) {
                throw new ExtractLimitException(e.name(), e.headerOffset(), "maxEntries", options.limits().maxEntries(),
                        "the archive has more entries");
            }
            try {
                extract(e, reader);
            } catch (Refusal r) {
                report.skip(e, r.getMessage());
            } catch (ExtractException | FormatException x) {
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
        EntryPath path = names.check(e);
        EntryType type = e.type();
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
        boolean modeSet;
        try {
            modeSet = data.writeNew(e, p, reader.data(), metadata.permissions(e));
        } catch (FileAlreadyExistsException x) {
            makeRoom(path, p); // O_CREAT|O_EXCL found something there, a link included: clear it and retry
            modeSet = data.writeNew(e, p, reader.data(), metadata.permissions(e));
        }
        metadata.applyToCreated(p, e, modeSet);
        report.files++;
        countWithheld(e);
    }

    private void directory(CpioEntry e, EntryPath path) throws IOException, Refusal {
        if (path.isRoot() && !options.restoreOwners()) {
            // The archive's own "." would change the target directory itself (mode 0777, another
            // owner): only a faithful root file system asks for that.
            report.note(e, "the target directory keeps its own mode, owner and mtime: not asked (ExtractOptions.rootFileSystem)");
            report.directories++;
            return;
        }
        if (!path.isRoot()) {
            Path dir = tree.directory(path.parent(), true);
            Path p = TargetTree.child(dir, path.last());
            if (!createDirectory(p)) { // mkdir(2) found something there: look at what it is
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
        try {
            Files.createSymbolicLink(p, linkTarget); // the target text is stored, never looked up
        } catch (FileAlreadyExistsException x) {
            makeRoom(path, p);
            Files.createSymbolicLink(p, linkTarget);
        }
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
        LinkGroups.Group group = e.isHardLinked() ? links.of(e) : null;
        Path shared = group == null ? null : group.file(tree);
        if (shared != null && !shared.equals(p)) {
            // The kernel links a later node of the group to the first one's name (maybe_link).
            makeRoom(path, p);
            Files.createLink(p, shared);
            report.hardLinks++;
            metadata.applyToSpecial(dir, path.last(), e);
            countWithheld(e);
            return;
        }
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
        if (group != null) {
            group.anchor = path;
            group.fileKey = TargetTree.lstat(p).fileKey();
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
        Path shared = group.file(tree);
        if (!selected) {
            if (shared != null && e.size() > 0) {
                data.rewrite(e, shared, reader.data());
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
            try {
                data.writeNew(e, p, reader.data(), -1); // its mode comes with the group's last entry
            } catch (FileAlreadyExistsException x) {
                makeRoom(path, p);
                data.writeNew(e, p, reader.data(), -1);
            }
            group.anchor = path;
            group.fileKey = TargetTree.lstat(p).fileKey();
            report.files++;
        } else if (shared.equals(p)) {
            if (e.size() > 0) {
                data.rewrite(e, shared, reader.data());
            }
            report.files++;
        } else {
            makeRoom(path, p);
            Files.createLink(p, shared); // link(2) never follows; shared was checked to be our file
            if (e.size() > 0) {
                data.rewrite(e, shared, reader.data());
            }
            report.hardLinks++;
        }
        group.metadata = e;
        countWithheld(e);
    }

    /** Applies the metadata of each open hard link group to its file, and forgets the groups. */
    private void closeLinkGroups() throws IOException {
        for (LinkGroups.Group group : links.close()) {
            if (group.metadata == null || group.anchor == null) {
                continue;
            }
            CpioEntry e = group.metadata;
            try {
                Path p = group.file(tree);
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
     * Makes the directory {@code p}, private to its owner until its own mode is applied at the end.
     *
     * @return false if something (of any type, a link included) is already there
     */
    private static boolean createDirectory(Path p) throws IOException {
        try {
            Files.createDirectory(p, OWNER_ONLY_DIR);
            return true;
        } catch (FileAlreadyExistsException x) {
            return false;
        }
    }

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
        tree.removing();
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

    /**
     * Keeps a directory that exists usable by its owner until the end, when its own mode is applied.
     * Java changes a mode without following links by opening the file first, which fails on a
     * directory its owner may not read (mode 0300, 0000: a previous extraction of the same image
     * leaves those); then the mode is changed by path with chmod(2), the path having just been seen
     * by lstat to be a directory, not a link.
     */
    private static void keepUsable(Path dir) throws IOException {
        int mode = (Integer) Files.getAttribute(dir, "unix:mode", NOFOLLOW);
        if ((mode & 0700) == 0700) {
            return;
        }
        int usable = (mode & 07777) | 0700;
        try {
            Files.setAttribute(dir, "unix:mode", usable, NOFOLLOW);
        } catch (AccessDeniedException x) {
            BasicFileAttributes a = TargetTree.lstat(dir);
            if (a == null || !a.isDirectory()) {
                throw x;
            }
            Files.setAttribute(dir, "unix:mode", usable);
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
