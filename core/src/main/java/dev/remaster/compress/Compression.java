package dev.remaster.compress;

import dev.remaster.compress.gzip.ChunkedGzipOutputStream;
import dev.remaster.compress.zstd.ZstdFrameOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The compressions the Linux kernel can unpack an initramfs from, each read and written in pure
 * Java, and {@link #NONE} for a plain cpio archive.
 *
 * <pre>{@code
 * byte[] head = ...;                                   // the first MAGIC_LENGTH bytes at a member
 * Compression c = Compression.detect(head, 0, head.length);
 * try (MemberInputStream in = c.newDecoder(raw, "initrd.img", offset)) {
 *     in.transferTo(sink);
 *     long next = offset + in.compressedSize();        // where the next member starts
 * }
 * try (OutputStream out = Compression.ZSTD.newEncoder(file, EncoderOptions.defaults(Compression.ZSTD))) {
 *     cpio.writeTo(out);
 * }
 * }</pre>
 *
 * <p><b>Members.</b> A decoder reads exactly one member: one gzip member, one bzip2 stream, one
 * .lzma stream, one xz stream (not the NUL stream padding after it), one lzop file, one lz4 legacy
 * frame (see {@link #LZ4_LEGACY} for where it ends), one zstd frame. What follows is the caller's
 * business: the kernel accepts NUL padding and further members, each decompressed alone.
 *
 * <p><b>What the encoders write</b>, so that the kernel's decompressor accepts it:
 * <table>
 *   <caption>Encoders and levels</caption>
 *   <tr><th>codec</th><th>levels (default)</th><th>output</th></tr>
 *   <tr><td>gzip</td><td>1–9 (6)</td><td>one member, header flags 0, mtime 0, OS Unix, compressed
 *       in independent chunks (full flushes between whole cpio entries) on {@link EncoderOptions#threads()}
 *       threads; the output is the same for any number of threads (about 0.15% larger than one
 *       serial deflate stream at level 9)</td></tr>
 *   <tr><td>bzip2</td><td>1–9 (9)</td><td>the level is the block size in 100 kB</td></tr>
 *   <tr><td>xz</td><td>0–9 (6)</td><td>one stream, LZMA2, check CRC32 (the kernel's xz accepts only
 *       CRC32 or none), the preset's dictionary capped at 1 MiB as the kernel documentation
 *       advises for initramfs; so levels 6 to 9 give the same output</td></tr>
 *   <tr><td>lzma</td><td>0–9 (6)</td><td>.lzma with lc=3 lp=0 pb=2, unknown size and an end
 *       marker, dictionary capped at 8 MiB (the kernel allocates it whole); so levels 6 to 9 give
 *       the same output</td></tr>
 *   <tr><td>lzo</td><td>2–9 (3)</td><td>lzop file, Adler-32 of each 256 KiB block; levels 2 to 6
 *       compress with LZO1X-1 (aircompressor's) and give the same output, as lzop's do; 7 to 9
 *       with Remaster's own thorough LZO1X encoder (an optimal parse, where lzop has
 *       LZO1X-999): about 1.4% smaller than {@code lzop -9} and 22% smaller than level 3 on the
 *       Debian installer's initramfs, at about 7 MB/s</td></tr>
 *   <tr><td>lz4</td><td>1 only</td><td>legacy frame ({@code lz4 -l}), the fast LZ4 compressor
 *       (aircompressor has no high-compression mode), 8 MiB blocks</td></tr>
 *   <tr><td>zstd</td><td>1–19 (3)</td><td>one frame with a content checksum and a window of at
 *       most 8 MiB, by Remaster's own encoder (zstd's strategies fast, double-fast and lazy matching),
 *       compressed in independent jobs of four windows so that the output is the same for any number
 *       of threads</td></tr>
 *   <tr><td>none</td><td>0 only</td><td>the bytes unchanged</td></tr>
 * </table>
 *
 * <p><b>Bounds on bad input.</b> Decoders refuse what would take unbounded memory: xz and lzma
 * dictionaries needing more than {@value #DECODER_MEMORY_LIMIT_MIB} MiB, lzop blocks over 64 MiB, lz4
 * blocks over the LZ4 bound of 8 MiB.
 *
 * <p><b>Limitation.</b> zstd frames are decoded by Remaster's own decoder, which refuses frames
 * that need a dictionary and windows over 1 GiB (more than {@code zstd --ultra -22} and
 * {@code --long} use, 128 MiB, the most kernels 5.9 to 5.15 unpack) with a
 * {@link CompressedDataException} saying so; its memory is about the window plus 16 MiB.
 */
public enum Compression {
    /** A plain cpio archive, passed through; its decoder reads to the end of the input. */
    NONE("none", 0, 0, 0, "cpio", "uncompressed", "raw"),
    /** gzip (deflate), magic {@code 1f 8b} (or {@code 1f 9e}, gzip before 0.5). */
    GZIP("gzip", 1, 6, 9, "gz", "pigz"),
    /** bzip2, magic {@code BZh}. */
    BZIP2("bzip2", 1, 9, 9, "bz2", "bzip"),
    /** The legacy .lzma format of LZMA Utils, magic {@code 5d 00 00}. */
    LZMA("lzma", 0, 6, 9, "lzma-alone"),
    /** xz, magic {@code fd 37 7a 58 5a 00}. */
    XZ("xz", 0, 6, 9, "lzma2"),
    /** lzop's file format around LZO1X, magic {@code 89 4c 5a 4f}. */
    LZO("lzo", 2, 3, 9, "lzop"),
    /**
     * The lz4 legacy frame, magic {@code 02 21 4c 18}, the only lz4 framing the kernel reads. It
     * has no end mark: a member ends where the input ends, before another legacy magic, before a
     * 0 (padding) or any value that cannot be a block size, or before another format's magic that
     * does not decode as a block (details in the decoder's documentation in the source).
     */
    LZ4_LEGACY("lz4", 1, 1, 1, "lz4-legacy", "lz4_legacy", "lz4legacy", "lz4-l"),
    /**
     * Zstandard, magic {@code 28 b5 2f fd}. A member is one frame. Skippable frames (magics
     * {@code 0x184D2A50} to {@code 0x184D2A5F}) are not detected as anything, and refused with a
     * {@link CompressedDataException} when given to the decoder: they hold no data. Windows over
     * 8 MiB are not supported (see above).
     */
    ZSTD("zstd", 1, 3, 19, "zst", "zstandard");

    /** Bytes needed to {@link #detect} every magic reliably (the xz magic is the longest). */
    public static final int MAGIC_LENGTH = 6;

    /**
     * The most memory, in MiB, the xz and lzma decoders may need for one member: enough for the
     * 64 MiB dictionaries of {@code xz -9} and {@code lzma -9}, the largest presets (kernel builds
     * use 1 to 8 MiB). The decoders allocate the whole dictionary before reading any data, so a
     * header of a few bytes costs this much.
     */
    public static final int DECODER_MEMORY_LIMIT_MIB = 80;

    private static final OptionalLibrary COMMONS_COMPRESS = new OptionalLibrary("bzip2",
            "org.apache.commons:commons-compress", "org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream");
    private static final OptionalLibrary XZ_FOR_JAVA = new OptionalLibrary("xz and lzma", "org.tukaani:xz",
            "org.tukaani.xz.XZOutputStream");
    private static final int ENCODER_BUFFER = 64 * 1024;

    private final String displayName;
    private final int minLevel;
    private final int defaultLevel;
    private final int maxLevel;
    private final List<String> aliases;

    Compression(String displayName, int minLevel, int defaultLevel, int maxLevel, String... aliases) {
        this.displayName = displayName;
        this.minLevel = minLevel;
        this.defaultLevel = defaultLevel;
        this.maxLevel = maxLevel;
        this.aliases = List.of(aliases);
    }

    /**
     * Detects the compression by the magic at {@code buf[off..off+len)}: gzip {@code 1f 8b} (and
     * {@code 1f 9e}), bzip2 {@code BZh}, lzma {@code 5d 00 00}, xz {@code fd 37 7a 58 5a 00}, lzop
     * {@code 89 4c 5a 4f}, lz4 legacy {@code 02 21 4c 18}, zstd {@code 28 b5 2f fd}, and
     * {@link #NONE} for a cpio archive ({@code 0707} in ASCII). A magic longer than {@code len}
     * does not match: give at least {@link #MAGIC_LENGTH} bytes when the input has them.
     *
     * @param buf the bytes
     * @param off where the data starts in {@code buf}
     * @param len how many bytes from {@code off} may be read
     * @return the compression, or {@code null} when no magic matches
     */
    public static Compression detect(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (starts(buf, off, len, 0xFD, '7', 'z', 'X', 'Z', 0x00)) {
            return XZ;
        }
        if (starts(buf, off, len, 0x1F, 0x8B) || starts(buf, off, len, 0x1F, 0x9E)) {
            return GZIP;
        }
        if (starts(buf, off, len, 'B', 'Z', 'h')) {
            return BZIP2;
        }
        if (starts(buf, off, len, 0x5D, 0x00, 0x00)) {
            return LZMA;
        }
        if (starts(buf, off, len, 0x89, 'L', 'Z', 'O')) {
            return LZO;
        }
        if (starts(buf, off, len, 0x02, 0x21, 0x4C, 0x18)) {
            return LZ4_LEGACY;
        }
        if (starts(buf, off, len, 0x28, 0xB5, 0x2F, 0xFD)) {
            return ZSTD;
        }
        if (starts(buf, off, len, '0', '7', '0', '7')) {
            return NONE;
        }
        return null;
    }

    private static boolean starts(byte[] buf, int off, int len, int... magic) {
        if (len < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((buf[off + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The compression a file name asks for by its extension ({@code .gz}, {@code .tgz},
     * {@code .zst}, {@code .zstd}, {@code .xz}, {@code .lzma}, {@code .bz2}, {@code .lz4},
     * {@code .lzo}; case ignored), or {@link #NONE} for any other name.
     *
     * @param fileName the file name
     * @return the compression a file name asks for by its extension ({@code .gz}, {@code .tgz}, {@code .zst}, {@code .zstd}, {@code .xz}, {@code .lzma}, {@code .bz2}, {@code .lz4}, {@code .lzo}; case ignored), or {@link #NONE} for any other name
     */
    public static Compression forFileName(String fileName) {
        String n = fileName.toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".gz") || n.endsWith(".tgz")) {
            return GZIP;
        }
        if (n.endsWith(".zst") || n.endsWith(".zstd")) {
            return ZSTD;
        }
        if (n.endsWith(".xz")) {
            return XZ;
        }
        if (n.endsWith(".lzma")) {
            return LZMA;
        }
        if (n.endsWith(".bz2")) {
            return BZIP2;
        }
        if (n.endsWith(".lz4")) {
            return LZ4_LEGACY;
        }
        if (n.endsWith(".lzo")) {
            return LZO;
        }
        return NONE;
    }

    /**
     * The compression named {@code name}, ignoring case: a {@link #displayName()}, a constant's
     * name, or a common alias ({@code gz}, {@code pigz}, {@code bz2}, {@code zst}, {@code lzop},
     * {@code lz4-legacy}, {@code cpio}, ...).
     *
     * @throws IllegalArgumentException naming the valid names when none matches
     * @param name the entry name
     * @return the compression named {@code name}, ignoring case: a {@link #displayName()}, a constant's name, or a common alias ({@code gz}, {@code pigz}, {@code bz2}, {@code zst}, {@code lzop}, {@code lz4-legacy}, {@code cpio}, ...)
     */
    public static Compression fromName(String name) {
        Objects.requireNonNull(name, "name");
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Compression c : values()) {
            if (c.displayName.equals(n) || c.name().toLowerCase(Locale.ROOT).equals(n) || c.aliases.contains(n)) {
                return c;
            }
        }
        List<String> valid = new ArrayList<>();
        for (Compression c : values()) {
            valid.add(c.displayName);
        }
        throw new IllegalArgumentException(
                "unknown compression '" + name + "': expected one of " + String.join(", ", valid));
    }

    /**
     * The short lower-case name: gzip, bzip2, lzma, xz, lzo, lz4, zstd or none.
     *
     * @return the short lower-case name: gzip, bzip2, lzma, xz, lzo, lz4, zstd or none
     */
    public String displayName() {
        return displayName;
    }

    /**
     * Other names {@link #fromName} accepts for this compression.
     *
     * @return other names {@link #fromName} accepts for this compression
     */
    public List<String> aliases() {
        return aliases;
    }

    /**
     * True for every compression: all can be decoded.
     *
     * @return {@code true}
     */
    public boolean canRead() {
        return true;
    }

    /**
     * True for every compression: all can be written in a form the kernel accepts.
     *
     * @return {@code true}
     */
    public boolean canWrite() {
        return true;
    }

    /**
     * The level used when none is given: the command-line tool's own default.
     *
     * @return the level used when none is given: the command-line tool's own default
     */
    public int defaultLevel() {
        return defaultLevel;
    }

    /**
     * The lowest level {@link #newEncoder} accepts.
     *
     * @return the lowest level {@link #newEncoder} accepts
     */
    public int minLevel() {
        return minLevel;
    }

    /**
     * The highest level {@link #newEncoder} accepts.
     *
     * @return the highest level {@link #newEncoder} accepts
     */
    public int maxLevel() {
        return maxLevel;
    }

    /**
     * A decoder for exactly one member starting at the current position of {@code raw}. The
     * member's header is read now; its data as it is read. The decoder may read {@code raw} beyond
     * the member; {@link MemberInputStream#compressedSize()} tells where the member ended. Closing
     * the decoder does not close {@code raw}.
     *
     * @param raw the compressed bytes, positioned at the member
     * @param sourceName names the input in error messages, or {@code null}
     * @param memberOffset the member's offset in the source, added to offsets in error messages
     * @throws CompressedDataException if the header is not valid
     * @return a decoder for exactly one member starting at the current position of {@code raw}
     */
    public MemberInputStream newDecoder(InputStream raw, String sourceName, long memberOffset) throws IOException {
        Objects.requireNonNull(raw, "raw");
        if (memberOffset < 0) {
            throw new IllegalArgumentException("memberOffset (" + memberOffset + ") may not be negative");
        }
        requireLibrary();
        MemberDecoder decoder = switch (this) {
            case NONE -> new PassThroughDecoder(raw, sourceName, memberOffset);
            case GZIP -> new GzipDecoder(raw, sourceName, memberOffset);
            case BZIP2 -> new LibraryDecoder(raw, this, sourceName, memberOffset, Bzip2Codec::decoder);
            case LZMA -> new LibraryDecoder(raw, this, sourceName, memberOffset, XzCodec::lzmaDecoder);
            case XZ -> new LibraryDecoder(raw, this, sourceName, memberOffset, XzCodec::xzDecoder);
            case LZO -> new LzopDecoder(raw, sourceName, memberOffset);
            case LZ4_LEGACY -> new Lz4LegacyDecoder(raw, sourceName, memberOffset);
            case ZSTD -> new ZstdDecoder(raw, sourceName, memberOffset);
        };
        return decoder.begin();
    }

    /**
     * A compressing stream writing one member to {@code out} that the Linux kernel's decompressor
     * accepts (see the table above). Closing it finishes the member and closes {@code out}.
     *
     * @throws IllegalArgumentException if the level is outside {@link #minLevel()}..{@link #maxLevel()}
     * @param out the stream written to
     * @param options the options
     * @return a compressing stream writing one member to {@code out} that the Linux kernel's decompressor accepts (see the table above)
     * @throws IOException if reading or writing fails
     */
    public OutputStream newEncoder(OutputStream out, EncoderOptions options) throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(options, "options");
        int level = options.level();
        if (level < minLevel || level > maxLevel) {
            throw new IllegalArgumentException("level " + level + " is outside " + minLevel + ".." + maxLevel
                    + " for " + displayName);
        }
        requireLibrary();
        return switch (this) {
            case NONE -> new PassThroughOutputStream(out);
            case GZIP -> new ChunkedGzipOutputStream(out, level, options.threads());
            // These libraries write to their output a few bytes at a time.
            case BZIP2 -> Bzip2Codec.encoder(buffered(out), level);
            case LZMA -> XzCodec.lzmaEncoder(buffered(out), level);
            case XZ -> XzCodec.xzEncoder(buffered(out), level);
            case LZO -> new LzopOutputStream(out, level, options.threads());
            case LZ4_LEGACY -> new Lz4LegacyOutputStream(out);
            case ZSTD -> new ZstdFrameOutputStream(out, level, options.threads(),
                    ZstdFrameOutputStream.chunkSizeFor(level), 0);
        };
    }

    private static OutputStream buffered(OutputStream out) {
        return new BufferedOutputStream(out, ENCODER_BUFFER);
    }

    /**
     * Codecs from optional libraries are reached only through {@link Bzip2Codec} and {@link XzCodec},
     * after this check, so that reading gzip never loads them and a missing one is named.
     */
    private void requireLibrary() throws IOException {
        switch (this) {
            case BZIP2 -> COMMONS_COMPRESS.require();
            case LZMA, XZ -> XZ_FOR_JAVA.require();
            default -> { }
        }
    }
}
