package dev.remaster.cpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LinkGroupsTest {

    private static CpioEntry link(String name, long inode, long nlink, long size) {
        return CpioEntry.builder(name).mode(0100644).inode(inode).nlink(nlink).size(size).dev(8, 1).build();
    }

    @Test
    void groupsLinksByKeyInOrder() {
        CpioEntry a = link("a", 10, 3, 0);
        CpioEntry x = link("x", 11, 1, 5);
        CpioEntry b = link("b", 10, 3, 0);
        CpioEntry p = link("p", 12, 2, 0);
        CpioEntry c = link("c", 10, 3, 7);
        CpioEntry q = link("q", 12, 2, 4);
        LinkGroups groups = LinkGroups.of(List.of(a, x, b, p, c, q, CpioEntry.trailer()));
        assertEquals(2, groups.groups().size());
        LinkGroups.Group first = groups.groups().get(0);
        assertEquals(new LinkKey(8, 1, 10, EntryType.REGULAR), first.key());
        assertEquals(List.of(a, b, c), first.links());
        assertEquals(0, first.archiveIndex());
        assertEquals(2, first.dataIndex());
        assertSame(c, first.dataCarrier());
        assertEquals(List.of(p, q), groups.groups().get(1).links());
        assertEquals(Optional.of(first), groups.groupOf(0, b));
        assertEquals(Optional.empty(), groups.groupOf(0, x));
        assertEquals(Optional.empty(), groups.groupOf(1, b));
    }

    @Test
    void theDataCarrierIsTheLastLinkWithData() {
        // odc: every link has the data.
        List<CpioEntry> odc = List.of(link("a", 1, 3, 5), link("b", 1, 3, 5), link("c", 1, 3, 5));
        assertEquals(2, LinkGroups.of(odc).groups().get(0).dataIndex());
        // The kernel accepts the data on any link.
        List<CpioEntry> first = List.of(link("a", 1, 3, 5), link("b", 1, 3, 0), link("c", 1, 3, 0));
        assertEquals(0, LinkGroups.of(first).groups().get(0).dataIndex());
        // An empty file: no link has data.
        List<CpioEntry> empty = List.of(link("a", 1, 2, 0), link("b", 1, 2, 0));
        assertEquals(1, LinkGroups.of(empty).groups().get(0).dataIndex());
    }

    @Test
    void groupsAreScopedPerArchive() {
        List<CpioEntry> entries = List.of(
                link("a", 1, 2, 0), CpioEntry.trailer(),
                link("b", 1, 2, 5), link("c", 1, 2, 0), link("d", 1, 2, 5), CpioEntry.trailer(),
                link("e", 1, 2, 0), link("f", 1, 2, 5));
        LinkGroups groups = LinkGroups.of(entries);
        assertEquals(2, groups.groups().size(), "a is alone in the first archive");
        assertEquals(0, groups.inArchive(0).size());
        LinkGroups.Group second = groups.inArchive(1).get(new LinkKey(8, 1, 1, EntryType.REGULAR));
        assertEquals(List.of("b", "c", "d"), second.links().stream().map(CpioEntry::name).toList());
        assertEquals(1, second.archiveIndex());
        LinkGroups.Group third = groups.groups().get(1);
        assertEquals(2, third.archiveIndex(), "the archive after the last trailer counts even without its own");
        assertEquals(third, groups.inArchive(2).get(new LinkKey(8, 1, 1, EntryType.REGULAR)));
        assertTrue(groups.inArchive(7).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> groups.inArchive(-1));
    }

    @Test
    void directoriesAndSingleLinksAreNeverGrouped() {
        CpioEntry d1 = CpioEntry.directory("d1", 0755).toBuilder().inode(5).nlink(3).build();
        CpioEntry d2 = CpioEntry.directory("d2", 0755).toBuilder().inode(5).nlink(3).build();
        CpioEntry alone = link("alone", 6, 2, 3);
        CpioEntry plain1 = link("p1", 7, 1, 3);
        CpioEntry plain2 = link("p2", 7, 1, 3);
        assertTrue(LinkGroups.of(List.of(d1, d2, alone, plain1, plain2)).groups().isEmpty());
    }

    @Test
    void symbolicLinksSharingAnInodeAreNeverGrouped() {
        // The kernel's maybe_link is never called for symlinks, whatever c_nlink says.
        CpioEntry s1 = CpioEntry.symlink("s1", "t").toBuilder().dev(8, 1).inode(9).nlink(2).build();
        CpioEntry s2 = s1.toBuilder().name("s2").build();
        assertTrue(LinkGroups.of(List.of(s1, s2)).groups().isEmpty());
    }

    @Test
    void aFileAndANodeSharingNumbersAreTwoFiles() {
        // find_link compares the mode's S_IFMT bits too.
        CpioEntry file = link("f", 4, 2, 0);
        CpioEntry node = CpioEntry.charDevice("c", 0600, 1, 3).toBuilder().dev(8, 1).inode(4).nlink(2).build();
        assertTrue(LinkGroups.of(List.of(file, node)).groups().isEmpty());
    }

    @Test
    void nodesWithOneKeyAreGroupedAndTheFirstMakesTheFile() {
        CpioEntry c1 = CpioEntry.charDevice("c1", 0600, 1, 3).toBuilder().dev(8, 1).inode(4).nlink(2).build();
        CpioEntry c2 = c1.toBuilder().name("c2").build();
        LinkGroups.Group g = LinkGroups.of(List.of(c1, c2)).groups().get(0);
        assertEquals(new LinkKey(8, 1, 4, EntryType.CHAR_DEVICE), g.key());
        assertSame(c1, g.first());
        assertEquals(List.of(c1, c2), g.links());
    }

    @Test
    void otherDevicesMakeOtherGroups() {
        CpioEntry a = link("a", 1, 2, 0);
        CpioEntry b = a.toBuilder().name("b").dev(8, 2).build();
        assertTrue(LinkGroups.of(List.of(a, b)).groups().isEmpty());
    }

    @Test
    void groupsAreImmutableAndChecked() {
        LinkGroups groups = LinkGroups.of(List.of(link("a", 1, 2, 0), link("b", 1, 2, 1)));
        assertThrows(UnsupportedOperationException.class, () -> groups.groups().clear());
        assertThrows(UnsupportedOperationException.class, () -> groups.groups().get(0).links().clear());
        assertThrows(IllegalArgumentException.class,
                () -> new LinkGroups.Group(0, new LinkKey(0, 0, 1, EntryType.REGULAR), List.of(link("a", 1, 2, 0))));
        assertThrows(NullPointerException.class, () -> LinkGroups.of(null));
    }
}
