package dev.remaster.image;

import dev.remaster.compress.MemberInputStream;

import java.io.IOException;

/**
 * Sees the decoder of each compressed member as an {@link ImageReader} opens it, before a byte
 * has been read from it: to watch or instrument a member's decompression without reading the
 * image twice. The reader reads the decoder itself (possibly on a thread of its own); an observer
 * must not read or close it.
 *
 * <pre>{@code
 * MemberObserver log = (segment, memberOffset, decoder) ->
 *         System.out.println("segment " + segment + ": " + decoder.compression() + " member at " + memberOffset);
 * try (ImageReader r = ImageReader.open(path, ReadOptions.defaults(), log)) {
 *     while (r.next() != null) { }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface MemberObserver {

    /** Observes nothing. */
    MemberObserver NONE = (segment, memberOffset, decoder) -> { };

    /**
     * A member's decoder was opened.
     *
     * @param segment the index of the member's segment in the image's layout, from 0
     * @param memberOffset where the member starts in the file
     * @param decoder the member's decoder, not yet read
     * @throws IOException to stop reading the image with this failure
     */
    void opened(int segment, long memberOffset, MemberInputStream decoder) throws IOException;
}
