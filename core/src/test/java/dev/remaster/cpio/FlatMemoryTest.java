package dev.remaster.cpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The reader's memory stays flat: a 1 GiB archive, with entries twice the size of the heap, is read
 * to the last byte by a child JVM limited to 64 MiB of heap.
 */
class FlatMemoryTest {

    @Test
    @Tag("slow")
    void oneGibibyteArchiveIsReadIn64MebibytesOfHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                FlatMemoryProbe.class.getName()).redirectErrorStream(true).start();
        child.getOutputStream().close();
        // Computed here meanwhile, from the generator alone.
        long expectedCrc = SyntheticNewcArchive.expectedDataCrc();
        long expectedBytes = SyntheticNewcArchive.totalDataBytes();
        if (!child.waitFor(10, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            fail("the child JVM did not finish within 10 minutes");
        }
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, child.exitValue(), "child JVM failed:\n" + output);
        System.out.println("Flat memory probe (-Xmx64m): " + output);

        Map<String, Long> figures = new HashMap<>();
        for (String pair : output.substring(output.lastIndexOf('\n') + 1).split(" ")) {
            String[] kv = pair.split("=");
            figures.put(kv[0], Long.parseLong(kv[1]));
        }
        assertTrue(expectedBytes >= 1L << 30, "at least 1 GiB of data: " + expectedBytes);
        assertEquals(SyntheticNewcArchive.FILES, figures.get("entries"));
        assertEquals(expectedBytes, figures.get("bytes"));
        assertEquals(expectedCrc, figures.get("crc"));
        assertTrue(figures.get("maxHeapBytes") <= 64L << 20, "the heap limit held: " + figures.get("maxHeapBytes"));
    }
}
