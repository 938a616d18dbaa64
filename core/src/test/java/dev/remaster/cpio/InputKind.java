package dev.remaster.cpio;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kinds of input a reader suite runs over: the same bytes served in ways that exercise the
 * reader's buffering and skipping differently.
 */
enum InputKind {
    /** The whole archive in memory: every read is satisfied in full and skip() works. */
    BYTE_ARRAY {
        @Override
        InputStream open(byte[] data) {
            return new ByteArrayInputStream(data);
        }
    },
    /** A small-buffered stream, whose reads and skips stop at its buffer's edge. */
    BUFFERED {
        @Override
        InputStream open(byte[] data) {
            return new BufferedInputStream(new ByteArrayInputStream(data), 1000);
        }
    },
    /** A stream that hands out one byte per read, whatever was asked. */
    ONE_BYTE_PER_READ {
        @Override
        InputStream open(byte[] data) {
            return new FilterInputStream(new ByteArrayInputStream(data)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return super.read(b, off, Math.min(len, 1));
                }

                @Override
                public long skip(long n) throws IOException {
                    return super.skip(Math.min(n, 1));
                }
            };
        }
    },
    /** A stream whose skip() never skips and which reports nothing available, like a socket. */
    NO_SKIP {
        @Override
        InputStream open(byte[] data) {
            return new FilterInputStream(new ByteArrayInputStream(data)) {
                @Override
                public long skip(long n) {
                    return 0;
                }

                @Override
                public int available() {
                    return 0;
                }
            };
        }
    },
    /** A file, whose skip() moves past the end of the file without complaint. */
    FILE {
        @Override
        InputStream open(byte[] data) {
            try {
                Path file = Files.createTempFile("remaster-input-", ".cpio");
                file.toFile().deleteOnExit();
                Files.write(file, data);
                return new FileInputStream(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    },
    /** A pipe fed by another thread in small writes: reads return what has arrived so far. */
    PIPE {
        @Override
        InputStream open(byte[] data) {
            PipedInputStream in = new PipedInputStream(4096);
            PipedOutputStream out;
            try {
                out = new PipedOutputStream(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread feeder = new Thread(() -> {
                try (out) {
                    for (int at = 0; at < data.length; at += 777) {
                        out.write(data, at, Math.min(777, data.length - at));
                    }
                } catch (IOException e) {
                    // The reader stopped early (a failed test): nothing is left to feed.
                }
            }, "pipe-feeder");
            feeder.setDaemon(true);
            feeder.start();
            return in;
        }
    };

    /** A fresh stream over {@code data}. */
    abstract InputStream open(byte[] data);
}
