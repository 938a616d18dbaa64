package dev.remaster.kernel;

import dev.remaster.io.FormatException;
import dev.remaster.compress.CompressedDataException;
import dev.remaster.compress.Compression;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.image.ArchiveSegment;
import dev.remaster.image.ImageFormatException;
import dev.remaster.image.ImageReader;
import dev.remaster.image.PaddingSegment;
import dev.remaster.image.Segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One check of one image: walks it once with an {@link ImageReader}, hands each entry to the
 * {@link EntryReplay} and each completed segment to the {@link SegmentRules}, and turns an error
 * that stops the reader into the last finding.
 */
final class LintRun {
    private final Path image;
    private final Findings findings = new Findings();
    private final EntryReplay replay = new EntryReplay(findings);

    private long fileSize;
    private long entries;
    private int checkedSegments;
    private int currentSegment = -1;
    private boolean afterTrailer;

    LintRun(Path image) {
        this.image = image;
    }

    LintReport run() throws IOException {
        boolean complete = true;
        try (ImageReader reader = ImageReader.open(image);
                FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            fileSize = reader.fileSize();
            SegmentRules segmentRules = new SegmentRules(channel, fileSize, findings);
            while (true) {
                CpioEntry e;
                try {
                    e = reader.next();
                } catch (FormatException ex) {
                    checkSegments(reader, segmentRules);
                    stopped(reader, segmentRules, ex);
                    complete = false;
                    break;
                }
                checkSegments(reader, segmentRules);
                if (e == null) {
                    break;
                }
                entry(e, reader, segmentRules);
            }
            replay.finish();
            if (complete && entries == 0 && reader.segments().stream().noneMatch(s -> s instanceof ArchiveSegment)) {
                findings.segment(Severity.WARNING, LintCode.EMPTY_IMAGE, -1, 0, fileSize == 0
                        ? "the file is empty: the kernel unpacks nothing from it"
                        : "the file holds only NUL padding: the kernel unpacks nothing from it");
            }
            return new LintReport(image, findings.sorted(), reader.segments(), entries, complete);
        }
    }

    private void entry(CpioEntry e, ImageReader reader, SegmentRules segmentRules) {
        int segment = reader.segmentIndex();
        Compression compression = reader.segmentCompression();
        if (segment != currentSegment) {
            currentSegment = segment;
            afterTrailer = false;
        }
        if (afterTrailer && compression != Compression.NONE) {
            segmentRules.archiveStartsAt(e.headerOffset(), e.headerOffset() - reader.segmentOffset());
        }
        afterTrailer = e.isTrailer();
        if (!e.isTrailer()) {
            entries++;
        }
        // lib/earlycpio.c searches only the uncompressed archives at the start of the image.
        boolean early = compression == Compression.NONE
                && reader.segments().stream().limit(segment).allMatch(s -> s instanceof PaddingSegment);
        replay.entry(e, segment, compression, early);
    }

    /** Applies the segment rules to the segments the reader has completed since the last call. */
    private void checkSegments(ImageReader reader, SegmentRules segmentRules) throws IOException {
        List<Segment> segments = reader.segments();
        for (; checkedSegments < segments.size(); checkedSegments++) {
            if (segments.get(checkedSegments) instanceof ArchiveSegment a) {
                segmentRules.archiveSegment(a, checkedSegments);
                if (a.trailerMissing()) {
                    findings.segment(Severity.INFO, LintCode.MISSING_TRAILER, checkedSegments, a.end(),
                            "the image ends without a trailer: the kernel unpacks the entries anyway; cpio and "
                            + "other tools call the archive truncated");
                }
            }
        }
    }

    /** Turns the error that stopped the reader into a finding: the kernel stops there too. */
    private void stopped(ImageReader reader, SegmentRules segmentRules, FormatException ex) throws IOException {
        boolean unknownBytes = ex instanceof ImageFormatException;
        int segment = unknownBytes ? reader.segments().size() : reader.segmentIndex();
        Compression compression = unknownBytes ? null : reader.segmentCompression();
        if (compression != null && segment >= checkedSegments) {
            segmentRules.unfinishedSegment(compression, reader.segmentOffset(), segment);
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
            code = LintCode.COMPRESSED_ARCHIVE_UNTERMINATED;
            message = "the " + compression.displayName() + " data ends without a trailer: the kernel reports "
                    + "\"junk at the end of compressed archive\" and stops unpacking";
        } else if (detail.startsWith("junk after TRAILER")) {
            code = LintCode.JUNK_IN_COMPRESSED_ARCHIVE;
            message = detail + " inside the " + compression.displayName() + " data: the kernel reports \"junk within "
                    + "compressed archive\" and stops unpacking";
        } else {
            code = LintCode.MALFORMED_ARCHIVE;
            message = detail + ": the kernel stops unpacking here";
        }
        findings.entry(severity, code, segment, ex.entryName(), ex.offset(), message);
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

}
