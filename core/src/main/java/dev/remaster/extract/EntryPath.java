package dev.remaster.extract;

import java.util.ArrayList;
import java.util.List;

/**
 * An entry name split into components, with empty and {@code .} components dropped. It remembers
 * whether the name was absolute and whether it had a {@code ..} component anywhere; it never
 * resolves {@code ..} itself.
 */
record EntryPath(List<String> components, boolean absolute, boolean dotDot) {

    EntryPath {
        components = List.copyOf(components);
    }

    static EntryPath parse(String name) {
        List<String> parts = new ArrayList<>();
        boolean dotDot = false;
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                dotDot = true;
            }
            parts.add(part);
        }
        return new EntryPath(parts, name.startsWith("/"), dotDot);
    }

    /** The components joined with {@code /}: the normalised name, {@code ""} for the target itself. */
    String joined() {
        return String.join("/", components);
    }

    /** Whether the name is the target directory itself ({@code .}, {@code /}, {@code ./}). */
    boolean isRoot() {
        return components.isEmpty();
    }

    int depth() {
        return components.size();
    }

    String last() {
        return components.get(components.size() - 1);
    }

    List<String> parent() {
        return components.subList(0, components.size() - 1);
    }
}
