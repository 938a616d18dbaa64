package dev.remaster.reproducible;

import java.io.ByteArrayOutputStream;
import java.util.Comparator;

/**
 * The order in which {@link Reproducible} writes entries: a total order on names in which a
 * directory comes before everything under it and siblings are ordered by their bytes, so that
 * the kernel always meets a parent before its children and a directory's subtree is contiguous.
 *
 * <p>Names are compared component by component, each component by its unsigned bytes, a name
 * before its own extensions ({@code a} &lt; {@code a/b} &lt; {@code a-b}); the root ({@code .})
 * comes first. Names are compared as {@link #normalize(byte[]) normalized}.
 */
final class PathOrder implements Comparator<byte[]> {
    private static final PathOrder INSTANCE = new PathOrder();

    private PathOrder() {
    }

    /**
     * The order on raw names (without NUL), which it normalizes before comparing.
     *
     * @return the order on raw names (without NUL), which it normalizes before comparing
     */
    static Comparator<byte[]> names() {
        return INSTANCE;
    }

    @Override
    public int compare(byte[] a, byte[] b) {
        return compareNormalized(normalize(a), normalize(b));
    }

    /** Compares two names already {@link #normalize(byte[]) normalized}. */
    static int compareNormalized(byte[] a, byte[] b) {
        boolean rootA = a.length == 1 && a[0] == '.';
        boolean rootB = b.length == 1 && b[0] == '.';
        if (rootA || rootB) {
            return rootA == rootB ? 0 : rootA ? -1 : 1;
        }
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int x = rank(a[i]);
            int y = rank(b[i]);
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return Integer.compare(a.length, b.length);
    }

    /** The separator sorts below every other byte, so that a component ends before any longer sibling. */
    private static int rank(byte b) {
        return b == '/' ? 0 : (b & 0xFF) + 1;
    }

    /**
     * The name the way the kernel resolves it from the root, spelled one way: without leading
     * {@code /} or {@code ./}, repeated or trailing slashes, or {@code .} components; {@code .}
     * for the root itself. {@code ..} components are kept.
     *
     * @param name the entry name
     * @return the name the way the kernel resolves it from the root, spelled one way: without leading {@code /} or {@code ./}, repeated or trailing slashes, or {@code .} components; {@code .} for the root itself
     */
    static byte[] normalize(byte[] name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(name.length);
        int start = 0;
        for (int i = 0; i <= name.length; i++) {
            if (i == name.length || name[i] == '/') {
                int len = i - start;
                boolean dot = len == 1 && name[start] == '.';
                if (len > 0 && !dot) {
                    if (out.size() > 0) {
                        out.write('/');
                    }
                    out.write(name, start, len);
                }
                start = i + 1;
            }
        }
        return out.size() == 0 ? new byte[] {'.'} : out.toByteArray();
    }
}
