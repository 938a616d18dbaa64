package dev.remaster.kernel;

import dev.remaster.compress.CompressedDataException;
import dev.remaster.compress.Compression;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioFormat;
import dev.remaster.cpio.CpioFormatException;
import dev.remaster.cpio.EntryType;
import dev.remaster.image.ArchiveSegment;
import dev.remaster.image.ImageFormatException;
import dev.remaster.image.ImageReader;
import dev.remaster.image.Member;
import dev.remaster.image.PaddingSegment;
import dev.remaster.image.Segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One check of one image: walks it once with an {@link ImageReader}, entry after entry, and
 * replays what init/initramfs.c would do with each entry on a {@link SimulatedRootfs}; segment and
 * member rules are applied as each segment is complete.
 */
final class LintRun {
    /** PATH_MAX: the longest name (with its NUL) and symbolic link target the kernel unpacks. */
    static final int PATH_MAX = 4096;

    private final Path image;
    private final Findings findings = new Findings();
    private final SimulatedRootfs rootfs = new SimulatedRootfs();
    private final HardLinkTable links = new HardLinkTable(findings);

    private long fileSize;
    private long entries;
    private int checkedSegments;
    private int currentSegment = -1;
    private boolean previousPlainEndedUnaligned;
    private final Set<CpioFormat> reportedFormats = EnumSet.noneOf(CpioFormat.class);
    private boolean afterTrailer;
    private final List<long[]> unalignedArchiveStarts = new ArrayList<>();

    LintRun(Path image) {
        this.image = image;
    }

    LintReport run() throws IOException {
        boolean complete = true;
        try (ImageReader reader = ImageReader.open(image);
                FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            fileSize = reader.fileSize();
            MemberHeaderCheck headers = new MemberHeaderCheck(channel, findings);
            while (true) {
                CpioEntry e;
                try {
                    e = reader.next();
                } catch (CpioFormatException ex) {
                    checkSegments(reader, headers, channel);
                    complete = stopped(reader, headers, ex);
                    break;
                }
                checkSegments(reader, headers, channel);
                if (e == null) {
                    break;
                }
                if (reader.segmentIndex() != currentSegment) {
                    currentSegment = reader.segmentIndex();
                    afterTrailer = false;
                    unalignedArchiveStarts.clear();
                }
                entry(e, reader);
            }
            links.finish();
            if (complete && reader.segments().stream().noneMatch(s -> s instanceof ArchiveSegment)) {
                findings.segment(Severity.WARNING, LintCode.EMPTY_IMAGE, -1, 0, fileSize == 0
                        ? "the file is empty: the kernel unpacks nothing from it"
                        : "the file holds only NUL padding: the kernel unpacks nothing from it");
            }
            return new LintReport(image, findings.sorted(), reader.segments(), entries, complete);
        }
    }

    // ---- entries -----------------------------------------------------------------------------

