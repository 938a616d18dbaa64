package dev.remaster.script;

import dev.remaster.cpio.EntryType;
import dev.remaster.overlay.AppendScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppendScopesTest {
    @TempDir
    Path dir;

    @Test
    void newEntriesNeedTheirDirectoryAndMkdirItsOwn() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        AppendScope scope = AppendScopes.of(List.of(
                new EditOperation.Put(file, "etc//motd", null, null, null),
                new EditOperation.Symlink("/bin/vi", "busybox"),
                new EditOperation.MakeNode("/dev/ttyS1", EntryType.CHAR_DEVICE, 4, 65, 0660, null, null),
                new EditOperation.MakeDirectory("/opt/x/", null, null, null)));
        assertEquals(new AppendScope(List.of("/etc", "/bin", "/dev", "/opt/x"), false), scope);
    }

    @Test
    void aDirectoryPutNeedsEveryDirectoryItMergesWith() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
        Files.writeString(tree.resolve("file"), "x");
        AppendScope scope = AppendScopes.of(List.of(new EditOperation.Put(dir.resolve("tree"), "/usr/local", null,
                null, null)));
        assertEquals(List.of("/usr", "/usr/local", "/usr/local/a", "/usr/local/a/b"),
                scope.directories().stream().sorted().toList());
    }

    @Test
    void changingAPathOfTheImageNeedsEveryEntryButOneTheListMadeDoesNot() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        Files.createDirectories(dir.resolve("tree/sub"));
        assertTrue(AppendScopes.of(List.of(new EditOperation.ChangeMode("/etc/passwd", 0600))).wholeImage());
        assertTrue(AppendScopes.of(List.of(new EditOperation.ChangeOwner("/etc", 0, 0))).wholeImage());
        assertTrue(AppendScopes.of(List.of(new EditOperation.Remove("/etc/motd"))).wholeImage());
        AppendScope made = AppendScopes.of(List.of(
                new EditOperation.Put(file, "/etc/motd", null, null, null),
                new EditOperation.ChangeMode("/etc/motd", 0600),
                new EditOperation.Put(dir.resolve("tree"), "/opt/t", null, null, null),
                new EditOperation.ChangeOwner("/opt/t/sub", 1, 1)));
        assertFalse(made.wholeImage());
    }
}
