package dev.remaster.overlay;

import dev.remaster.internal.FileModes;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryType;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares the edit view with the source entries and lays out, segment by segment, what the
 * written image holds: source entries kept byte for byte, dropped, re-headed or replaced where
 * they stood, and new entries placed right after their parent directory's entry.
 */
final class MergePlanner {
    /** What a path of the view is now. */
    private record Current(Object key, BasicFileAttributes attrs) {
    }

    private final FileSystem jimfs;
    private final Map<Object, Node> nodes;
    private final List<List<SourceEntry>> sourceBySegment;
    private final int defaultSegment;
    private final String sourceName;

    private final Map<String, Current> current = new LinkedHashMap<>();
    private final Map<Object, List<String>> pathsByKey = new HashMap<>();
    private final Map<String, SourceEntry> winners = new HashMap<>();
    private final Set<Object> changedKeys = new HashSet<>();

    /** The plan: per segment index, the steps in output order (null for padding segments). */
    private final List<List<Step>> plan = new ArrayList<>();
    /** Where added entries go: after the step that wrote their anchor path. */
    private final Map<Step, List<Step>> insertedAfter = new HashMap<>();
    private final Map<Integer, List<Step>> insertedAtEnd = new HashMap<>();
    private final Map<String, List<Step>> listOfPath = new HashMap<>();
    private final Map<String, Integer> segmentOfPath = new HashMap<>();
    private static final long ODC_MAX_INODE = 0777777L;
    private long nextInode;
    private long[] usedInodes = new long[0];
    private long inodeLimit = 0xFFFF_FFFFL;
    private boolean inodesWrapped;

    /** A number no source entry uses, within the range the archive's numbers say its format has. */
    private long newInode() throws IOException {
        while (true) {
            if (nextInode > inodeLimit) {
                if (inodesWrapped) {
                    throw new IOException("no free inode number left under " + inodeLimit + " for a new entry");
                }
                inodesWrapped = true;
                nextInode = 1;
            }
            long candidate = nextInode++;
            if (Arrays.binarySearch(usedInodes, candidate) < 0) {
                return candidate;
            }
        }
    }

    /**
     * @param defaultSegment where added entries go when their parent says nothing, or -1 when the
     *     image has no archive (then adding an entry is refused)
     */
    MergePlanner(FileSystem jimfs, Map<Object, Node> nodes, List<List<SourceEntry>> sourceBySegment, int defaultSegment,
            String sourceName) {
        this.sourceName = sourceName;
        this.jimfs = jimfs;
        this.nodes = nodes;
        this.sourceBySegment = sourceBySegment;
        this.defaultSegment = defaultSegment;
    }

    /** Builds the plan. Also folds permission and mtime changes made through nio into the nodes. */
    MergePlan plan() throws IOException {
        scanView();
        long maxInode = 0;
        long[] used = new long[16];
        int usedCount = 0;
        for (List<SourceEntry> seg : sourceBySegment) {
            if (seg == null) {
                continue;
            }
            for (SourceEntry s : seg) {
                maxInode = Math.max(maxInode, s.header().inode());
                if (usedCount == used.length) {
                    used = Arrays.copyOf(used, usedCount * 2);
                }
                used[usedCount++] = s.header().inode();
                if (s.path() != null && s.fileKey() != null) {
                    winners.put(s.path(), s);
                }
            }
        }
        nextInode = maxInode + 1;
        usedInodes = Arrays.copyOf(used, usedCount);
        Arrays.sort(usedInodes);
        // An archive whose numbers all fit odc's 18 bits keeps new ones there too, reusing free
        // numbers once the top is reached, so that an odc image stays writable.
        inodeLimit = maxInode <= ODC_MAX_INODE ? ODC_MAX_INODE : 0xFFFF_FFFFL;

        Map<Object, Set<String>> sourcePathsByKey = new HashMap<>();
        for (List<SourceEntry> seg : sourceBySegment) {
            if (seg != null) {
                for (SourceEntry s : seg) {
                    if (s.fileKey() != null && winners.get(s.path()) == s) {
                        sourcePathsByKey.computeIfAbsent(s.fileKey(), k -> new HashSet<>()).add(s.path());
                    }
                }
            }
        }
        Set<String> claimed = new HashSet<>();
        for (int i = 0; i < sourceBySegment.size(); i++) {
            List<SourceEntry> seg = sourceBySegment.get(i);
            if (seg == null) {
                plan.add(null);
                continue;
            }
            List<Step> steps = new ArrayList<>();
            for (SourceEntry s : seg) {
                Step step = stepFor(s, sourcePathsByKey);
                steps.add(step);
                if (s.path() != null && winners.get(s.path()) == s && !(step instanceof Step.Drop)) {
                    claimed.add(s.path());
                    listOfPath.put(s.path(), null);
                    segmentOfPath.put(s.path(), i);
                    anchors.put(s.path(), step);
                }
            }
            plan.add(steps);
        }
        addNewPaths(claimed);
        return assemble();
    }