    private void entry(CpioEntry e, ImageReader reader) {
        int segment = reader.segmentIndex();
        Compression compression = reader.segmentCompression();
        if (afterTrailer) {
            afterTrailer = false;
            long relative = e.headerOffset() - reader.segmentOffset();
            if (compression != Compression.NONE && relative % 4 != 0) {
                unalignedArchiveStarts.add(new long[] {e.headerOffset(), relative});
            }
        }
        formatRules(e, segment);
        if (e.isTrailer()) {
            links.endArchive();
            reportedFormats.clear();
            afterTrailer = true;
            return;
        }
        entries++;
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
        earlyLoaderRules(e, raw, segment, reader);
        String linkTo = HardLinkTable.applies(e) ? links.lookUp(e, raw, segment) : null;
        if (linkTo != null) {
            hardLink(e, raw, linkTo, segment);
        } else {
            create(e, raw, segment);
        }
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

    private void earlyLoaderRules(CpioEntry e, String raw, int segment, ImageReader reader) {
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
        boolean early = reader.segmentCompression() == Compression.NONE
                && reader.segments().stream().limit(segment).allMatch(s -> s instanceof PaddingSegment);
        if (!early) {
            findings.entry(Severity.ERROR, LintCode.EARLY_FILE_NOT_FIRST, segment, e.name(), e.headerOffset(),
                    "only the uncompressed archives at the start of the image are searched by " + loader
                            + " (lib/earlycpio.c); this file is in a "
                            + (reader.segmentCompression() == Compression.NONE ? "later" : reader.segmentCompression().displayName())
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

    // ---- segments ----------------------------------------------------------------------------

    /** Applies the segment rules to the segments the reader has completed since the last call. */
    private void checkSegments(ImageReader reader, MemberHeaderCheck headers, FileChannel channel) throws IOException {
        List<Segment> segments = reader.segments();
        for (; checkedSegments < segments.size(); checkedSegments++) {
            Segment s = segments.get(checkedSegments);
            if (s instanceof ArchiveSegment a) {
                archiveSegment(a, checkedSegments, headers, channel);
            }
        }
    }

    private void archiveSegment(ArchiveSegment a, int index, MemberHeaderCheck headers, FileChannel channel)
            throws IOException {
        if (a.isPlain()) {
            if (a.offset() % 4 != 0 && !previousPlainEndedUnaligned) {
                findings.segment(Severity.ERROR, LintCode.PLAIN_ARCHIVE_UNALIGNED, index, a.offset(),
                        "plain archive at an offset that is not a multiple of 4: the kernel takes it for compressed "
                                + "data, finds no known magic (\"invalid magic at start of compressed archive\") and "
                                + "stops unpacking");
            }
            previousPlainEndedUnaligned = a.end() % 4 != 0 && a.end() < fileSize;
            if (previousPlainEndedUnaligned && a.offset() % 4 == 0) {
                findings.segment(Severity.ERROR, LintCode.BROKEN_PADDING, index, a.end(),
                        "data follows the archive's trailer and NUL padding at an offset that is not a multiple "
                                + "of 4: the kernel reports \"broken padding\" and stops unpacking");
            }
            return;
        }
        previousPlainEndedUnaligned = false;
        compressionSupport(a.compression(), index, a.offset());
        for (Member m : a.members()) {
            headers.check(a.compression(), m, index);
        }
        // unlz4 goes on through a following lz4 magic, so only the other codecs need each member to end at a trailer.
        if (!a.archiveEndsAtMemberEnds() && a.compression() != Compression.LZ4_LEGACY) {
            findings.segment(Severity.ERROR, LintCode.MEMBER_SPLITS_ARCHIVE, index, a.offset(),
                    a.members().size() + " " + a.compression().displayName() + " members split an archive: the kernel "
                            + "decompresses each member alone, one ends inside an entry (\"junk at the end of "
                            + "compressed archive\") and unpacking stops");
        }
        if (a.members().size() == 1) {
            for (long[] start : unalignedArchiveStarts) {
                findings.segment(Severity.ERROR, LintCode.BROKEN_PADDING, index, start[0],
                        "an archive starts at " + start[1] + " in the decompressed data, not a multiple of 4: the "
                                + "kernel reports \"broken padding\" and stops unpacking");
            }
        }
        unalignedArchiveStarts.clear();
        if (a.compression() == Compression.LZ4_LEGACY && a.end() < fileSize && firstByte(channel, a.end()) != 0) {
            findings.segment(Severity.ERROR, LintCode.LZ4_NOT_TERMINATED, index, a.end(),
                    "data follows an lz4 legacy frame directly: the frame has no end mark, the kernel's unlz4 reads "
                            + "the next bytes as another block and fails; put NUL padding after it or make it last");
        }
    }

    private void compressionSupport(Compression c, int index, long offset) {
        String option;
        Severity severity = Severity.INFO;
        switch (c) {
            case GZIP -> {
                return;
            }
            case BZIP2 -> option = "CONFIG_RD_BZIP2";
            case LZMA -> option = "CONFIG_RD_LZMA";
            case XZ -> option = "CONFIG_RD_XZ";
            case ZSTD -> option = "CONFIG_RD_ZSTD (Linux 5.9 or later)";
            case LZO -> {
                option = "CONFIG_RD_LZO, which minimal and embedded configurations often leave out";
                severity = Severity.WARNING;
            }
            case LZ4_LEGACY -> {
                option = "CONFIG_RD_LZ4, which minimal and embedded configurations often leave out";
                severity = Severity.WARNING;
            }
            default -> {
                return;
            }
        }
        findings.segment(severity, LintCode.COMPRESSION_SUPPORT, index, offset, c.displayName()
                + " segment: the kernel decompresses it only when built with " + option
                + " (\"compression method " + c.displayName() + " not configured\" otherwise)");
    }

    /**
     * Turns the error that stopped the reader into a finding: the kernel stops there too.
     *
     * @return whether the whole image had been read all the same (a plain archive that only lacks
     *     its trailer at the end of the file)
     */
    private boolean stopped(ImageReader reader, MemberHeaderCheck headers, CpioFormatException ex) throws IOException {
        boolean unknownBytes = ex instanceof ImageFormatException;
        int segment = unknownBytes ? reader.segments().size() : reader.segmentIndex();
        Compression compression = unknownBytes ? null : reader.segmentCompression();
        if (compression != null && compression != Compression.NONE && segment >= checkedSegments) {
            headers.check(compression, new Member(reader.segmentOffset(), fileSize - reader.segmentOffset()), segment);
        }
        String detail = ex.detail() == null ? ex.getMessage() : ex.detail();
        LintCode code;
        Severity severity = Severity.ERROR;
        String message;
        byte[] head = unknownBytes ? peek(ex.offset(), 4) : new byte[0];
        if (unknownBytes && head.length >= 2 && ((head[0] & 0xFF) == 0xC7 && head[1] == 0x71
                || head[0] == 0x71 && (head[1] & 0xFF) == 0xC7)) {
            code = LintCode.FORMAT_REJECTED;
            message = "an old binary cpio archive: the kernel reads only newc (070701) archives, finds no known "
                    + "magic (\"invalid magic at start of compressed archive\") and stops unpacking";
        } else if (unknownBytes) {
            code = LintCode.UNKNOWN_DATA;
            boolean lz4Frame = head.length == 4 && head[0] == 0x04 && head[1] == 0x22 && head[2] == 0x4D
                    && head[3] == 0x18;
            message = detail + ": the kernel reports \"invalid magic at start of compressed archive\" "
                    + "and stops unpacking" + (lz4Frame ? " (this is an lz4 frame; the kernel reads only the "
                    + "legacy frame that lz4 -l writes)" : "");
        } else if (ex instanceof CompressedDataException) {
            code = LintCode.CORRUPT_COMPRESSED_DATA;
            message = detail + ": the kernel's decompressor fails and unpacking stops";
        } else if ("c_namesize".equals(ex.field()) && detail.contains("NUL-terminated")) {
            code = LintCode.NAME_WITHOUT_NUL;
            message = "name without its terminating NUL: kernels since late 2024 report a malformed archive and "
                    + "stop unpacking (older ones read past the name); the check stops here too";
        } else if ("c_namesize".equals(ex.field()) && detail.contains("over the limit")) {
            code = LintCode.NAME_TOO_LONG;
            message = detail + ": the kernel would skip this entry; the check stops here";
        } else if ("c_check".equals(ex.field())) {
            code = LintCode.CHECKSUM_MISMATCH;
            message = detail + ": kernels that read crc archives report \"bad data checksum\" and stop unpacking";
        } else if (detail.contains("without a TRAILER")) {
            if (compression == Compression.NONE) {
                code = LintCode.MISSING_TRAILER;
                severity = Severity.INFO;
                message = "the image ends without a trailer: the kernel unpacks the entries anyway; cpio and "
                        + "other tools call the archive truncated";
            } else {
                code = LintCode.COMPRESSED_ARCHIVE_UNTERMINATED;
                message = "the " + compression.displayName() + " data ends without a trailer: the kernel reports "
                        + "\"junk at the end of compressed archive\" and stops unpacking";
            }
        } else if (detail.startsWith("junk after TRAILER")) {
            code = LintCode.JUNK_IN_COMPRESSED_ARCHIVE;
            message = detail + " inside the " + compression.displayName() + " data: the kernel reports \"junk within "
                    + "compressed archive\" and stops unpacking";
        } else {
            code = LintCode.MALFORMED_ARCHIVE;
            message = detail + ": the kernel stops unpacking here";
        }
        findings.entry(severity, code, segment, ex.entryName(), ex.offset(), message);
        return code == LintCode.MISSING_TRAILER && ex.offset() >= fileSize;
    }

    private byte[] peek(long offset, int n) throws IOException {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(n);
            while (b.hasRemaining() && offset >= 0 && ch.read(b, offset + b.position()) > 0) {
                // fill
            }
            return java.util.Arrays.copyOf(b.array(), b.position());
        }
    }

    private static int firstByte(FileChannel channel, long at) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1);
        return channel.read(b, at) == 1 ? b.get(0) & 0xFF : -1;
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
