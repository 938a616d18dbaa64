package dev.remaster.image;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioReader;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.ReadOptions;
import dev.remaster.internal.ChunkRecording;
import dev.remaster.compress.gzip.FlushPointScan;
import dev.remaster.compress.gzip.GzipChunkIndex;
import dev.remaster.cpio.WriteOptions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Archives big enough to span several 1 MiB chunks, and images of them written by ImageWriter. */
public final class ChunkedImages {
    private static final String[] WORDS = {"module", "firmware", "kernel", "udev", "mount", "busybox", "0755",
        "/lib/modules/", "drivers", "net", "the", "of", "and", "to", "in", "is"};

    private ChunkedImages() {
    }

    /** Text-like content that compresses a few times, different for each seed. */
    public static byte[] content(int size, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(size + 32);
        while (sb.length() < size) {
            sb.append(WORDS[r.nextInt(WORDS.length)]).append(r.nextInt(7) == 0 ? "\n" : " ");
            if (r.nextInt(9) == 0) {
                sb.append(Integer.toHexString(r.nextInt())).append(' ');
            }
        }
        sb.setLength(size);
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * A root-like newc archive: directories {@code d0..d(dirs-1)}, each with {@code files} files
     * of 1 to 40 KB, and a trailer padded to 512 bytes; about {@code dirs × files × 20} KB in all.
     */
    public static byte[] archive(int dirs, int files, long seed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Random r = new Random(seed);
        int ino = 1;
        try (CpioWriter w = CpioWriter.of(out, WriteOptions.defaults())) {
            w.write(CpioEntry.directory(".", 0755).toBuilder().inode(ino++).mtime(1_700_000_000L).build());
            for (int d = 0; d < dirs; d++) {
                w.write(CpioEntry.directory("d" + d, 0755).toBuilder().inode(ino++).mtime(1_700_000_000L).build());
                for (int f = 0; f < files; f++) {
                    byte[] data = content(1000 + r.nextInt(40_000), r.nextLong());
                    w.write(CpioEntry.file("d" + d + "/f" + f, 0644, data.length).toBuilder().inode(ino++)
                            .mtime(1_700_000_000L + f).build(), data);
                }
            }
        }
        return out.toByteArray();
    }

    /** The archive as an image of one gzip segment written by {@link ImageWriter} (chunked). */
    public static byte[] image(byte[] cpio, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageWriter w = ImageWriter.of(out);
                CpioWriter a = w.beginArchive(Compression.GZIP, new EncoderOptions(level, 2), WriteOptions.defaults())) {
            try (CpioReader r = CpioReader.of(new ByteArrayInputStream(cpio))) {
                for (CpioEntry e = r.next(); e != null; e = r.next()) {
                    a.write(e, r.data());
                }
            }
        }
        return out.toByteArray();
    }

    /** The offsets of the archive's entry headers, trailers included. */
    public static List<Long> headerOffsets(byte[] cpio) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (CpioReader r = CpioReader.of(new ByteArrayInputStream(cpio))) {
            for (CpioEntry e = r.next(); e != null; e = r.next()) {
                offsets.add(e.headerOffset());
            }
        }
        return offsets;
    }

    /**
     * The chunk index of the first segment of {@code f}, a gzip image of one member, from one
     * read that records its flush points through a {@link MemberObserver}, as an edit does.
     */
    public static Optional<GzipChunkIndex> chunkIndex(Path f) throws IOException {
        List<FlushPointScan> scans = new CopyOnWriteArrayList<>();
        MemberObserver recordScans = (segment, offset, decoder) -> {
            if (decoder.compression() == Compression.GZIP) {
                ChunkRecording.record(decoder, FlushPointScan.class, scans::add);
            }
        };
        List<Long> headers = new ArrayList<>();
        try (ImageReader r = ImageReader.open(f, ReadOptions.defaults(), recordScans);
                FileChannel channel = FileChannel.open(f)) {
            for (CpioEntry e; (e = r.next()) != null; ) {
                headers.add(e.headerOffset());
            }
            ArchiveSegment segment = (ArchiveSegment) r.segments().get(0);
            if (segment.compression() != Compression.GZIP || segment.members().size() != 1 || scans.size() != 1) {
                return Optional.empty();
            }
            return Optional.of(GzipChunkIndex.build(channel, segment.offset(), segment.uncompressedSize(),
                    scans.get(0), headers.stream().mapToLong(h -> h - segment.offset()).toArray(), 2));
        }
    }
}