    private final Map<String, Step> anchors = new HashMap<>();
    private final Map<Object, Boolean> groupNamesChanged = new HashMap<>();

    private void scanView() throws IOException {
        Files.walkFileTree(jimfs.getPath("/"), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                record(dir, attrs);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                record(file, attrs);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void record(Path p, BasicFileAttributes attrs) throws IOException {
        Object key = attrs.fileKey();
        current.put(p.toString(), new Current(key, attrs));
        pathsByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(p.toString());
        Node n = nodes.get(key);
        if (n == null) {
            n = newNode(p, attrs);
            nodes.put(key, n);
        }
        if (!attrs.isSymbolicLink()) {
            PosixFileAttributes posix = Files.readAttributes(p, PosixFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> perms = posix.permissions();
            if (n.populatedPermissions != null && !perms.equals(n.populatedPermissions)) {
                n.mode = (n.mode & ~0777) | FileModes.mode(perms);
                n.metadataChanged = true;
            }
            // A directory's mtime moves whenever a child is added or removed, so for directories
            // only EditableImage.setMtime counts.
            if (!attrs.isDirectory() && n.populatedMtime != null && !attrs.lastModifiedTime().equals(n.populatedMtime)) {
                n.mtime = attrs.lastModifiedTime().toMillis() / 1000;
                n.metadataChanged = true;
            }
        }
        if (n.created || n.contentChanged || n.metadataChanged) {
            changedKeys.add(key);
        }
    }

    private Node newNode(Path p, BasicFileAttributes attrs) throws IOException {
        return Node.forCreated(p, attrs, nodes);
    }

    private Step stepFor(SourceEntry s, Map<Object, Set<String>> sourcePathsByKey) throws IOException {
        if (s.path() == null || s.fileKey() == null || s.header().isTrailer()) {
            return new Step.Keep(s);
        }
        Current now = current.get(s.path());
        boolean winner = winners.get(s.path()) == s;
        if (now == null) {
            return new Step.Drop(s);
        }
        if (!Objects.equals(now.key(), s.fileKey())) {
            // An earlier entry that a later one overrides stays as it was: the path's winner,
            // written where it stood, overrides it again. Only a deleted path drops every entry.
            // So does a non-directory that the view shows as an implicit directory, to show the
            // children that the image puts under it (see TreeLoader): implicit nodes are never written.
            Node shown = nodes.get(now.key());
            boolean implicit = shown != null && shown.implicit;
            return winner && !implicit ? overlay(s, s.path(), now.key()) : new Step.Keep(s);
        }
        if (!winner) {
            return new Step.Keep(s);
        }
        Node n = nodes.get(s.fileKey());
        boolean changed = changedKeys.contains(s.fileKey());
        if (n.type == EntryType.REGULAR && (n.sourceLinks > 1 || pathsByKey.get(s.fileKey()).size() > 1)) {
            // Once per group, not per member: comparing the whole name set for each of its
            // members made an edit of a large hard-link group quadratic.
            boolean renamed = groupNamesChanged.computeIfAbsent(s.fileKey(), k ->
                    !sourcePathsByKey.getOrDefault(k, Set.of()).equals(new HashSet<>(pathsByKey.get(k))));
            if (changed || renamed) {
                return overlay(s, s.path(), s.fileKey());
            }
            return new Step.Keep(s);
        }
        if (!changed) {
            return new Step.Keep(s);
        }
        if (!n.contentChanged && !n.created && n.type == s.header().type()) {
            CpioEntry h = headerFor(s, n, s.header().inode(), s.header().size());
            return new Step.Reheader(s, h);
        }
        return overlay(s, s.path(), s.fileKey());
    }

    private Step.Overlay overlay(SourceEntry replaces, String path, Object key) throws IOException {
        Node n = nodes.get(key);
        CpioEntry.Builder b = replaces != null ? replaces.header().toBuilder() : CpioEntry.builder("x");
        b.name(replaces != null ? replaces.header().nameBytes()
                : path.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        boolean sameFile = replaces != null && Objects.equals(replaces.fileKey(), key);
        long inode = sameFile ? replaces.header().inode() : newInode();
        fill(b, n, inode);
        Path p = jimfs.getPath(path);
        boolean data = false;
        if (n.type == EntryType.SYMLINK) {
            b.linkTarget(Files.readSymbolicLink(p).toString());
        } else if (n.type == EntryType.REGULAR) {
            long size = n.pending && n.dataSource != null ? n.dataSource.header().size() : Files.size(p);
            b.size(size);
            data = size > 0;
        } else {
            b.size(0);
        }
        if (replaces == null) {
            b.dev(0, 0);
        }
        return new Step.Overlay(replaces, path, b.build(), data);
    }

    private CpioEntry headerFor(SourceEntry s, Node n, long inode, long size) {
        CpioEntry.Builder b = s.header().toBuilder();
        fill(b, n, inode);
        if (s.header().type() == EntryType.SYMLINK) {
            b.linkTarget(s.header().linkTargetBytes());
        } else {
            b.size(size);
        }
        return b.build();
    }

    private static void fill(CpioEntry.Builder b, Node n, long inode) {
        b.mode(n.type.bits() | (n.mode & 07777)).uid(n.uid).gid(n.gid).mtime(n.mtime).inode(inode)
                .rdevMajor(n.type.isDevice() ? n.rdevMajor : 0).rdevMinor(n.type.isDevice() ? n.rdevMinor : 0)
                .nlink(n.type == EntryType.DIRECTORY ? 2 : 1);
    }

    private void addNewPaths(Set<String> claimed) throws IOException {
        for (Map.Entry<String, Current> e : current.entrySet()) {
            String path = e.getKey();
            if (claimed.contains(path) || path.equals("/")) {
                continue;
            }
            Node n = nodes.get(e.getValue().key());
            if (n.implicit) {
                continue;
            }
            if (defaultSegment < 0) {
                throw new UnsupportedEditException(sourceName + ": the image has no archive to add " + path + " to");
            }
            Step step = overlay(null, path, e.getValue().key());
            String parent = parentOf(path);
            List<Step> list = targetList(parent, n.segmentHint);
            list.add(step);
            anchors.put(path, step);
            listOfPath.put(path, list);
            segmentOfPath.put(path, segmentOfList(parent, n.segmentHint));
        }
    }

    private int segmentOfList(String parent, int hint) {
        if (hint >= 0) {
            return hint;
        }
        Integer s = segmentOfPath.get(parent);
        return s != null ? s : defaultSegment;
    }

    /** The list a new child of {@code parent} is appended to. */
    private List<Step> targetList(String parent, int hint) {
        Integer parentSegment = segmentOfPath.get(parent);
        if (hint >= 0 && (parentSegment == null || parentSegment != hint)) {
            return insertedAtEnd.computeIfAbsent(hint, k -> new ArrayList<>());
        }
        List<Step> ofParent = listOfPath.get(parent);
        if (ofParent != null) {
            // The parent is itself added: its children follow it in the same list.
            return ofParent;
        }
        Step anchor = anchors.get(parent);
        if (anchor != null) {
            return insertedAfter.computeIfAbsent(anchor, k -> new ArrayList<>());
        }
        int seg = parent.equals("/") ? defaultSegment : defaultSegment;
        return parent.equals("/")
                ? insertedAfter.computeIfAbsent(startMarker(seg), k -> new ArrayList<>())
                : insertedAtEnd.computeIfAbsent(seg, k -> new ArrayList<>());
    }

    private final Map<Integer, Step> startMarkers = new HashMap<>();

    private Step startMarker(int segment) {
        return startMarkers.computeIfAbsent(segment, k -> new Step.Keep(null));
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** Flattens the insertions into each segment's steps and gives hard link groups their data. */
    private MergePlan assemble() throws IOException {
        List<List<Step>> out = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            List<Step> steps = plan.get(i);
            if (steps == null) {
                out.add(null);
                continue;
            }
            List<Step> flat = new ArrayList<>();
            Step start = startMarkers.get(i);
            if (start != null) {
                appendInserted(start, flat);
            }
            List<Step> atEnd = insertedAtEnd.getOrDefault(i, List.of());
            int lastTrailer = -1;
            for (int j = 0; j < steps.size(); j++) {
                if (steps.get(j).source() != null && steps.get(j).source().header().isTrailer()) {
                    lastTrailer = j;
                }
            }
            for (int j = 0; j < steps.size(); j++) {
                if (j == lastTrailer) {
                    for (Step s : atEnd) {
                        flat.add(s);
                        appendInserted(s, flat);
                    }
                }
                Step s = steps.get(j);
                flat.add(s);
                appendInserted(s, flat);
            }
            out.add(flat);
        }
        nameAddedEntriesInSegmentStyle(out);
        giveLinkGroupsTheirData(out);
        return new MergePlan(out, current.keySet());
    }

    /** Added entries are spelled like the segment's own names: bare, "./" or "/". */
    private void nameAddedEntriesInSegmentStyle(List<List<Step>> out) {
        for (int i = 0; i < out.size(); i++) {
            List<Step> steps = out.get(i);
            if (steps == null) {
                continue;
            }
            EntryPaths.Style style = EntryPaths.Style.BARE;
            for (SourceEntry s : sourceBySegment.get(i)) {
                if (s.path() != null && !s.path().equals("/") && !s.header().isTrailer()) {
                    style = EntryPaths.Style.of(s.header().name());
                    break;
                }
            }
            for (int j = 0; j < steps.size(); j++) {
                if (steps.get(j) instanceof Step.Overlay o && o.replaces() == null) {
                    CpioEntry h = o.header().toBuilder().name(style.nameFor(o.path())).build();
                    steps.set(j, o.withHeader(h, o.withData()));
                }
            }
        }
    }

    private void appendInserted(Step after, List<Step> flat) {
        List<Step> list = insertedAfter.get(after);
        if (list == null) {
            return;
        }
        for (Step s : list) {
            flat.add(s);
            appendInserted(s, flat);
        }
    }

    /**
     * Every file written from the view under several names is one hard link group: its links
     * share an inode and a link count, and only the last one written carries the data.
     */
    private void giveLinkGroupsTheirData(List<List<Step>> out) throws IOException {
        Map<String, Object> keyOfPath = new HashMap<>();
        current.forEach((p, c) -> keyOfPath.put(p, c.key()));
        Map<Object, List<int[]>> places = new LinkedHashMap<>();
        for (int i = 0; i < out.size(); i++) {
            List<Step> steps = out.get(i);
            if (steps == null) {
                continue;
            }
            for (int j = 0; j < steps.size(); j++) {
                if (steps.get(j) instanceof Step.Overlay o && o.header().type() == EntryType.REGULAR) {
                    places.computeIfAbsent(keyOfPath.get(o.path()), k -> new ArrayList<>()).add(new int[] {i, j});
                }
            }
        }
        for (List<int[]> links : places.values()) {
            if (links.size() < 2) {
                continue;
            }
            long inode = newInode();
            for (int k = 0; k < links.size(); k++) {
                int[] at = links.get(k);
                Step.Overlay o = (Step.Overlay) out.get(at[0]).get(at[1]);
                boolean last = k == links.size() - 1;
                CpioEntry h = o.header().toBuilder().inode(inode).nlink(links.size())
                        .size(last ? o.header().size() : 0).build();
                out.get(at[0]).set(at[1], o.withHeader(h, last && o.withData()));
            }
        }
    }
}
