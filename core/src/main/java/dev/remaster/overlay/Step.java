package dev.remaster.overlay;

import dev.remaster.cpio.CpioEntry;

/** One thing the merge writer does, in output order. */
sealed interface Step {
    /** The source entry this step consumes, or null for a step that adds an entry. */
    SourceEntry source();

    /** Write the source entry exactly as read: header bytes and data. */
    record Keep(SourceEntry source) implements Step {
    }

    /** Consume the source entry and write nothing. */
    record Drop(SourceEntry source) implements Step {
    }

    /** Write a new header for the source entry, with its data from the source. */
    record Reheader(SourceEntry source, CpioEntry header) implements Step {
    }

    /**
     * Write an entry whose data (if {@code withData}) comes from the edit view at {@code path};
     * {@code replaces} is the source entry it stands in for, or null for an added entry.
     */
    record Overlay(SourceEntry replaces, String path, CpioEntry header, boolean withData) implements Step {
        @Override
        public SourceEntry source() {
            return replaces;
        }

        Overlay withHeader(CpioEntry h, boolean data) {
            return new Overlay(replaces, path, h, data);
        }
    }
}
