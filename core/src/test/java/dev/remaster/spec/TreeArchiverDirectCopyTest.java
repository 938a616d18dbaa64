package dev.remaster.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioFormat;
import dev.remaster.cpio.CpioFormatException;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.WriteOptions;
import dev.remaster.image.ImageWriter;
import dev.remaster.internal.AtomicOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * An uncompressed image written into a file takes the data of large files straight from them
 * (FileChannel.transferTo); the bytes must be the same as when every byte passes through the
 * cpio writer's buffer, as it does for any other stream.
 */
class TreeArchiverDirectCopyTest {
    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(value = CpioFormat.class, names = {"NEWC", "CRC", "ODC"}) // the formats written
    void directCopyWritesTheSameBytesAsTheBufferedCopy(CpioFormat format) throws IOException {
        Path tree = Files.createDirectory(temp.resolve("tree"));
        Random random = new Random(16);
        int[] sizes = {0, 1, 3, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 100_003, (1 << 20) + 2};
        for (int size : sizes) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            Path f = Files.write(tree.resolve("f" + size), data);
            Files.setLastModifiedTime(f, FileTime.fromMillis(1_600_000_000_000L));
        }
        Files.createDirectory(tree.resolve("sub"));
        Files.createLink(tree.resolve("sub/big-link"), tree.resolve("f100003")); // data with the last name (newc, crc)
        Files.createSymbolicLink(tree.resolve("sub/link"), Path.of("../f3"));

        Path direct = temp.resolve("direct.cpio");
        try (AtomicOutput out = AtomicOutput.create(direct)) {
            write(tree, ImageWriter.of(out.stream()), format);
            out.commit();
        }
        ByteArrayOutputStream buffered = new ByteArrayOutputStream();
        write(tree, ImageWriter.of(buffered), format);

        assertArrayEquals(buffered.toByteArray(), Files.readAllBytes(direct));
    }

    @ParameterizedTest
    @CsvSource({"20000, 30000", "40000, 30000", "30001, 30000", "900, 1000", "1001, 1000", "65536, 65535"})
    void aFileOfAnotherSizeThanItsEntryIsRefused(int actual, int declared) throws IOException {
        // 30000 bytes go straight from the file, 1000 through the buffer with a read that looks past the end
        Path f = Files.write(temp.resolve("changed"), new byte[actual]);
        CpioEntry entry = CpioEntry.builder("changed").mode(0100644).size(declared).build();
        try (AtomicOutput out = AtomicOutput.create(temp.resolve("out.cpio"))) {
            CpioWriter w = ImageWriter.of(out.stream()).beginArchive(Compression.NONE,
                    EncoderOptions.defaults(Compression.NONE), WriteOptions.defaults());
            assertThrows(CpioFormatException.class, () -> w.write(entry, f));
        }
    }

    private static void write(Path tree, ImageWriter writer, CpioFormat format) throws IOException {
        try (ImageWriter image = writer;
                CpioWriter w = image.beginArchive(Compression.NONE, EncoderOptions.defaults(Compression.NONE),
                        WriteOptions.defaults().withFormat(format))) {
            TreeArchiver.of(TreeOptions.defaults().withRenumberInodes(true)).write(tree, w);
        }
    }
}
