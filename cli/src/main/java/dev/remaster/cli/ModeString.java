package dev.remaster.cli;

import dev.remaster.cpio.EntryType;

/** A mode as {@code ls -l} prints it: {@code -rwsr-xr-x}, {@code drwxrwxrwt}, {@code crw-rw----}. */
final class ModeString {
    private ModeString() {
    }

    static String of(int mode) {
        char[] c = new char[10];
        c[0] = EntryType.of(mode).symbol();
        if (c[0] == '?' && (mode & EntryType.S_IFMT) == 0) {
            c[0] = '-';
        }
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            c[i + 1] = (mode & (0400 >> i)) != 0 ? rwx.charAt(i) : '-';
        }
        special(c, 3, (mode & 04000) != 0, 's');
        special(c, 6, (mode & 02000) != 0, 's');
        special(c, 9, (mode & 01000) != 0, 't');
        return new String(c);
    }

    private static void special(char[] c, int at, boolean set, char letter) {
        if (set) {
            c[at] = c[at] == 'x' ? letter : Character.toUpperCase(letter);
        }
    }
}
