package dev.remaster.squashfs;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryReader;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A squashfs image's tree as cpio entries, so everything that takes an {@link EntryReader}
 * (extraction, image editing) takes a {@code .tcz} too. Entries come in walk order without the
 * root; names have no leading slash. Hard links keep the squashfs inode number and link count
 * and, as the kernel's initramfs unpacker expects, only the first name of a group carries the
 * data (the others have size 0 and are linked to it).
 */
public final class SquashfsEntryReader implements EntryReader {
    private final SquashfsReader reader;
    private final Iterator<SquashfsEntry> entries;
    private final Set<Long> seenLinks = new HashSet<>();
    private InputStream data = InputStream.nullInputStream();

    /**
     * Walks the reader's whole tree now; the reader stays open and is closed with this one.
     *
     * @param reader the reader
     * @throws IOException if reading or writing fails
     */
    public SquashfsEntryReader(SquashfsReader reader) throws IOException {
        this.reader = reader;
        List<SquashfsEntry> all = reader.walk();
        this.entries = all.subList(1, all.size()).iterator();
    }

    @Override
    public CpioEntry next() throws IOException {
        data.close();
        data = InputStream.nullInputStream();
        if (!entries.hasNext()) {
            return null;
        }
        SquashfsEntry e = entries.next();
        Inode i = e.inode();
        CpioEntry.Builder b = CpioEntry.builder(e.path()).inode(i.number()).mode(i.mode()).uid(i.uid()).gid(i.gid())
                .mtime(i.mtime()).nlink(i.isDirectory() ? 2 : i.linkCount());
        switch (i.type()) {
            case FILE -> {
                boolean first = i.linkCount() < 2 || seenLinks.add(i.number());
                b.size(first ? i.size() : 0);
                if (first) {
                    data = reader.open(i);
                }
            }
            case SYMLINK -> b.linkTarget(i.target());
            case BLOCK_DEVICE, CHAR_DEVICE -> b.rdevMajor(i.major()).rdevMinor(i.minor());
            default -> {
            }
        }
        return b.build();
    }

    @Override
    public InputStream data() {
        return data;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
