package dev.remaster.image;

import dev.remaster.compress.Compression;
import dev.remaster.cpio.CpioFormat;
import dev.remaster.internal.ChannelInput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Set;

/**
 * A run of cpio data: one plain archive area, or adjacent compressed members of one compression
 * whose decompressed bytes form one cpio stream. It may hold several archives (several
 * trailers), and its members may split an archive (which {@code gzip -d} reads but the kernel,
 * decompressing each member alone, does not).
 *
 * @param offset where the segment starts in the file
 * @param length its length in the file, the NUL padding after a plain archive's trailer included
 * @param compression {@link Compression#NONE} for a plain archive
 * @param members the compressed members (one pseudo-member spanning the segment when plain)
 * @param archives how many trailers the segment holds
 * @param entries how many entries it holds, trailers excluded
 * @param uncompressedSize the length of its cpio bytes
 * @param formats the header formats met in it
 * @param archiveEndsAtMemberEnds whether every member ends with the cpio stream at a trailer (what
 *     the kernel needs)
 * @param trailerMissing whether the last archive stops at the end of the file, after a whole entry,
 *     without its TRAILER!!! entry: the kernel unpacks such an uncompressed segment all the same,
 *     and so does Remaster (cpio and bsdcpio call it truncated)
 */
public record ArchiveSegment(
        long offset,
        long length,
        Compression compression,
        List<Member> members,
        int archives,
        long entries,
        long uncompressedSize,
        Set<CpioFormat> formats,
        boolean archiveEndsAtMemberEnds,
        boolean trailerMissing) implements Segment {

    /**
     * Keeps unmodifiable copies of the lists.
     *
     * @param offset where the segment starts in the file
     * @param length its length in the file, the NUL padding after a plain archive's trailer included
     * @param compression {@link Compression#NONE} for a plain archive
     * @param members the compressed members (one pseudo-member spanning the segment when plain)
     * @param archives how many trailers the segment holds
     * @param entries how many entries it holds, trailers excluded
     * @param uncompressedSize the length of its cpio bytes
     * @param formats the header formats met in it
     * @param archiveEndsAtMemberEnds whether every member ends with the cpio stream at a trailer (what
     *     the kernel needs)
     * @param trailerMissing whether the last archive stops at the end of the file, after a whole entry,
     *     without its TRAILER!!! entry: the kernel unpacks such an uncompressed segment all the same,
     *     and so does Remaster (cpio and bsdcpio call it truncated)
     */
    public ArchiveSegment {
        members = List.copyOf(members);
        formats = Set.copyOf(formats);
    }

    /**
     * Whether the segment is a plain (uncompressed) cpio archive.
     *
     * @return whether the segment is a plain (uncompressed) cpio archive
     */
    public boolean isPlain() {
        return compression == Compression.NONE;
    }

    /**
     * The segment's cpio bytes, from the start: read straight from the file for a plain segment,
     * decompressed member after member otherwise. The stream does not close {@code channel}.
     *
     * @param channel the image file the segment was read from
     * @param sourceName names the file in error messages
     * @return the segment's cpio bytes
     * @throws IOException if the first member's header cannot be read or is not valid
     */
    public InputStream cpioBytes(FileChannel channel, String sourceName) throws IOException {
        if (compression == Compression.NONE) {
            return new ChannelInput(channel, offset, end());
        }
        return new MemberChain(channel, end(), offset, compression, sourceName);
    }
}
