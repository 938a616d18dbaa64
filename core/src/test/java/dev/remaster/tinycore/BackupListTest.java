package dev.remaster.tinycore;

import dev.remaster.overlay.EditableImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackupListTest {
    @TempDir
    Path dir;

    @Test
    void addListsAPathOnceWithoutItsLeadingSlash() throws IOException {
        Path out = SampleImages.editedTwice(dir, image -> {
            BackupList list = BackupList.included(image);
            list.add("/etc/ssh");
            list.add("etc/ssh");
            list.add("/home");
        });
        Map<String, SampleImages.Item> t = SampleImages.tree(out);
        assertEquals("opt\nhome\netc/ssh\n", t.get(BackupList.INCLUDED).text());
        assertEquals("REGULAR 0664 0:50", t.get(BackupList.INCLUDED).summary());
        try (EditableImage image = EditableImage.open(out)) {
            assertEquals(List.of("opt", "home", "etc/ssh"), BackupList.included(image).entries());
        }
    }

    @Test
    void removeDropsEveryLineNamingThePath() throws IOException {
        Path out = SampleImages.editedTwice(dir, image -> BackupList.included(image).remove("/opt"));
        assertEquals("home\n", SampleImages.tree(out).get(BackupList.INCLUDED).text());
    }

    @Test
    void aMissingListIsCreatedWithTinyCoresModeAndGroup() throws IOException {
        Path out = SampleImages.editedTwice(dir, image -> BackupList.excluded(image).add("home/tc/.cache"));
        SampleImages.Item x = SampleImages.tree(out).get(BackupList.EXCLUDED);
        assertEquals("REGULAR 0664 0:50", x.summary());
        assertEquals("home/tc/.cache\n", x.text());
    }

    @Test
    void badPathsAreRefused() throws IOException {
        try (EditableImage image = EditableImage.open(SampleImages.copy(dir))) {
            assertThrows(IllegalArgumentException.class, () -> BackupList.included(image).add("/"));
            assertThrows(IllegalArgumentException.class, () -> BackupList.included(image).add("a\nb"));
            assertFalse(BackupList.included(image).remove("not/listed"));
            assertTrue(BackupList.included(image).entries().contains("opt"));
            assertFalse(image.isModified());
        }
    }
}
