package dev.remaster.kernel;

import dev.remaster.compress.Compression;
import dev.remaster.image.ArchiveSegment;
import dev.remaster.image.Member;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules about segments as the kernel's top-level loop (unpack_to_rootfs) meets them: where a
 * plain archive may start, what may follow a trailer, whether each compressed member ends at a
 * trailer, which decompressors the kernel needs, and each member's header
 * ({@link MemberHeaderCheck}). Applied once a segment has been read whole.
 */
final class SegmentRules {
    private final FileChannel channel;
    private final long fileSize;
    private final Findings findings;
    private final MemberHeaderCheck headers;
    private final List<long[]> unalignedArchiveStarts = new ArrayList<>();
    private boolean previousPlainEndedUnaligned;

    SegmentRules(FileChannel channel, long fileSize, Findings findings) {
        this.channel = channel;
        this.fileSize = fileSize;
        this.findings = findings;
        this.headers = new MemberHeaderCheck(channel, findings);
    }

    /**
     * An archive of the current (compressed) segment starts at {@code offset}, {@code relative}
     * bytes into its decompressed data, after an earlier archive's trailer.
     */
    void archiveStartsAt(long offset, long relative) {
        if (relative % 4 != 0) {
            unalignedArchiveStarts.add(new long[] {offset, relative});
        }
    }

    /** Checks the first member of a compressed segment that could not be read to its end. */
    void unfinishedSegment(Compression c, long offset, int index) throws IOException {
        if (c != Compression.NONE) {
            headers.check(c, new Member(offset, fileSize - offset), index);
        }
    }

    /** Applies the rules to the completed segment {@code a}, number {@code index} of the image. */
    void archiveSegment(ArchiveSegment a, int index) throws IOException {
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
        if (a.compression() == Compression.LZ4_LEGACY && a.end() < fileSize && firstByte(a.end()) != 0) {
            findings.segment(Severity.ERROR, LintCode.LZ4_NOT_TERMINATED, index, a.end(),
                    "data follows an lz4 legacy frame directly: the frame has no end mark, the kernel's unlz4 reads "
                            + "the next bytes as another block and fails; put NUL padding after it or make it last");
        }
    }

    private void compressionSupport(Compression c, int index, long offset) {
        String option;
        final Severity severity = Severity.INFO;
        switch (c) {
            case GZIP -> {
                return;
            }
            case BZIP2 -> option = "CONFIG_RD_BZIP2";
            case LZMA -> option = "CONFIG_RD_LZMA";
            case XZ -> option = "CONFIG_RD_XZ";
            case ZSTD -> option = "CONFIG_RD_ZSTD (Linux 5.9 or later)";
            // Distribution kernels enable every CONFIG_RD_*: a note, not a warning.
            case LZO -> option = "CONFIG_RD_LZO, which minimal and embedded configurations often leave out";
            case LZ4_LEGACY -> option = "CONFIG_RD_LZ4, which minimal and embedded configurations often leave out";
            default -> {
                return;
            }
        }
        findings.segment(severity, LintCode.COMPRESSION_SUPPORT, index, offset, c.displayName()
                + " segment: the kernel decompresses it only when built with " + option
                + " (\"compression method " + c.displayName() + " not configured\" otherwise)");
    }

    private int firstByte(long at) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1);
        return channel.read(b, at) == 1 ? b.get(0) & 0xFF : -1;
    }
}
