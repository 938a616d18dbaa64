package dev.remaster.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The images named on one command line, made readable with random access: {@code -} is standard
 * input, and a pipe, FIFO, {@code /dev/stdin} or process substitution is a stream. A stream is
 * read once into a temporary file (the readers seek: the index of a gzip member, the segments
 * after the first), which is deleted when the command ends. An empty input is refused.
 */
final class InputFiles implements AutoCloseable {
    /** How standard input is named in messages. */
    static final String STDIN_NAME = "standard input";

    private final InputStream stdin;
    private final Map<Path, String> spooled = new LinkedHashMap<>();
    private boolean stdinUsed;

    InputFiles(InputStream stdin) {
        this.stdin = stdin;
    }

    /** Whether {@code given} names standard input or standard output. */
    static boolean isDash(Path given) {
        return given != null && given.toString().equals("-");
    }

    /**
     * A regular file holding the bytes of {@code given}: the file itself, or a temporary copy of
     * standard input or of a stream.
     */
    Path open(Path given) throws IOException {
        Path file;
        if (isDash(given)) {
            if (stdinUsed) {
                throw new IllegalArgumentException("standard input (-) can be read only once");
            }
            stdinUsed = true;
            file = spool(stdin, STDIN_NAME);
        } else if (Files.isRegularFile(given)) {
            if (!Files.isReadable(given)) {
                throw new AccessDeniedException(given.toString(), null, "permission denied");
            }
            file = given;
        } else if (Files.isDirectory(given)) {
            throw new IOException(given + ": is a directory, not an image");
        } else if (!Files.exists(given, LinkOption.NOFOLLOW_LINKS) && !Files.exists(given)) {
            throw new NoSuchFileException(given.toString());
        } else {
            try (InputStream in = Files.newInputStream(given)) {
                file = spool(in, given.toString());
            }
        }
        if (Files.size(file) == 0) {
            throw new EmptyInputException(displayName(given) + ": empty input, not an image");
        }
        return file;
    }

    /** How {@code given} is named in messages. */
    static String displayName(Path given) {
        return isDash(given) ? STDIN_NAME : given.toString();
    }

    private Path spool(InputStream in, String name) throws IOException {
        Path tmp = Files.createTempFile("remaster-input-", ".img");
        spooled.put(tmp, name);
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.TRUNCATE_EXISTING)) {
            in.transferTo(out);
        }
        return tmp;
    }

    /** {@code message} with every temporary file replaced by the name the user gave. */
    String userNames(String message) {
        String m = message;
        for (Map.Entry<Path, String> e : spooled.entrySet()) {
            m = m.replace(e.getKey().toString(), e.getValue());
        }
        return m;
    }

    @Override
    public void close() {
        List<Path> files = new ArrayList<>(spooled.keySet());
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // A temporary file left behind in the temporary directory costs nothing more.
            }
        }
    }

    /** The input has no bytes: not an image (exit code 3). */
    static final class EmptyInputException extends IOException {
        private static final long serialVersionUID = 1L;

        EmptyInputException(String message) {
            super(message);
        }
    }
}
