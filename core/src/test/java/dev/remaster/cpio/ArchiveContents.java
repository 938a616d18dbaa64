package dev.remaster.cpio;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Everything a reader returned from a (small) input: each entry with its data and archive index. */
record ArchiveContents(List<Item> items, long endPosition) {

    /** One entry as read, with the data {@link CpioReader#data()} gave for it. */
    record Item(CpioEntry entry, byte[] data, int archiveIndex) {
    }

    /** Reads {@code in} to its end with default options, reading every entry's data. */
    static ArchiveContents read(InputStream in) throws IOException {
        return read(in, ReadOptions.defaults());
    }

    static ArchiveContents read(InputStream in, ReadOptions options) throws IOException {
        List<Item> items = new ArrayList<>();
        try (CpioReader reader = CpioReader.of(in, options)) {
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                int archive = reader.archiveIndex();
                items.add(new Item(e, reader.data().readAllBytes(), archive));
            }
            return new ArchiveContents(List.copyOf(items), reader.position());
        }
    }

    List<CpioEntry> entries() {
        return items.stream().map(Item::entry).toList();
    }

    /** The first entry whose name is {@code name}, or whose name is "./" + {@code name}. */
    Optional<Item> find(String name) {
        return items.stream()
                .filter(i -> i.entry().name().equals(name) || i.entry().name().equals("./" + name))
                .findFirst();
    }

    Item get(String name) {
        return find(name).orElseThrow(() -> new AssertionError("no entry named '" + name + "' in " + names()));
    }

    List<String> names() {
        return items.stream().map(i -> i.entry().name()).toList();
    }
}
