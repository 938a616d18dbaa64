package dev.remaster.compress;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioReader;
import dev.remaster.cpio.CpioWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The boot test found that a CpioWriter could not finish an .lzma archive: it flushes. */
class LzmaFlushTest {
    @Test
    void aCpioWriterCanWriteLzma() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream enc = Compression.LZMA.newEncoder(bytes, EncoderOptions.defaults(Compression.LZMA));
        try (CpioWriter w = CpioWriter.of(enc)) {
            enc.flush();
            w.write(CpioEntry.directory("d", 0755));
        }
        try (MemberInputStream in = Compression.LZMA.newDecoder(new ByteArrayInputStream(bytes.toByteArray()), "t", 0);
                CpioReader r = CpioReader.of(in)) {
            assertEquals("d", r.next().name());
            assertEquals(true, r.next().isTrailer());
        }
    }
}
