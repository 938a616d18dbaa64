package dev.remaster.extract;

import dev.remaster.cpio.CpioEntry;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts what one extraction does and builds its {@link ExtractReport}. */
final class ReportBuilder {
    /** Things restored only when asked for and privileged; counted, not listed. */
    enum Withheld { DEVICE, FIFO, SOCKET, OWNER, SPECIAL_BITS }

    private final ExtractOptions options;
    long files;
    long directories;
    long symlinks;
    long hardLinks;
    long devices;
    long fifos;
    long sockets;
    long bytesWritten;
    long notSelected;
    private final List<ExtractReport.Note> skipped = new ArrayList<>();
    private long skippedCount;
    private final List<ExtractReport.Note> notes = new ArrayList<>();
    private long notesCount;
    private final Map<Withheld, Long> withheld = new EnumMap<>(Withheld.class);

    ReportBuilder(ExtractOptions options) {
        this.options = options;
    }

    void skip(CpioEntry e, String reason) {
        if (skipped.size() < ExtractReport.MAX_LISTED) {
            skipped.add(new ExtractReport.Note(e.name(), e.headerOffset(), reason));
        }
        skippedCount++;
    }

    void note(CpioEntry e, String reason) {
        if (notes.size() < ExtractReport.MAX_LISTED) {
            notes.add(new ExtractReport.Note(e.name(), e.headerOffset(), reason));
        }
        notesCount++;
    }

    void withhold(Withheld what) {
        withheld.merge(what, 1L, Long::sum);
    }

    ExtractReport build() {
        List<String> summary = new ArrayList<>();
        summary.add("extracted " + (files + directories + symlinks + hardLinks + devices + fifos + sockets)
                + " entries (" + files + " files, " + directories + " directories, " + symlinks
                + " symbolic links, " + hardLinks + " hard links, " + devices + " device nodes, " + fifos
                + " FIFOs, " + sockets + " sockets), " + bytesWritten + " bytes"
                + (notSelected > 0 ? "; " + notSelected + " entries not selected" : ""));
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        for (Map.Entry<Withheld, Long> w : withheld.entrySet()) {
            byReason.computeIfAbsent(reason(w.getKey()), r -> new ArrayList<>()).add(phrase(w.getKey(), w.getValue()));
        }
        for (Map.Entry<String, List<String>> r : byReason.entrySet()) {
            summary.add("skipped " + joinWithAnd(r.getValue()) + ": " + r.getKey());
        }
        if (skippedCount > 0) {
            summary.add("skipped " + count(skippedCount, "entry", "entries") + " for the reasons listed"
                    + (skippedCount > skipped.size() ? " (the first " + skipped.size() + " are listed)" : ""));
        }
        if (notesCount > 0) {
            summary.add(count(notesCount, "note", "notes") + " on extracted entries"
                    + (notesCount > notes.size() ? " (the first " + notes.size() + " are listed)" : ""));
        }
        return new ExtractReport(files, directories, symlinks, hardLinks, devices, fifos, sockets, bytesWritten,
                notSelected, skipped, skippedCount, notes, notesCount, summary);
    }

    private String reason(Withheld what) {
        if (!options.privileged()) {
            return "not running as root";
        }
        switch (what) {
            case OWNER:
                return "not asked (ExtractOptions.rootFileSystem)";
            case SPECIAL_BITS:
                return options.restoreSpecialBits()
                        ? "owners not restored (ExtractOptions.restoreOwners)"
                        : "not asked (ExtractOptions.rootFileSystem)";
            default:
                return "not asked (ExtractOptions.rootFileSystem)";
        }
    }

    private static String phrase(Withheld what, long n) {
        switch (what) {
            case DEVICE: return count(n, "device node", "device nodes");
            case FIFO: return count(n, "FIFO", "FIFOs");
            case SOCKET: return count(n, "socket", "sockets");
            case OWNER: return (n == 1 ? "the owner of " : "owners of ") + count(n, "entry", "entries");
            default: return "setuid/setgid/sticky bits of " + count(n, "entry", "entries");
        }
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static String joinWithAnd(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
