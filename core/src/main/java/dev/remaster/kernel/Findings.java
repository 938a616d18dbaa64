package dev.remaster.kernel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects findings as they are made and hands them out in image order. Rules about a segment as a
 * whole are often decided only once the segment has been read, after its entries; sorting puts
 * them before the segment's entry findings again.
 */
final class Findings {
    private record Ranked(Finding finding, boolean segmentLevel, long sequence) {
    }

    private final List<Ranked> found = new ArrayList<>();
    private long sequence;

    /** A finding about one entry. */
    void entry(Severity severity, LintCode code, int segment, String entryName, long offset, String message) {
        found.add(new Ranked(new Finding(severity, code, segment, entryName, offset, message), false, sequence++));
    }

    /** A finding about a segment, a member, or (with segment -1) the whole image. */
    void segment(Severity severity, LintCode code, int segment, long offset, String message) {
        found.add(new Ranked(new Finding(severity, code, segment, null, offset, message), true, sequence++));
    }

    /** Every finding: by segment, segment-level ones first, then in the order they were made. */
    List<Finding> sorted() {
        return found.stream()
                .sorted(Comparator.comparingInt((Ranked r) -> r.finding().segment())
                        .thenComparing(r -> !r.segmentLevel())
                        .thenComparingLong(Ranked::sequence))
                .map(Ranked::finding)
                .toList();
    }
}
