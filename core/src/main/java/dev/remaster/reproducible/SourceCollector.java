package dev.remaster.reproducible;

import dev.remaster.compress.Compression;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryType;
import dev.remaster.image.ImageReader;
import dev.remaster.image.PaddingSegment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The first pass of {@link Reproducible}: reads the source image once and keeps every header,
 * archive by archive. The data of entries in plain segments stays where it is (its offset in the
 * file is recorded); the data of entries in compressed segments is copied to a {@link DataSpool},
 * because the second pass needs it in another order and decompressing again per entry would cost
 * a pass over the segment for each one.
 */
final class SourceCollector {
    private SourceCollector() {
    }

    static List<SourceArchive> collect(Path source, DataSpool spool) throws IOException {
        List<SourceArchive> archives = new ArrayList<>();
        try (ImageReader reader = ImageReader.open(source)) {
            SourceArchive current = null;
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                if (current == null) {
                    boolean leadingPlain = reader.segmentCompression() == Compression.NONE
                            && reader.segments().stream().limit(reader.segmentIndex())
                                    .allMatch(s -> s instanceof PaddingSegment);
                    current = new SourceArchive(leadingPlain);
                }
                if (e.isTrailer()) {
                    if (!current.isEmpty()) {
                        archives.add(current);
                    }
                    current = null;
                    continue;
                }
                if (e.size() == 0 || e.type() == EntryType.SYMLINK) {
                    current.add(e, SourceArchive.Store.NONE, -1);
                } else if (reader.segmentCompression() == Compression.NONE) {
                    current.add(e, SourceArchive.Store.SOURCE, e.dataOffset());
                } else {
                    current.add(e, SourceArchive.Store.SPOOL, spool.append(reader.data(), e.size()));
                }
            }
            if (current != null && !current.isEmpty()) {
                archives.add(current); // a plain archive that ends without its trailer
            }
        }
        return archives;
    }
}
