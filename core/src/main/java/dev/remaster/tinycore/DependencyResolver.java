package dev.remaster.tinycore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows {@code .dep} files the way {@code tce-load} does: {@code NAME.tcz.dep} beside
 * {@code NAME.tcz} names one extension file a line (blanks removed, empty lines skipped); the
 * placeholder {@code -KERNEL.tcz} stands for {@code -<kernel version>.tcz}; dependencies are
 * looked for in the directory of the extension that was asked for, and loaded before the
 * extensions that need them. A dependency seen again is loaded once; a cycle is cut.
 */
final class DependencyResolver {
    private static final String PLACEHOLDER = "-KERNEL.tcz";

    private final String kernelVersion;
    private final String kernelUnknown;
    /** Extension file name to its path, in load order. */
    private final Map<String, Path> order = new LinkedHashMap<>();
    private final Set<String> visiting = new HashSet<>();
    private final List<MissingDependencyException.Missing> missing = new ArrayList<>();

    /**
     * @param kernelVersion the version for the {@code KERNEL} placeholder, or null
     * @param kernelUnknown why the version is unknown, for the report
     */
    DependencyResolver(String kernelVersion, String kernelUnknown) {
        this.kernelVersion = kernelVersion;
        this.kernelUnknown = kernelUnknown;
    }

    /** Adds {@code extension} (a {@code .tcz} file) and what it needs. */
    void add(Path extension) throws IOException {
        visit(extension.getParent() == null ? Path.of(".") : extension.getParent(),
                extension.getFileName().toString(), new ArrayList<>());
    }

    private void visit(Path dir, String name, List<String> chain) throws IOException {
        if (order.containsKey(name) || visiting.contains(name)) {
            return;
        }
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            String hint = name.endsWith(".tcz") ? "" : " (.dep files name extensions with their .tcz suffix)";
            missing.add(new MissingDependencyException.Missing(name, chain, "not found in " + dir + hint));
            return;
        }
        visiting.add(name);
        Path dep = dir.resolve(name + ".dep");
        if (Files.isRegularFile(dep)) {
            List<String> next = new ArrayList<>(chain);
            next.add(name);
            for (String line : Files.readAllLines(dep, StandardCharsets.ISO_8859_1)) {
                String d = line.replaceAll("[\\t ]+", "");
                // tce-load keeps only the file name.
                d = d.substring(d.lastIndexOf('/') + 1);
                if (d.isEmpty()) {
                    continue;
                }
                if (d.contains(PLACEHOLDER)) {
                    if (kernelVersion == null) {
                        missing.add(new MissingDependencyException.Missing(d, next,
                                "the kernel version for KERNEL is unknown: " + kernelUnknown));
                        continue;
                    }
                    d = d.replace(PLACEHOLDER, "-" + kernelVersion + ".tcz");
                }
                visit(dir, d, next);
            }
        }
        visiting.remove(name);
        order.put(name, file);
    }

    /** The extension files in load order. */
    Map<String, Path> order() {
        return order;
    }

    /** What could not be found. */
    List<MissingDependencyException.Missing> missing() {
        return missing;
    }
}
