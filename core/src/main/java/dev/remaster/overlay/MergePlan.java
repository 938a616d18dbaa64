package dev.remaster.overlay;

import java.util.List;
import java.util.Set;

/**
 * What to write, per segment index of the source layout: the steps in output order, or null for
 * a padding segment.
 */
record MergePlan(List<List<Step>> steps, Set<String> viewPaths) {

    /** Whether every step of segment {@code i} keeps its source entry unchanged. */
    boolean untouched(int i) {
        List<Step> s = steps.get(i);
        return s == null || s.stream().allMatch(x -> x instanceof Step.Keep);
    }

    /** Whether the edit removes a path or changes a path's type: what an appended segment cannot express. */
    String firstDeletion() {
        for (List<Step> seg : steps) {
            if (seg == null) {
                continue;
            }
            for (Step s : seg) {
                if (s instanceof Step.Drop d && d.source().path() != null && !viewPaths.contains(d.source().path())) {
                    return d.source().path();
                }
                if (s instanceof Step.Overlay o && o.replaces() != null
                        && o.replaces().header().type() != o.header().type()) {
                    return o.path();
                }
            }
        }
        return null;
    }
}
