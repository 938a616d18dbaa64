package dev.remaster.compress.gzip;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The bookkeeping of a {@link FlushPointScan} inside the gzip decoder: finds the next
 * {@code 00 00 ff ff} in the bytes about to be fed to the inflater (so that the decoder feeds only
 * up to it), and records a span each time the decoder reports that the inflater consumed the input
 * up to a candidate and wrote all the output it could.
 *
 * <p>A candidate closer than {@value #MIN_SPAN} compressed bytes to the previous point is passed
 * over (pigz writes two flush markers 5 bytes apart; stored data could hold the pattern over and
 * over): that bounds the number of spans by the member's size, and loses nothing real, since a
 * chunk compresses at least 1 MiB to more than that.
 *
 * <p>The span CRCs are what the decoder computes anyway: it resets its CRC at each point, and the
 * member's CRC is rebuilt with {@link Crc32Combine}, so scanning costs no second pass over the
 * output.
 */
public final class FlushPointRecorder {
    /** The least distance, in compressed bytes, from one recorded point to the next. */
    static final int MIN_SPAN = 256;
    private final long memberOffset;
    private final Consumer<? super FlushPointScan> whenDone;
    private final List<DeflateSpan> spans = new ArrayList<>();
    private long deflateStart;
    /** The last three bytes fed, most recent in the low byte; -1 marks "none yet". */
    private int tail = -1;
    private int tailCount;
    private boolean atCandidate;
    private long spanCompressedStart;
    private long spanUncompressedStart;
    private long crcBefore;

    public FlushPointRecorder(long memberOffset, Consumer<? super FlushPointScan> whenDone) {
        this.memberOffset = memberOffset;
        this.whenDone = whenDone;
    }

    /** The deflate data starts {@code consumed} bytes into the member. */
    public void start(long consumed) {
        deflateStart = consumed;
        spanCompressedStart = consumed;
    }

    /** Whether the input fed last ends at a candidate. */
    public boolean atCandidate() {
        return atCandidate;
    }

    /**
     * How many of the {@code available} bytes at {@code buf[pos]}, which is {@code consumed}
     * bytes into the member, to feed: up to and including the end of the first {@code 00 00 ff ff}
     * among them (counting the bytes fed before) at least {@link #MIN_SPAN} bytes after the
     * previous point, or all.
     */
    public int limit(byte[] buf, int pos, int available, long consumed) {
        int end = pos + available;
        int found = -1;
        // The candidate's last byte i must satisfy consumed + (i - pos) + 1 >= previous point + MIN_SPAN.
        long firstAllowed = pos + (spanCompressedStart + MIN_SPAN - 1 - consumed);
        for (int i = (int) Math.max(pos, Math.min(end, firstAllowed)); i < end; i++) {
            if (buf[i] == (byte) 0xFF && byteBefore(buf, pos, i, 1) == 0xFF && byteBefore(buf, pos, i, 2) == 0
                    && byteBefore(buf, pos, i, 3) == 0) {
                found = i;
                break;
            }
        }
        int fed = found < 0 ? available : found + 1 - pos;
        for (int i = Math.max(pos, pos + fed - 3); i < pos + fed; i++) {
            tail = (tail << 8) | (buf[i] & 0xFF);
            tailCount = Math.min(3, tailCount + 1);
        }
        atCandidate = found >= 0;
        return fed;
    }

    /** The byte {@code back} places before {@code buf[i]}, from the tail when it lies before pos; -1 if none. */
    private int byteBefore(byte[] buf, int pos, int i, int back) {
        int j = i - back;
        if (j >= pos) {
            return buf[j] & 0xFF;
        }
        int fromTail = pos - j; // 1 = the last byte fed
        return fromTail <= tailCount ? (tail >>> (8 * (fromTail - 1))) & 0xFF : -1;
    }

    /**
     * The inflater consumed everything up to the candidate ({@code consumed} bytes into the member)
     * and wrote all it could ({@code written} bytes in all), whose CRC since the previous point is
     * {@code spanCrc}: records the span that ends here.
     */
    public void point(long consumed, long written, long spanCrc) {
        spans.add(span(consumed, written, spanCrc, false));
        spanCompressedStart = consumed;
        spanUncompressedStart = written;
        atCandidate = false;
    }

    /** The deflate stream ended {@code consumed} bytes into the member: records the last span. */
    public void end(long consumed, long written, long spanCrc) {
        spans.add(span(consumed, written, spanCrc, true));
        atCandidate = false;
    }

    /** The member's CRC once {@link #end} has recorded the last span. */
    public long memberCrc() {
        return crcBefore;
    }

    /** The trailer was checked: hands the scan over. */
    public void done() {
        whenDone.accept(new FlushPointScan(memberOffset, memberOffset + deflateStart,
                spans.get(spans.size() - 1).compressedEnd(), spans));
    }

    private DeflateSpan span(long consumed, long written, long spanCrc, boolean ends) {
        DeflateSpan s = new DeflateSpan(memberOffset + spanCompressedStart, memberOffset + consumed,
                spanUncompressedStart, written, spanCrc, ends);
        crcBefore = Crc32Combine.combine(crcBefore, spanCrc, written - spanUncompressedStart);
        return s;
    }
}
