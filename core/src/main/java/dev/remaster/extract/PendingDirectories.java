package dev.remaster.extract;

import dev.remaster.cpio.CpioEntry;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The directories extracted so far, with the entry whose owner, mode and mtime they get at the
 * end: applied earlier, a read-only mode would stop the directory being filled, and every file
 * created inside would move its mtime. A later entry for the same directory wins.
 */
final class PendingDirectories {
    private final Map<List<String>, CpioEntry> pending = new HashMap<>();

    void record(EntryPath path, CpioEntry e) {
        pending.put(path.components(), e);
    }

    /** Forgets {@code components} and everything under it: that directory was removed. */
    void forget(List<String> components) {
        pending.keySet().removeIf(k -> k.size() >= components.size()
                && k.subList(0, components.size()).equals(components));
    }

    /**
     * Applies each directory's metadata, deepest first, so that a parent made read-only last does
     * not stop its children being changed. Each directory is reached again through
     * {@link TargetTree#directory}, so nothing is applied through a link.
     */
    void applyAll(TargetTree tree, MetadataWriter metadata, ReportBuilder report) throws IOException {
        List<Map.Entry<List<String>, CpioEntry>> order = new ArrayList<>(pending.entrySet());
        order.sort(Comparator.comparingInt((Map.Entry<List<String>, CpioEntry> d) -> d.getKey().size()).reversed());
        for (Map.Entry<List<String>, CpioEntry> d : order) {
            List<String> components = d.getKey();
            CpioEntry e = d.getValue();
            try {
                Path dir = tree.directory(components, false);
                BasicFileAttributes a = TargetTree.lstat(dir);
                if (a == null || !a.isDirectory()) {
                    report.note(e, "the directory is gone; its metadata was not applied");
                    continue;
                }
                metadata.apply(dir, e);
            } catch (Refusal r) {
                report.note(e, "metadata not applied: " + r.getMessage());
            } catch (IOException x) {
                throw new ExtractException(e.name(), e.headerOffset(),
                        "applying the directory's metadata: " + ExtractionRun.describe(x), x);
            }
        }
        pending.clear();
    }
}
