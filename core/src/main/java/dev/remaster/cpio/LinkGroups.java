package dev.remaster.cpio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The hard link groups among the entries of a stream of archives, worked out from their headers
 * alone, as the Linux kernel does when it unpacks an initramfs (init/initramfs.c {@code maybe_link}
 * and {@code find_link}). This is the one hard link rule of the library: extraction, the kernel
 * lint and rewrite, the overlay, diff and spec all group links through {@link LinkKey}.
 *
 * <p>A group is two or more entries of one archive that are {@linkplain CpioEntry#isHardLinked()
 * hard linked} (regular files, device nodes, FIFOs and sockets with {@code c_nlink} of 2 or more;
 * never directories or symbolic links) and share a {@link LinkKey} (device numbers, inode and file
 * type). The kernel creates the file from the group's {@linkplain Group#first() first} entry and
 * makes every later one a hard link to the first one's name; a later link's data is written into
 * the shared file without truncating it. A later link with the same name as the first makes the
 * kernel remove that name and then fail to link it, so the file is lost. Groups are
 * scoped per archive: every trailer starts a new scope, so equal keys on either side of a trailer
 * make two groups. An entry whose key no other entry of its archive shares is in no group.
 *
 * <pre>{@code
 * LinkGroups groups = LinkGroups.of(entries);           // headers in archive order, trailers included
 * for (LinkGroups.Group g : groups.groups()) {
 *     CpioEntry data = g.dataCarrier();                // newc: the last link; odc: any link
 * }
 * }</pre>
 *
 * <p>Immutable.
 */
public final class LinkGroups {
    private final List<Group> groups;
    private final List<Map<LinkKey, Group>> byArchive;

    private LinkGroups(List<Group> groups, List<Map<LinkKey, Group>> byArchive) {
        this.groups = groups;
        this.byArchive = byArchive;
    }

    /**
     * The groups among {@code entries}, given in archive order with their trailers, as a
     * {@link CpioReader} returns them. The archive index of an entry is the number of trailers
     * before it, as {@link CpioReader#archiveIndex()} counts.
     *
     * @param entries the entries
     * @return the groups among {@code entries}, given in archive order with their trailers, as a {@link CpioReader} returns them
     */
    public static LinkGroups of(Iterable<CpioEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        List<List<Map.Entry<LinkKey, List<CpioEntry>>>> scopes = new ArrayList<>();
        LinkTable<List<CpioEntry>> table = new LinkTable<>();
        boolean open = false;
        for (CpioEntry e : entries) {
            Objects.requireNonNull(e, "entry");
            if (e.isTrailer()) {
                scopes.add(table.endArchive());
                open = false;
            } else if (e.isHardLinked()) {
                table.of(e, first -> new ArrayList<>()).add(e);
                open = true;
            }
        }
        if (open) {
            scopes.add(table.endArchive());
        }
        List<Group> all = new ArrayList<>();
        List<Map<LinkKey, Group>> byArchive = new ArrayList<>();
        for (int archive = 0; archive < scopes.size(); archive++) {
            Map<LinkKey, Group> found = new LinkedHashMap<>();
            for (Map.Entry<LinkKey, List<CpioEntry>> links : scopes.get(archive)) {
                if (links.getValue().size() > 1) {
                    Group g = new Group(archive, links.getKey(), links.getValue());
                    found.put(links.getKey(), g);
                    all.add(g);
                }
            }
            byArchive.add(Collections.unmodifiableMap(found));
        }
        return new LinkGroups(List.copyOf(all), List.copyOf(byArchive));
    }

    /**
     * Every group, ordered by archive and then by where each group's first link appears.
     *
     * @return every group, ordered by archive and then by where each group's first link appears
     */
    public List<Group> groups() {
        return groups;
    }

    /**
     * The groups of archive {@code archiveIndex} (0 for the first) by key; empty when it has none.
     *
     * @param archiveIndex the archive index
     * @return the groups of archive {@code archiveIndex} (0 for the first) by key; empty when it has none
     */
    public Map<LinkKey, Group> inArchive(int archiveIndex) {
        if (archiveIndex < 0) {
            throw new IllegalArgumentException("archiveIndex (" + archiveIndex + ") may not be negative");
        }
        return archiveIndex < byArchive.size() ? byArchive.get(archiveIndex) : Map.of();
    }

    /**
     * The group in archive {@code archiveIndex} that {@code entry} belongs to, if any.
     *
     * @param archiveIndex the archive index
     * @param entry the entry
     * @return the group in archive {@code archiveIndex} that {@code entry} belongs to, if any
     */
    public Optional<Group> groupOf(int archiveIndex, CpioEntry entry) {
        if (!entry.isHardLinked()) {
            return Optional.empty();
        }
        Group g = inArchive(archiveIndex).get(entry.linkKey());
        return g != null && g.links().contains(entry) ? Optional.of(g) : Optional.empty();
    }

    /**
     * One hard link group: the entries of one archive that name one file.
     *
     * @param archiveIndex the archive the group belongs to, 0 for the first
     * @param key what the links share
     * @param links the links in archive order, at least two
     */
    public record Group(int archiveIndex, LinkKey key, List<CpioEntry> links) {
        /**
         * Checks the values and copies the list.
         *
         * @param archiveIndex the archive index
         * @param key the key
         * @param links the links
         */
        public Group {
            Objects.requireNonNull(key, "key");
            links = List.copyOf(links);
            if (links.size() < 2) {
                throw new IllegalArgumentException("a group needs at least 2 links, not " + links.size());
            }
        }

        /**
         * The entry the kernel creates the file from; later links become hard links to its name.
         *
         * @return the entry the kernel creates the file from; later links become hard links to its name
         */
        public CpioEntry first() {
            return links.get(0);
        }

        /**
         * The index in {@link #links()} of the link whose data is the file's content: the last link
         * with a size above 0 (newc writers put the data on the last link and size 0 on the others;
         * odc gives every link the data, and the kernel keeps what was written last), else the last
         * link (an empty file).
         *
         * @return the index in {@link #links()} of the link whose data is the file's content: the last link with a size above 0 (newc writers put the data on the last link and size 0 on the others; odc gives every link the data, and the kernel keeps what was written last), else the last link (an empty file)
         */
        public int dataIndex() {
            for (int i = links.size() - 1; i >= 0; i--) {
                if (links.get(i).size() > 0) {
                    return i;
                }
            }
            return links.size() - 1;
        }

        /**
         * The link at {@link #dataIndex()}.
         *
         * @return the link at {@link #dataIndex()}
         */
        public CpioEntry dataCarrier() {
            return links.get(dataIndex());
        }
    }
}
