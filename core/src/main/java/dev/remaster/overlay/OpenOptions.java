package dev.remaster.overlay;

import dev.remaster.compress.Compression;
import java.util.Map;

/**
 * The {@code env} of {@code FileSystems.newFileSystem} for an image, read once. Values may be
 * given as their type or as strings ({@code "true"}, {@code "xz"}, {@code "9"}), as zipfs accepts.
 *
 * @param readOnly writes throw {@link java.nio.file.ReadOnlyFileSystemException}; nothing is written back
 * @param create a missing image file is created, empty, with {@code compression} (gzip if none)
 * @param compression what the segments written back are compressed with; null keeps each one's
 * @param level the compression level, -1 for the codec's default
 */
record OpenOptions(boolean readOnly, boolean create, Compression compression, int level) {
    static OpenOptions of(Map<String, ?> env) {
        if (env == null || env.isEmpty()) {
            return new OpenOptions(false, false, null, -1);
        }
        Object compression = env.get("compression");
        Object level = env.get("level");
        return new OpenOptions(flag(env, "readOnly"), flag(env, "create"),
                compression == null ? null
                        : compression instanceof Compression c ? c : Compression.fromName(compression.toString()),
                level == null ? -1 : level instanceof Number n ? n.intValue() : parseLevel(level.toString()));
    }

    private static boolean flag(Map<String, ?> env, String key) {
        Object v = env.get(key);
        if (v == null || v instanceof Boolean b && !b) {
            return false;
        }
        if (Boolean.TRUE.equals(v) || "true".equalsIgnoreCase(v.toString())) {
            return true;
        }
        if ("false".equalsIgnoreCase(v.toString())) {
            return false;
        }
        throw new IllegalArgumentException("env key " + key + " must be true or false, not " + v);
    }

    private static int parseLevel(String level) {
        try {
            return Integer.parseInt(level.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("env key level must be a number, not " + level, e);
        }
    }
}
