package dev.remaster.spec;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Test support: the entries of an archive (trailers left out) with their data, read with CpioReader. */
record ArchiveItems(CpioEntry entry, byte[] data) {

    static List<ArchiveItems> read(byte[] archive) throws IOException {
        List<ArchiveItems> items = new ArrayList<>();
        try (CpioReader reader = CpioReader.of(new ByteArrayInputStream(archive))) {
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                if (!e.isTrailer()) {
                    items.add(new ArchiveItems(e, reader.data().readAllBytes()));
                }
            }
        }
        return items;
    }

    static ArchiveItems named(List<ArchiveItems> items, String name) {
        return items.stream().filter(i -> i.entry().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no entry named '" + name + "' in " + names(items)));
    }

    static List<String> names(List<ArchiveItems> items) {
        return items.stream().map(i -> i.entry().name()).toList();
    }
}
