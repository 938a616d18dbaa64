package dev.remaster.cpio;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LinkTableTest {
    private static CpioEntry file(String name, long ino) {
        return CpioEntry.file(name, 0644, 0).toBuilder().inode(ino).nlink(2).build();
    }

    @Test
    void theFirstLinkMakesTheGroupLaterOnesJoinItUntilTheTrailer() {
        LinkTable<List<String>> table = new LinkTable<>();
        CpioEntry a = file("a", 7);
        CpioEntry b = file("b", 7);
        CpioEntry other = file("c", 8);
        assertNull(table.existing(a));
        List<String> group = table.of(a, e -> new ArrayList<>(List.of(e.name())));
        table.of(b, e -> new ArrayList<>()).add(b.name());
        assertSame(group, table.existing(b));
        assertEquals(List.of("a", "b"), group);
        table.of(other, e -> new ArrayList<>(List.of(e.name())));
        List<Map.Entry<LinkKey, List<String>>> ended = table.endArchive();
        assertEquals(List.of(List.of("a", "b"), List.of("c")), ended.stream().map(Map.Entry::getValue).toList());
        assertNull(table.existing(a), "the trailer forgets every group, as the kernel does");
    }

    @Test
    void aDeviceNodeWithTheSameNumbersIsAnotherGroupAndUnlinkedEntriesHaveNone() {
        LinkTable<String> table = new LinkTable<>();
        table.of(file("a", 7), e -> "file");
        CpioEntry node = CpioEntry.charDevice("n", 0600, 1, 3).toBuilder().inode(7).nlink(2).build();
        assertEquals("node", table.of(node, e -> "node"));
        CpioEntry symlink = CpioEntry.symlink("s", "a").toBuilder().inode(7).nlink(2).build();
        assertNull(table.existing(symlink));
        assertThrows(IllegalArgumentException.class, () -> table.of(symlink, e -> "link"));
        assertThrows(IllegalArgumentException.class, () -> table.of(CpioEntry.file("lone", 0644, 0), e -> "lone"));
    }
}
