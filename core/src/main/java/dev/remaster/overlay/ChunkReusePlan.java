package dev.remaster.overlay;

import dev.remaster.cpio.CpioFormat;
import dev.remaster.internal.ChunkSpan;

import java.util.ArrayList;
import java.util.List;

/**
 * Which chunks of a gzip or zstd segment a rewrite copies and which runs of chunks it writes again.
 *
 * <p>Each step belongs to the chunk holding its source entry; a step that adds an entry belongs
 * to the chunk of the step before it (or, at the very start, of the first source entry). A chunk
 * is copied when all its steps keep their entry unchanged in the output's header format; runs of
 * the other chunks are joined into one piece, decompressed from its first chunk and rewritten.
 *
 * @param pieces in output order, covering every step and every chunk once
 */
record ChunkReusePlan(List<Piece> pieces) {

    /**
     * A chunk copied ({@code copy}) or a run of chunks rewritten, with its steps.
     *
     * @param copy whether the chunk's compressed bytes are copied
     * @param chunk the chunk, or the run's chunks joined
     * @param firstStep the index of its first step
     * @param endStep the index after its last step
     * @param endsAtTrailer whether the last step written up to the end of this piece is a trailer
     */
    record Piece(boolean copy, ChunkSpan chunk, int firstStep, int endStep, boolean endsAtTrailer) {
    }

    /** How many chunks are copied. */
    int copiedChunks() {
        return (int) pieces.stream().filter(Piece::copy).count();
    }

    /**
     * The plan for writing {@code steps} (a segment's steps in output order) over {@code chunks}, the
     * segment's independent chunks on entry boundaries, tiling its cpio bytes;
     * null when the steps do not follow the chunks in order (the caller then rewrites the segment
     * whole).
     */
    static ChunkReusePlan of(List<Step> steps, List<? extends ChunkSpan> chunks, long segmentOffset,
            CpioFormat format) {
        int n = chunks.size();
        int[] chunkOfStep = new int[steps.size()];
        int current = -1;
        for (int i = 0; i < steps.size(); i++) {
            SourceEntry source = steps.get(i).source();
            if (source != null) {
                long offset = source.header().headerOffset() - segmentOffset;
                if (offset < 0 || offset >= chunks.get(n - 1).uncompressedEnd()) {
                    return null; // not an entry of the indexed stream: the index does not fit
                }
                int k = ChunkSpan.indexOf(chunks, offset);
                if (k < current) {
                    return null;
                }
                current = k;
            }
            chunkOfStep[i] = current;
        }
        int firstChunk = firstAssigned(chunkOfStep);
        for (int i = 0; i < steps.size() && chunkOfStep[i] < 0; i++) {
            chunkOfStep[i] = firstChunk;
        }
        int[] firstStep = new int[n + 1];
        boolean[] rewrite = new boolean[n];
        int i = 0;
        for (int k = 0; k < n; k++) {
            firstStep[k] = i;
            boolean sawFirst = false;
            for (; i < steps.size() && chunkOfStep[i] == k; i++) {
                Step s = steps.get(i);
                if (!(s instanceof Step.Keep) || s.source() == null || s.source().header().format() != format) {
                    rewrite[k] = true;
                } else if (!sawFirst && s.source().header().headerOffset() - segmentOffset != chunks.get(k).uncompressedStart()) {
                    return null; // the chunk does not start with this entry: the index does not fit
                }
                sawFirst |= s.source() != null;
            }
        }
        firstStep[n] = i;
        if (i != steps.size()) {
            return null;
        }
        // A chunk that ends the deflate stream can only be copied last, and the archive must end
        // at a trailer for the copy to end it.
        ChunkSpan last = chunks.get(n - 1);
        if (last.endsStream() && !rewrite[n - 1] && !endsWithTrailer(steps, steps.size())) {
            rewrite[n - 1] = true;
        }
        List<Piece> pieces = new ArrayList<>();
        for (int k = 0; k < n; ) {
            int end = k + 1;
            ChunkSpan chunk = chunks.get(k);
            if (rewrite[k]) {
                while (end < n && rewrite[end]) {
                    chunk = chunk.join(chunks.get(end));
                    end++;
                }
            }
            pieces.add(new Piece(!rewrite[k], chunk, firstStep[k], firstStep[end], endsWithTrailer(steps, firstStep[end])));
            k = end;
        }
        return new ChunkReusePlan(pieces);
    }

    private static int firstAssigned(int[] chunkOfStep) {
        for (int k : chunkOfStep) {
            if (k >= 0) {
                return k;
            }
        }
        return 0;
    }

    /** Whether the last of the first {@code count} steps writes a trailer. */
    private static boolean endsWithTrailer(List<Step> steps, int count) {
        if (count == 0) {
            return false;
        }
        Step s = steps.get(count - 1);
        return s instanceof Step.Keep && s.source() != null && s.source().header().isTrailer();
    }
}
