package dev.remaster.overlay;

import dev.remaster.image.ArchiveSegment;
import dev.remaster.internal.ChannelInput;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a file's content from the source image into jimfs when it is first needed. Data in a
 * plain segment is read at its offset; data in a compressed segment is reached by decompressing
 * from the segment's start, keeping one forward cursor per segment so that files read in image
 * order cost one pass.
 */
final class Hydrator implements ContentSource {
    private final FileChannel channel;
    private final String sourceName;
    private final List<ArchiveSegment> segmentsByIndex;
    private final Map<Object, Node> nodes;
    private final Map<Integer, Cursor> cursors = new HashMap<>();

    /** A decompressed stream of one segment and how far it has been read. */
    private static final class Cursor {
        InputStream in;
        long position;
    }

    Hydrator(FileChannel channel, String sourceName, List<ArchiveSegment> segmentsByIndex, Map<Object, Node> nodes) {
        this.channel = channel;
        this.sourceName = sourceName;
        this.segmentsByIndex = segmentsByIndex;
        this.nodes = nodes;
    }

    @Override
    public boolean isPending(Object fileKey) {
        Node n = nodes.get(fileKey);
        return n != null && n.pending;
    }

    @Override
    public long pendingSize(Object fileKey) {
        Node n = nodes.get(fileKey);
        return n == null || n.dataSource == null ? 0 : n.dataSource.header().size();
    }

    @Override
    public void hydrate(Path delegatePath, Object fileKey) throws IOException {
        Node n = nodes.get(fileKey);
        if (n == null || !n.pending) {
            return;
        }
        try (OutputStream out = Files.newOutputStream(delegatePath, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            copySource(n.dataSource, out);
        }
        n.pending = false;
        // Loading is not a change: restore the mtime that writing into jimfs moved.
        Files.setLastModifiedTime(delegatePath, n.populatedMtime);
    }

    @Override
    public void contentChanged(Object fileKey) {
        Node n = nodes.get(fileKey);
        if (n != null) {
            n.contentChanged = true;
            n.pending = false;
        }
    }

    /** Copies the data of a source entry to {@code out}. */
    void copySource(SourceEntry source, OutputStream out) throws IOException {
        ArchiveSegment segment = source.segment() < segmentsByIndex.size() ? segmentsByIndex.get(source.segment()) : null;
        if (segment == null) {
            throw new IllegalStateException(sourceName + ": the segment of '" + source.header().name()
                    + "' was read only in part, for an append");
        }
        long size = source.header().size();
        long dataOffset = source.header().dataOffset();
        if (segment.isPlain()) {
            try (InputStream in = new ChannelInput(channel, dataOffset, dataOffset + size)) {
                copy(in, out, size);
            }
            return;
        }
        long target = dataOffset - segment.offset();
        Cursor c = cursors.get(source.segment());
        if (c == null || c.position > target) {
            if (c != null) {
                c.in.close();
            }
            c = new Cursor();
            c.in = segment.cpioBytes(channel, sourceName);
            cursors.put(source.segment(), c);
        }
        long skip = target - c.position;
        while (skip > 0) {
            long s = c.in.skip(skip);
            if (s <= 0) {
                if (c.in.read() < 0) {
                    throw new IOException(sourceName + ": segment at offset " + segment.offset() + " ends before "
                            + "the data of '" + source.header().name() + "'");
                }
                s = 1;
            }
            skip -= s;
        }
        c.position = target;
        copy(c.in, out, size);
        c.position += size;
    }

    private void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException(sourceName + ": data ends early while loading a file");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    /** Closes the decompression cursors. */
    void close() throws IOException {
        for (Cursor c : cursors.values()) {
            c.in.close();
        }
        cursors.clear();
    }
}
