package dev.remaster.spec;

import dev.remaster.cpio.Owner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TreeOptionsTest {
    @Test
    void defaultsAreWhatFindAndCpioDo() {
        TreeOptions d = TreeOptions.defaults();
        assertEquals(true, d.includeRoot());
        assertEquals(null, d.owner());
        assertEquals(null, d.mtimeClamp());
        assertEquals(false, d.renumberInodes());
        assertEquals(new TreeOptions(false, new Owner(1, 2), 3L, true), d.withIncludeRoot(false)
                .withOwner(new Owner(1, 2)).withMtimeClamp(3L).withRenumberInodes(true));
    }

    @Test
    void parsesOwners() {
        assertEquals(new Owner(0, 0), Owner.parse("0:0"));
        assertEquals(new Owner(1000, 4294967295L), Owner.parse("1000:4294967295"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        0              | owner '0' is not UID:GID
        root:root      | owner 'root:root' is not UID:GID with decimal numbers
        :0             | owner ':0' is not UID:GID with decimal numbers
        1:-1           | owner '1:-1' is not UID:GID with decimal numbers
        1:4294967296   | owner '1:4294967296': 4294967296 is larger than 4294967295
        """)
    void rejectsOwnersThatAreNotTwoNumbers(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Owner.parse(text)).getMessage());
    }

    @Test
    void rejectsANegativeClamp() {
        assertThrows(IllegalArgumentException.class, () -> TreeOptions.defaults().withMtimeClamp(-1L));
    }
}
