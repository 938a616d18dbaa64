package dev.remaster.internal;

/**
 * What a member's decoding learned that lets an edit find the member's independent chunks without
 * decoding it again: gzip's flush-point scan, zstd's block log. Evidence, not proof: the chunks
 * found from it are still verified before they are copied.
 */
public interface ChunkEvidence {
}
