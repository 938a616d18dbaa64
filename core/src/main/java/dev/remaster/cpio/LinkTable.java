package dev.remaster.cpio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The hard links of the archive being read, grouped as the Linux kernel groups them while it
 * unpacks ({@code init/initramfs.c}): an entry {@linkplain CpioEntry#isHardLinked() that is hard
 * linked} joins the group of its {@link LinkKey}, the first of a group makes it, and every group is
 * forgotten at the archive's trailer ({@link #endArchive()}). Each reader of entries that follows
 * links (extraction, the kernel lint and rewrite, the edit view, spec lists) keeps its own facts
 * about a group in {@code G}; this table is the one rule of which entries share one.
 *
 * @param <G> what the user of the table keeps for each group
 */
public final class LinkTable<G> {
    private final Map<LinkKey, G> groups = new LinkedHashMap<>();

    /** An empty table. */
    public LinkTable() {
    }

    /**
     * The group of {@code e}, made by {@code newGroup} when {@code e} is the first of its key in
     * this archive.
     *
     * @param e an entry that {@linkplain CpioEntry#isHardLinked() is hard linked}
     * @param newGroup makes the group of the first entry of a key
     * @return its group
     * @throws IllegalArgumentException if {@code e} is not hard linked (the kernel links it to nothing)
     */
    public G of(CpioEntry e, Function<? super CpioEntry, ? extends G> newGroup) {
        if (!e.isHardLinked()) {
            throw new IllegalArgumentException(e.name() + " is not hard linked (nlink " + e.nlink() + ", " + e.type() + ")");
        }
        return groups.computeIfAbsent(e.linkKey(), k -> newGroup.apply(e));
    }

    /**
     * The group of {@code e} if an earlier entry of this archive made it.
     *
     * @param e an entry
     * @return its group, or {@code null} when {@code e} is not hard linked or the first of its key
     */
    public G existing(CpioEntry e) {
        return e.isHardLinked() ? groups.get(e.linkKey()) : null;
    }

    /**
     * Ends the archive, as its trailer does: the groups of this archive in the order they were
     * made, after which the table is empty.
     *
     * @return the groups of the archive that ended
     */
    public List<Map.Entry<LinkKey, G>> endArchive() {
        List<Map.Entry<LinkKey, G>> ended = new ArrayList<>(groups.entrySet().size());
        for (Map.Entry<LinkKey, G> e : groups.entrySet()) {
            ended.add(Map.entry(e.getKey(), e.getValue()));
        }
        groups.clear();
        return ended;
    }
}
