package dev.remaster.kernel;

import dev.remaster.compress.Compression;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioFormat;
import dev.remaster.cpio.EntryType;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * The entry rules of init/initramfs.c, replayed on a {@link SimulatedRootfs}: which entries the
 * kernel skips (names over PATH_MAX, targets over 4096 bytes, special files with data, unknown
 * types), where creation fails (missing parents, paths through files, non-empty directories in the
 * way), what duplicates do (clean_path, then create), how hard links resolve
 * ({@link HardLinkTable}), and where the early loaders look (lib/earlycpio.c).
 */
final class EntryReplay {
    /** PATH_MAX: the longest name (with its NUL) and symbolic link target the kernel unpacks. */
    static final int PATH_MAX = 4096;

    private final Findings findings;
    private final SimulatedRootfs rootfs = new SimulatedRootfs();
    private final HardLinkTable links;
    private final Set<CpioFormat> reportedFormats = EnumSet.noneOf(CpioFormat.class);

    EntryReplay(Findings findings) {
        this.findings = findings;
        this.links = new HardLinkTable(findings);
    }

    /** Replays one entry of {@code segment}; {@code early} says whether the early loaders see it. */
    void entry(CpioEntry e, int segment, Compression compression, boolean early) {
        formatRules(e, segment);
        if (e.isTrailer()) {
            links.endArchive();
            reportedFormats.clear();
            return;
        }
        String name = e.name();
        long offset = e.headerOffset();
        if (e.nameLength() + 1 > PATH_MAX) {
            findings.entry(Severity.ERROR, LintCode.NAME_TOO_LONG, segment, shorten(name), offset,
                    "name of " + (e.nameLength() + 1) + " bytes with its NUL, over PATH_MAX (" + PATH_MAX
                            + "): the kernel skips the entry");
            return;
        }
        EntryType type = e.type();
        if (type == EntryType.SYMLINK && e.size() > PATH_MAX) {
            findings.entry(Severity.ERROR, LintCode.LINK_TARGET_TOO_LONG, segment, name, offset,
                    "symbolic link target of " + e.size() + " bytes, over " + PATH_MAX + ": the kernel skips the entry");
            return;
        }
        if (type != EntryType.SYMLINK && type != EntryType.REGULAR && e.size() > 0) {
            findings.entry(Severity.ERROR, LintCode.DATA_ON_SPECIAL_FILE, segment, name, offset,
                    describe(type) + " that carries " + e.size() + " bytes of data: the kernel skips the entry");
            return;
        }
        if (type == EntryType.UNKNOWN) {
            findings.entry(Severity.WARNING, LintCode.UNKNOWN_FILE_TYPE, segment, name, offset, String.format(
                    "mode 0%o names no file type: the kernel ignores the entry", e.mode()));
            return;
        }
        String raw = new String(e.nameBytes(), StandardCharsets.ISO_8859_1);
        earlyLoaderRules(e, raw, segment, compression, early);
        String linkTo = e.isHardLinked() ? links.lookUp(e, raw, segment) : null;
        if (linkTo != null) {
            hardLink(e, raw, linkTo, segment);
        } else {
            create(e, raw, segment);
        }
    }

    /** The end of the image: hard link groups never completed are reported. */
    void finish() {
        links.finish();
    }

    private void formatRules(CpioEntry e, int segment) {
        CpioFormat f = e.format();
        if (f == CpioFormat.NEWC || !reportedFormats.add(f)) {
            return;
        }
        if (f == CpioFormat.CRC) {
            findings.entry(Severity.WARNING, LintCode.CRC_FORMAT, segment, e.name(), e.headerOffset(),
                    "crc (070702) headers: kernels before about 2021 reject them (\"no cpio magic\") and stop "
                            + "unpacking; newer ones verify the data sums");
        } else {
            findings.entry(Severity.ERROR, LintCode.FORMAT_REJECTED, segment, e.name(), e.headerOffset(),
                    (f == CpioFormat.ODC ? "odc (070707) headers: the kernel reports \"incorrect cpio method used: "
                            + "use -H newc option\"" : "old binary cpio headers: the kernel reports \"no cpio magic\"")
                            + " and stops unpacking");
        }
    }

