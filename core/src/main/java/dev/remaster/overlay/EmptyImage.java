package dev.remaster.overlay;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.cpio.CpioWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An image with no entries (only the trailer), made for {@code newFileSystem} with {@code create}. */
final class EmptyImage {
    private EmptyImage() {
    }

    static void write(Path file, Compression compression, int level) throws IOException {
        EncoderOptions options = EncoderOptions.defaults(compression);
        if (level >= 0) {
            options = options.withLevel(level);
        }
        try (OutputStream out = compression.newEncoder(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), options);
                CpioWriter writer = CpioWriter.of(out)) {
            writer.finish();
        }
    }
}
