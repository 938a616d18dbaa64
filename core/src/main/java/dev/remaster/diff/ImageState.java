package dev.remaster.diff;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryType;
import dev.remaster.image.ImageReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The final state of every path of an image, as the kernel's unpacker leaves it: segments and
 * archives applied in order, later entries winning, hard links given their group's data. Built in
 * one streaming pass; data is digested, never held.
 */
public final class ImageState {
    private final Map<String, EntryState> paths;

    private ImageState(Map<String, EntryState> paths) {
        this.paths = paths;
    }

    /**
     * Reads {@code image} completely.
     *
     * @param image the image file
     * @return {@code image} completely
     * @throws IOException if reading or writing fails
     */
    public static ImageState of(Path image) throws IOException {
        Map<String, EntryState> paths = new TreeMap<>();
        Map<String, List<String>> waitingForData = new HashMap<>();
        byte[] buf = new byte[64 * 1024];
        try (ImageReader r = ImageReader.open(image)) {
            for (CpioEntry e = r.next(); e != null; e = r.next()) {
                if (e.isTrailer()) {
                    waitingForData.clear();
                    continue;
                }
                String path = normalize(e.name());
                String digest = e.size() > 0 || e.type() == EntryType.REGULAR ? sha256(r.data(), buf) : null;
                EntryType type = e.type();
                EntryState s = new EntryState(path, type, e.mode(), e.uid(), e.gid(), e.mtime(), e.size(),
                        type.isDevice() ? e.rdevMajor() : 0, type.isDevice() ? e.rdevMinor() : 0,
                        e.linkTarget().orElse(null), type == EntryType.SYMLINK ? null : digest, r.segmentIndex());
                if (e.isHardLinked()) {
                    String group = r.segmentIndex() + "/" + e.linkKey();
                    if (e.size() == 0) {
                        waitingForData.computeIfAbsent(group, k -> new ArrayList<>()).add(path);
                    } else {
                        for (String other : waitingForData.getOrDefault(group, List.of())) {
                            EntryState o = paths.get(other);
                            if (o != null) {
                                paths.put(other, new EntryState(o.path(), o.type(), o.mode(), o.uid(), o.gid(),
                                        o.mtime(), s.size(), 0, 0, null, s.sha256(), o.segment()));
                            }
                        }
                        waitingForData.remove(group);
                    }
                }
                paths.put(path, s);
            }
        }
        return new ImageState(paths);
    }

    /**
     * Every path and its state, sorted by path.
     *
     * @return every path and its state, sorted by path
     */
    public Map<String, EntryState> paths() {
        return paths;
    }

    static String normalize(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                sb.append('/').append(part);
            }
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    private static String sha256(InputStream in, byte[] buf) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
