package dev.remaster.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.image.ImageReader;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user who excludes commons-compress and xz from their build keeps gzip and gets a clear message
 * for bzip2, xz and lzma. Runs a child JVM whose class path lacks both jars.
 */
class OptionalLibrariesTest {
    @TempDir
    Path dir;

    @Test
    void gzipWorksAndBzip2IsNamedWithoutTheOptionalJars() throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("commons-compress") && !e.contains("org/tukaani"))
                .collect(Collectors.joining(File.pathSeparator));
        assertTrue(System.getProperty("java.class.path").contains("commons-compress"),
                "the test class path should hold commons-compress, or this test proves nothing");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path out = dir.resolve("out.txt");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", classPath,
                Child.class.getName(), dir.resolve("image.gz").toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
        String output = Files.readString(out);
        assertEquals(0, p.exitValue(), output);
        assertEquals(List.of(
                "read init 23",
                "bzip2 write: bzip2 needs org.apache.commons:commons-compress on the class path",
                "bzip2 read: bzip2 needs org.apache.commons:commons-compress on the class path",
                "xz write: xz and lzma needs org.tukaani:xz on the class path",
                "lzma write: xz and lzma needs org.tukaani:xz on the class path"),
                output.lines().collect(Collectors.toList()));
    }

    /** Runs in the child JVM: writes and reads a gzip image, then tries the optional codecs. */
    static final class Child {
        public static void main(String[] args) throws IOException {
            try {
                Class.forName("org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream");
                throw new AssertionError("commons-compress is on the child's class path");
            } catch (ClassNotFoundException expected) {
                // the point of the test
            }
            Path image = Path.of(args[0]);
            byte[] init = "#!/bin/sh\nexec /bin/sh\n".getBytes(StandardCharsets.UTF_8);
            try (OutputStream gz = Compression.GZIP.newEncoder(Files.newOutputStream(image),
                    EncoderOptions.defaults(Compression.GZIP));
                    CpioWriter w = CpioWriter.of(gz)) {
                w.write(CpioEntry.file("init", 0755, init.length), init);
            }
            try (ImageReader reader = ImageReader.open(image)) {
                for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                    if (!e.isTrailer()) {
                        System.out.println("read " + e.name() + " " + reader.data().readAllBytes().length);
                    }
                }
            }
            tryEncoder("bzip2", Compression.BZIP2);
            try {
                Compression.BZIP2.newDecoder(new java.io.ByteArrayInputStream("BZh9".getBytes(StandardCharsets.US_ASCII)),
                        "x.bz2", 0);
                System.out.println("bzip2 read: no error");
            } catch (IOException e) {
                System.out.println("bzip2 read: " + e.getMessage());
            }
            tryEncoder("xz", Compression.XZ);
            tryEncoder("lzma", Compression.LZMA);
        }

        private static void tryEncoder(String label, Compression c) {
            try {
                c.newEncoder(OutputStream.nullOutputStream(), EncoderOptions.defaults(c)).close();
                System.out.println(label + " write: no error");
            } catch (IOException e) {
                System.out.println(label + " write: " + e.getMessage());
            }
        }
    }
}
