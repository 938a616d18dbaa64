package dev.remaster.overlay;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryType;
import dev.remaster.image.ImageReader;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an image says, entry by entry, for comparing images in tests: every header field but
 * the inode and offset, and a digest of the data, with hard link data resolved to every link.
 */
record ImageListing(List<String> lines, Map<String, String> finalState) {

    static ImageListing of(Path image) throws IOException {
        List<String> lines = new ArrayList<>();
        Map<String, String> state = new LinkedHashMap<>();
        Map<String, List<Integer>> linkWaiting = new LinkedHashMap<>();
        try (ImageReader r = ImageReader.open(image)) {
            for (CpioEntry e = r.next(); e != null; e = r.next()) {
                if (e.isTrailer()) {
                    linkWaiting.clear();
                    continue;
                }
                String digest = digest(r.data().readAllBytes());
                String path = EntryPaths.toPath(e.nameBytes());
                String line = path + " " + e.type() + " 0" + Integer.toOctalString(e.mode()) + " " + e.uid() + ":"
                        + e.gid() + " mtime=" + e.mtime() + " rdev=" + e.rdevMajor() + "," + e.rdevMinor()
                        + e.linkTarget().map(t -> " -> " + t).orElse("");
                String group = e.isHardLinked() && e.type() == EntryType.REGULAR ? r.segmentIndex() + ":" + e.linkKey() : null;
                if (group != null && e.size() == 0) {
                    linkWaiting.computeIfAbsent(group, k -> new ArrayList<>()).add(lines.size());
                    lines.add(line + " data=?");
                    state.put(path, line + " data=?");
                    continue;
                }
                String full = line + " size=" + e.size() + " data=" + digest;
                if (group != null) {
                    for (int i : linkWaiting.getOrDefault(group, List.of())) {
                        String waiting = lines.get(i).replace(" data=?", " size=" + e.size() + " data=" + digest);
                        lines.set(i, waiting);
                        state.put(waiting.substring(0, waiting.indexOf(' ')), waiting);
                    }
                    linkWaiting.remove(group);
                }
                lines.add(full);
                state.put(path, full);
            }
        }
        return new ImageListing(lines, state);
    }

    private static String digest(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
