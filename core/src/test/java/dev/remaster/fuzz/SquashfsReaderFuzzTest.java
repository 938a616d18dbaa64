package dev.remaster.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.remaster.squashfs.InodeType;
import dev.remaster.squashfs.SquashfsEntry;
import dev.remaster.squashfs.SquashfsFormatException;
import dev.remaster.squashfs.SquashfsReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Any bytes given to {@link SquashfsReader} give a tree whose files read to exactly their stated
 * size, or a {@link SquashfsFormatException} with a message: never another exception, an error,
 * a hang or unbounded memory.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs over the seeds and saved findings in
 * {@code src/test/resources/dev/remaster/fuzz/SquashfsReaderFuzzTestInputs/}.
 */
class SquashfsReaderFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void readsImageOrRefuses(byte[] data) throws IOException {
        try (SquashfsReader reader = SquashfsReader.of(new BytesChannel(data), "fuzz")) {
            for (SquashfsEntry e : reader.walk()) {
                reader.xattrs(e.inode());
                if (e.inode().type() == InodeType.FILE && e.inode().size() < 64 << 20) {
                    long n = 0;
                    try (InputStream in = reader.open(e.inode())) {
                        byte[] buf = new byte[8192];
                        for (int got; (got = in.read(buf)) > 0; ) {
                            n += got;
                        }
                    }
                    if (n != e.inode().size()) {
                        throw new AssertionError(e.path() + " read " + n + " bytes of " + e.inode().size());
                    }
                }
            }
        } catch (SquashfsFormatException expected) {
            if (expected.getMessage() == null || expected.getMessage().isEmpty()) {
                throw new AssertionError("format exception without a message", expected);
            }
        }
    }

    /** A read-only channel over a byte array. */
    private static final class BytesChannel implements SeekableByteChannel {
        private final byte[] data;
        private long position;

        BytesChannel(byte[] data) {
            this.data = data;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (position >= data.length) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), data.length - position);
            dst.put(data, (int) position, n);
            position += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            position = newPosition;
            return this;
        }

        @Override
        public long size() {
            return data.length;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
