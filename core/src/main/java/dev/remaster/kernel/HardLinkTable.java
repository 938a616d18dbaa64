package dev.remaster.kernel;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryType;
import dev.remaster.cpio.LinkKey;
import dev.remaster.cpio.LinkTable;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kernel's hard link table (init/initramfs.c {@code find_link}), and what it leaves behind.
 *
 * <p>An entry with a link count of 2 or more is looked up by device numbers, inode number and file
 * type. The first one of a key is created as a file; every later one becomes a hard link to the
 * first one's name. The table is emptied at every trailer, so links in different archives are
 * never joined: when the group's data is on one side of a trailer, the links on the other side
 * end up as separate empty files. This class remembers, across archives, the groups that ended
 * with fewer links than their link count, to tell when that happened.
 */
final class HardLinkTable {
    private static final class Group {
        final String firstName;
        final String shownName;
        final int segment;
        final long offset;
        final long nlink;
        int links;
        boolean hasData;
        String dataName;

        Group(String firstName, String shownName, int segment, long offset, long nlink) {
            this.firstName = firstName;
            this.shownName = shownName;
            this.segment = segment;
            this.offset = offset;
            this.nlink = nlink;
        }
    }

    private final LinkTable<Group> archive = new LinkTable<>();
    private final Map<LinkKey, Group> incomplete = new LinkedHashMap<>();
    private final Findings findings;

    HardLinkTable(Findings findings) {
        this.findings = findings;
    }

    /**
     * Looks {@code e} up as the kernel does, adding it when its key is new.
     *
     * @param rawName the entry's name as a Latin-1 string of its bytes
     * @return the name of the group's first link, which the kernel links {@code e} to; or
     *     {@code null} when {@code e} is the first of its group and is created as a file
     */
    String lookUp(CpioEntry e, String rawName, int segment) {
        Group earlier = archive.existing(e);
        Group g = archive.of(e, first -> new Group(rawName, first.name(), segment, first.headerOffset(), first.nlink()));
        String linkTo = earlier == null ? null : g.firstName;
        g.links++;
        if (e.size() > 0) {
            g.hasData = true;
            g.dataName = e.name();
        }
        return linkTo;
    }

    /** A trailer: the kernel forgets every link. */
    void endArchive() {
        for (Map.Entry<LinkKey, Group> m : archive.endArchive()) {
            Group g = m.getValue();
            if (g.links >= g.nlink || m.getKey().type() != EntryType.REGULAR) {
                // Complete, or a node: nodes have no data to lose.
                continue;
            }
            Group earlier = incomplete.remove(m.getKey());
            if (earlier != null && earlier.hasData != g.hasData) {
                Group empty = g.hasData ? earlier : g;
                Group full = g.hasData ? g : earlier;
                findings.entry(Severity.ERROR, LintCode.HARDLINK_SPLIT, empty.segment, empty.shownName, empty.offset,
                        "hard link group (link count " + empty.nlink + ") split by a trailer: the kernel forgets "
                                + "links at each trailer, so these " + empty.links + " link(s) become separate empty "
                                + "files; the data is on '" + full.dataName + "' in " + (g.hasData ? "a later" : "an earlier")
                                + " archive");
                continue;
            }
            if (earlier != null) {
                reportNoData(earlier);
            }
            incomplete.put(m.getKey(), g);
        }
    }

    /** The end of the image: the groups never completed are reported. */
    void finish() {
        endArchive();
        for (Group g : incomplete.values()) {
            reportNoData(g);
        }
        incomplete.clear();
    }

    private void reportNoData(Group g) {
        if (!g.hasData) {
            findings.entry(Severity.INFO, LintCode.HARDLINK_NO_DATA, g.segment, g.shownName, g.offset,
                    "hard link group with link count " + g.nlink + " has " + g.links + " link(s) in its archive and no "
                            + "data: its files are empty (right only if the file is empty; otherwise the link "
                            + "carrying the data is missing)");
        }
    }
}
