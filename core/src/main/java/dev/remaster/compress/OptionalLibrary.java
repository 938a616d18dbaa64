package dev.remaster.compress;

import java.io.IOException;

/**
 * A codec library that users may leave off the class path. {@link #require()} answers with a
 * clear {@link IOException} naming the Maven artifact instead of a {@link NoClassDefFoundError}
 * deep inside a read.
 */
final class OptionalLibrary {
    private final String formats;
    private final String artifact;
    private final String probeClass;
    private volatile Boolean present;

    OptionalLibrary(String formats, String artifact, String probeClass) {
        this.formats = formats;
        this.artifact = artifact;
        this.probeClass = probeClass;
    }

    /** Throws unless the library's classes can be loaded. */
    void require() throws IOException {
        Boolean p = present;
        if (p == null) {
            try {
                Class.forName(probeClass, false, OptionalLibrary.class.getClassLoader());
                p = Boolean.TRUE;
            } catch (ClassNotFoundException | LinkageError e) {
                p = Boolean.FALSE;
            }
            present = p;
        }
        if (!p) {
            throw new IOException(formats + " needs " + artifact + " on the class path");
        }
    }
}
