package dev.remaster.kernel;

import dev.remaster.image.Segment;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link KernelLint} found in one image.
 *
 * @param image the file checked
 * @param findings every finding, in the order of the image: by segment, segment-level findings
 *     before entry findings, then in the order found
 * @param segments the layout of the image as far as it could be read
 * @param entries the number of entries checked, trailers excluded
 * @param complete whether the whole image was read; {@code false} when malformed data stopped the
 *     check (the last finding then says where, and the kernel stops unpacking there too)
 */
public record LintReport(Path image, List<Finding> findings, List<Segment> segments, long entries, boolean complete) {
    /**
     * Checks the components and keeps unmodifiable copies of the lists.
     *
     * @param image the file checked
     * @param findings every finding, in the order of the image: by segment, segment-level findings
     *     before entry findings, then in the order found
     * @param segments the layout of the image as far as it could be read
     * @param entries the number of entries checked, trailers excluded
     * @param complete whether the whole image was read; {@code false} when malformed data stopped the
     *     check (the last finding then says where, and the kernel stops unpacking there too)
     */
    public LintReport {
        Objects.requireNonNull(image, "image");
        findings = List.copyOf(findings);
        segments = List.copyOf(segments);
    }

    /**
     * The number of findings of {@code severity}.
     *
     * @param severity the severity
     * @return the number of findings of {@code severity}
     */
    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /**
     * The number of {@link Severity#ERROR} findings.
     *
     * @return the number of {@link Severity#ERROR} findings
     */
    public long errors() {
        return count(Severity.ERROR);
    }

    /**
     * The number of {@link Severity#WARNING} findings.
     *
     * @return the number of {@link Severity#WARNING} findings
     */
    public long warnings() {
        return count(Severity.WARNING);
    }

    /**
     * Whether any finding is an {@link Severity#ERROR}: the image does not boot as meant.
     *
     * @return whether any finding is an {@link Severity#ERROR}: the image does not boot as meant
     */
    public boolean hasErrors() {
        return errors() > 0;
    }

    /**
     * The findings with {@code code}, in report order.
     *
     * @param code the kind of finding
     * @return the findings with {@code code}, in report order
     */
    public List<Finding> findings(LintCode code) {
        return findings.stream().filter(f -> f.code() == code).toList();
    }
}
