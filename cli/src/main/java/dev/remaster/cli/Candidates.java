package dev.remaster.cli;

import java.util.ArrayList;
import java.util.List;

/** The values of options that take a word from a fixed set, for help and shell completion. */
final class Candidates {
    private Candidates() {
    }

    /** Compressions {@code --compress} takes. */
    static final class Codecs extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Codecs() {
            super(List.of("none", "gzip", "zstd", "xz", "lzma", "bzip2", "lz4", "lzo"));
        }
    }

    /** cpio formats {@code --format} takes. */
    static final class Formats extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Formats() {
            super(List.of("newc", "crc", "odc"));
        }
    }

    /** Policies of {@code --absolute-names}. */
    static final class AbsoluteNamePolicies extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        AbsoluteNamePolicies() {
            super(List.of("strip", "skip", "fail"));
        }
    }

    /** Policies of {@code --dot-dot}. */
    static final class DotDotPolicies extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        DotDotPolicies() {
            super(List.of("skip", "fail"));
        }
    }
}