    private void earlyLoaderRules(CpioEntry e, String raw, int segment, Compression compression, boolean early) {
        if (e.type() != EntryType.REGULAR) {
            return;
        }
        String path = stripLeading(raw);
        String loader;
        if (path.startsWith("kernel/x86/microcode/") && path.endsWith(".bin")) {
            loader = "the early microcode loader";
        } else if (path.startsWith("kernel/firmware/acpi/")) {
            loader = "the ACPI table upgrade";
        } else {
            return;
        }
        if (!early) {
            findings.entry(Severity.ERROR, LintCode.EARLY_FILE_NOT_FIRST, segment, e.name(), e.headerOffset(),
                    "only the uncompressed archives at the start of the image are searched by " + loader
                            + " (lib/earlycpio.c); this file is in a "
                            + (compression == Compression.NONE ? "later" : compression.displayName())
                            + " segment and is never found there");
        } else if (!raw.startsWith("kernel/")) {
            findings.entry(Severity.ERROR, LintCode.EARLY_FILE_NAME, segment, e.name(), e.headerOffset(),
                    loader + " compares names byte for byte with 'kernel/...': a name starting with '"
                            + raw.substring(0, raw.length() - path.length()) + "' is never found");
        }
    }

    /** Creates {@code e} as init/initramfs.c do_name/do_symlink would, with clean_path first. */
    private void create(CpioEntry e, String raw, int segment) {
        SimulatedRootfs.Location at = locate(e, raw, segment);
        if (at == null) {
            return;
        }
        EntryType type = e.type();
        if (at.directoryReference()) {
            if (type != EntryType.DIRECTORY) {
                findings.entry(Severity.ERROR, LintCode.CANNOT_CREATE, segment, e.name(), e.headerOffset(),
                        "a " + describe(type) + " named like a directory ('.', '..' or the root): the kernel "
                                + "cannot create it");
            }
            return;
        }
        SimulatedRootfs.Node existing = rootfs.get(at.path());
        SimulatedRootfs.Node node = new SimulatedRootfs.Node(type, type == EntryType.SYMLINK ? linkTarget(e) : null,
                e.rdevMajor(), e.rdevMinor());
        if (existing == null) {
            rootfs.put(at.path(), node);
            return;
        }
        // clean_path: a symbolic link removes whatever is there; other types remove another type.
        if (type == EntryType.SYMLINK || existing.type != type) {
            if (replace(e, at.path(), existing, segment)) {
                rootfs.put(at.path(), node);
            }
            return;
        }
        String message;
        Severity severity = Severity.INFO;
        LintCode code = LintCode.DUPLICATE_PATH;
        switch (type) {
            case DIRECTORY -> message = "directory listed again: its owner and mode are applied again, its "
                    + "contents stay";
            case REGULAR -> message = "regular file listed again: the kernel truncates it and writes this "
                    + "entry's data, so the later entry wins";
            default -> {
                if (existing.rdevMajor != e.rdevMajor() || existing.rdevMinor != e.rdevMinor()) {
                    severity = Severity.WARNING;
                    code = LintCode.DUPLICATE_NODE_KEPT;
                    message = describe(type) + " listed again with device " + e.rdevMajor() + ":" + e.rdevMinor()
                            + ": mknod fails on the existing node, which keeps device " + existing.rdevMajor + ":"
                            + existing.rdevMinor + "; only this entry's owner and mode apply";
                } else {
                    message = describe(type) + " listed again: mknod fails on the existing node, which stays; "
                            + "this entry's owner and mode apply";
                }
            }
        }
        findings.entry(severity, code, segment, e.name(), e.headerOffset(), message);
    }

