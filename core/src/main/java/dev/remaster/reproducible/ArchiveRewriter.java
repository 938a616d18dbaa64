package dev.remaster.reproducible;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.EntryType;
import dev.remaster.cpio.LinkTable;
import dev.remaster.internal.ChannelInput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The second pass of {@link Reproducible} for one archive: its entries in {@link PathOrder} (equal
 * names keep their order, so the later one still wins), headers normalized, inodes and link counts
 * renumbered, and each hard link group's data on its last link in the new order, read from the
 * source file or the spool.
 */
final class ArchiveRewriter {
    /** The links of one hard link group, in output order, and the source of its data. */
    private static final class Group {
        final List<SourceArchive.Item> links = new ArrayList<>();
        SourceArchive.Item data;
        long inode;
    }

    private final FileChannel source;
    private final DataSpool spool;
    private final ReproducibleOptions options;

    ArchiveRewriter(FileChannel source, DataSpool spool, ReproducibleOptions options) {
        this.source = source;
        this.spool = spool;
        this.options = options;
    }

    void write(SourceArchive archive, CpioWriter out) throws IOException {
        List<SourceArchive.Item> items = new ArrayList<>(archive.items());
        items.sort(Comparator.<SourceArchive.Item, byte[]>comparing(SourceArchive.Item::name, PathOrder::compareNormalized)
                .thenComparingInt(SourceArchive.Item::sequence));

        Map<SourceArchive.Item, Group> groupOf = new IdentityHashMap<>();
        LinkTable<Group> groups = new LinkTable<>(); // one archive: no trailer comes between its items
        for (SourceArchive.Item i : items) {
            if (i.entry().isHardLinked()) {
                Group g = groups.of(i.entry(), first -> new Group());
                g.links.add(i);
                groupOf.put(i, g);
                // The kernel writes every data-carrying link into the one file: the last in the source wins.
                if (i.entry().size() > 0 && (g.data == null || i.sequence() > g.data.sequence())) {
                    g.data = i;
                }
            }
        }
        Map<String, Integer> subdirectories = options.renumberInodes() ? countSubdirectories(items) : Map.of();

        long nextInode = 1;
        for (SourceArchive.Item i : items) {
            CpioEntry.Builder b = Reproducible.normalize(i.entry(), options).toBuilder();
            Group g = groupOf.get(i);
            if (options.renumberInodes()) {
                long inode;
                if (g != null) {
                    if (g.inode == 0) {
                        g.inode = nextInode++;
                    }
                    inode = g.inode;
                } else {
                    inode = nextInode++;
                }
                b.inode(inode).dev(0, 0).nlink(linkCount(i, g, subdirectories));
            }
            if (g == null) {
                write(out, b.build(), i);
            } else if (i == g.links.get(g.links.size() - 1) && g.data != null) {
                write(out, b.size(g.data.entry().size()).build(), g.data);
            } else {
                out.write(b.size(0).build());
            }
        }
    }

    private void write(CpioWriter out, CpioEntry entry, SourceArchive.Item dataFrom) throws IOException {
        if (dataFrom.store() == SourceArchive.Store.NONE) {
            out.write(entry);
            return;
        }
        long length = dataFrom.entry().size();
        try (InputStream data = dataFrom.store() == SourceArchive.Store.SOURCE
                ? new ChannelInput(source, dataFrom.dataOffset(), dataFrom.dataOffset() + length)
                : spool.open(dataFrom.dataOffset(), length)) {
            out.write(entry, data);
        }
    }

    private static long linkCount(SourceArchive.Item i, Group g, Map<String, Integer> subdirectories) {
        if (g != null) {
            return g.links.size();
        }
        if (i.entry().type() == EntryType.DIRECTORY) {
            return 2 + subdirectories.getOrDefault(latin1(i.name()), 0);
        }
        return 1;
    }

    /** For each directory name, how many directories the archive lists directly inside it. */
    private static Map<String, Integer> countSubdirectories(List<SourceArchive.Item> items) {
        Map<String, Integer> counts = new HashMap<>();
        for (SourceArchive.Item i : items) {
            if (i.entry().type() == EntryType.DIRECTORY) {
                String name = latin1(i.name());
                if (!name.equals(".")) {
                    int slash = name.lastIndexOf('/');
                    counts.merge(slash < 0 ? "." : name.substring(0, slash), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private static String latin1(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