    /** A later link of a group: clean_path(name, 0), then link(first, name). */
    private void hardLink(CpioEntry e, String raw, String first, int segment) {
        SimulatedRootfs.Location at = locate(e, raw, segment);
        if (at == null) {
            return;
        }
        if (at.directoryReference()) {
            findings.entry(Severity.ERROR, LintCode.CANNOT_CREATE, segment, e.name(), e.headerOffset(),
                    "a hard link named like a directory ('.', '..' or the root): the kernel cannot create it");
            return;
        }
        SimulatedRootfs.Node existing = rootfs.get(at.path());
        if (existing != null && !replace(e, at.path(), existing, segment)) {
            return;
        }
        SimulatedRootfs.Location target = rootfs.locate(first);
        SimulatedRootfs.Node original = target.path() == null || target.directoryReference() ? null : rootfs.get(target.path());
        if (original == null || original.type == EntryType.DIRECTORY) {
            findings.entry(Severity.ERROR, LintCode.HARDLINK_TARGET_MISSING, segment, e.name(), e.headerOffset(),
                    "hard link to '" + shorten(new String(first.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8))
                            + "', the first link of its group, which does not exist (its own entry failed or was "
                            + "removed): the link fails");
            return;
        }
        rootfs.put(at.path(), new SimulatedRootfs.Node(original.type, null, original.rdevMajor, original.rdevMinor));
    }

    /** Removes {@code existing} for {@code e} as clean_path does; false (and an error) when that fails. */
    private boolean replace(CpioEntry e, String path, SimulatedRootfs.Node existing, int segment) {
        if (!rootfs.remove(path)) {
            findings.entry(Severity.ERROR, LintCode.REPLACE_NONEMPTY_DIRECTORY, segment, e.name(), e.headerOffset(),
                    "replaces a directory that is not empty: rmdir fails, so this " + describe(e.type())
                            + " is not created");
            return false;
        }
        if (existing.type == e.type()) {
            findings.entry(Severity.INFO, LintCode.DUPLICATE_PATH, segment, e.name(), e.headerOffset(),
                    describe(e.type()) + " listed again: the earlier one is removed and this one wins");
        } else {
            findings.entry(Severity.WARNING, LintCode.DUPLICATE_TYPE_CHANGED, segment, e.name(), e.headerOffset(),
                    "path listed again as a " + describe(e.type()) + ": the earlier " + describe(existing.type)
                            + " is removed first and this entry wins");
        }
        return true;
    }

    private SimulatedRootfs.Location locate(CpioEntry e, String raw, int segment) {
        SimulatedRootfs.Location at = rootfs.locate(raw);
        if (at.failure() == null) {
            return at;
        }
        String where = shorten(new String(at.failedAt().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        String message = at.failure() == LintCode.PARENT_MISSING
                ? "its directory '" + where + "' does not exist yet (the kernel creates no missing parents, so "
                        + "parents must come first): the entry fails"
                : "'" + where + "' on its path is not a directory: the entry fails";
        findings.entry(Severity.ERROR, at.failure(), segment, e.name(), e.headerOffset(), message);
        return null;
    }

    // ---- small helpers -----------------------------------------------------------------------

    private static String linkTarget(CpioEntry e) {
        byte[] t = e.linkTargetBytes();
        int n = 0;
        while (n < t.length && t[n] != 0) {
            n++;
        }
        return new String(t, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static String stripLeading(String raw) {
        int i = 0;
        while (true) {
            if (raw.startsWith("/", i)) {
                i++;
            } else if (raw.startsWith("./", i)) {
                i += 2;
            } else {
                return raw.substring(i);
            }
        }
    }

    private static String describe(EntryType t) {
        return switch (t) {
            case REGULAR -> "regular file";
            case DIRECTORY -> "directory";
            case SYMLINK -> "symbolic link";
            case CHAR_DEVICE -> "character device";
            case BLOCK_DEVICE -> "block device";
            case FIFO -> "fifo";
            case SOCKET -> "socket";
            case UNKNOWN -> "entry of unknown type";
        };
    }

    private static String shorten(String name) {
        return name.length() <= 200 ? name : name.substring(0, 200) + "...";
    }
}
