package dev.remaster.cpio;

import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes the fixed part of a header for each format. Decoding reports every bad
 * digit with the field's name; encoding checks that every value fits before producing any byte.
 */
final class HeaderCodec {
    static final String[] SVR4_FIELDS = {
        "c_ino", "c_mode", "c_uid", "c_gid", "c_nlink", "c_mtime", "c_filesize",
        "c_devmajor", "c_devminor", "c_rdevmajor", "c_rdevminor", "c_namesize", "c_check"
    };

    /** Longest name a writer accepts, in bytes without the NUL: the kernel's PATH_MAX less one. */
    static final int MAX_WRITABLE_NAME = 4095;

    private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private HeaderCodec() {
    }

    /**
     * The format whose magic starts at {@code b[off]}, or {@code null}. Needs 6 bytes for the
     * character formats; 2 are enough for the binary ones.
     */
    static CpioFormat detect(byte[] b, int off, int available) {
        if (available >= 2) {
            int b0 = b[off] & 0xff;
            int b1 = b[off + 1] & 0xff;
            if (b0 == 0xc7 && b1 == 0x71) {
                return CpioFormat.BINARY_LE;
            }
            if (b0 == 0x71 && b1 == 0xc7) {
                return CpioFormat.BINARY_BE;
            }
        }
        if (available >= 6 && b[off] == '0' && b[off + 1] == '7' && b[off + 2] == '0'
                && b[off + 3] == '7' && b[off + 4] == '0') {
            switch (b[off + 5]) {
                case '1': return CpioFormat.NEWC;
                case '2': return CpioFormat.CRC;
                case '7': return CpioFormat.ODC;
                default: return null;
            }
        }
        return null;
    }

    /** Decoded fixed header fields, before the name is read. */
    static final class Fields {
        long inode;
        int mode;
        long uid;
        long gid;
        long nlink;
        long mtime;
        long size;
        long devMajor;
        long devMinor;
        long rdevMajor;
        long rdevMinor;
        long nameSize;
        long checksum;
    }

    /** Parses the fixed header at {@code b[off]}; the format has already been detected. */
    static Fields decode(CpioFormat format, byte[] b, int off, ErrorSite site) throws CpioFormatException {
        Fields f = new Fields();
        switch (format) {
            case NEWC:
            case CRC: {
                long[] v = new long[13];
                for (int i = 0; i < 13; i++) {
                    v[i] = hex(b, off + 6 + 8 * i, SVR4_FIELDS[i], site);
                }
                f.inode = v[0];
                f.mode = (int) v[1];
                f.uid = v[2];
                f.gid = v[3];
                f.nlink = v[4];
                f.mtime = v[5];
                f.size = v[6];
                f.devMajor = v[7];
                f.devMinor = v[8];
                f.rdevMajor = v[9];
                f.rdevMinor = v[10];
                f.nameSize = v[11];
                f.checksum = v[12];
                break;
            }
            case ODC: {
                long dev = octal(b, off + 6, 6, "c_dev", site);
                f.inode = octal(b, off + 12, 6, "c_ino", site);
                f.mode = (int) octal(b, off + 18, 6, "c_mode", site);
                f.uid = octal(b, off + 24, 6, "c_uid", site);
                f.gid = octal(b, off + 30, 6, "c_gid", site);
                f.nlink = octal(b, off + 36, 6, "c_nlink", site);
                long rdev = octal(b, off + 42, 6, "c_rdev", site);
                f.mtime = octal(b, off + 48, 11, "c_mtime", site);
                f.nameSize = octal(b, off + 59, 6, "c_namesize", site);
                f.size = octal(b, off + 65, 11, "c_filesize", site);
                f.devMajor = dev >>> 8;
                f.devMinor = dev & 0xff;
                f.rdevMajor = rdev >>> 8;
                f.rdevMinor = rdev & 0xff;
                break;
            }
            case BINARY_LE:
            case BINARY_BE: {
                boolean le = format == CpioFormat.BINARY_LE;
                int dev = word(b, off + 2, le);
                f.inode = word(b, off + 4, le);
                f.mode = word(b, off + 6, le);
                f.uid = word(b, off + 8, le);
                f.gid = word(b, off + 10, le);
                f.nlink = word(b, off + 12, le);
                int rdev = word(b, off + 14, le);
                // 32-bit values are stored as two 16-bit words, the more significant first.
                f.mtime = ((long) word(b, off + 16, le) << 16) | word(b, off + 18, le);
                f.nameSize = word(b, off + 20, le);
                f.size = ((long) word(b, off + 22, le) << 16) | word(b, off + 24, le);
                f.devMajor = dev >>> 8;
                f.devMinor = dev & 0xff;
                f.rdevMajor = rdev >>> 8;
                f.rdevMinor = rdev & 0xff;
                break;
            }
            default:
                throw new AssertionError(format);
        }
        return f;
    }

    private static int word(byte[] b, int off, boolean littleEndian) {
        int lo = b[littleEndian ? off : off + 1] & 0xff;
        int hi = b[littleEndian ? off + 1 : off] & 0xff;
        return (hi << 8) | lo;
    }

    /** The value of each hex digit byte, or -1 for a byte that is not one. */
    private static final byte[] HEX_VALUE = new byte[256];

    static {
        java.util.Arrays.fill(HEX_VALUE, (byte) -1);
        for (int i = 0; i < 10; i++) {
            HEX_VALUE['0' + i] = (byte) i;
        }
        for (int i = 0; i < 6; i++) {
            HEX_VALUE['a' + i] = (byte) (10 + i);
            HEX_VALUE['A' + i] = (byte) (10 + i);
        }
    }

    private static long hex(byte[] b, int off, String field, ErrorSite site) throws CpioFormatException {
        long v = 0;
        int bad = 0;
        // Every header has 104 hex digits: one table look-up each, and a single test at the end.
        for (int i = 0; i < 8; i++) {
            int d = HEX_VALUE[b[off + i] & 0xff];
            bad |= d;
            v = (v << 4) | (d & 0xf);
        }
        if (bad < 0) {
            for (int i = 0; i < 8; i++) {
                if (HEX_VALUE[b[off + i] & 0xff] < 0) {
                    throw site.error(off + i, field, "not hex: '" + printable(b, off, 8) + "'");
                }
            }
        }
        return v;
    }

    private static long octal(byte[] b, int off, int len, String field, ErrorSite site) throws CpioFormatException {
        long v = 0;
        for (int i = 0; i < len; i++) {
            int c = b[off + i];
            if (c < '0' || c > '7') {
                throw site.error(off + i, field, "not octal: '" + printable(b, off, len) + "'");
            }
            v = (v << 3) | (c - '0');
        }
        return v;
    }

    static String printable(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            int c = b[off + i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }

    /**
     * Encodes header, name, NUL and name padding for {@code e} in {@code format}, with the given
     * inode and checksum (the writer's, which may differ from the entry's).
     *
     * @throws FieldTooLarge naming the field when a value does not fit
     */
    static byte[] encode(CpioEntry e, CpioFormat format, long inode, long checksum, long size) {
        byte[] name = e.rawName();
        if (name.length == 0) {
            throw new FieldTooLarge("c_namesize", "entry name may not be empty");
        }
        if (name.length > MAX_WRITABLE_NAME) {
            throw new FieldTooLarge("c_namesize", "name of " + name.length + " bytes is longer than "
                    + MAX_WRITABLE_NAME + " bytes, which the kernel rejects: '" + shorten(e.name()) + "'");
        }
        long nameSize = name.length + 1L;
        switch (format) {
            case NEWC:
            case CRC: {
                int headerAndName = 110 + (int) nameSize;
                byte[] out = new byte[headerAndName + format.padding(headerAndName)];
                putAscii(out, 0, format.magic());
                long[] v = {
                    inode, e.mode() & 0xffffffffL, e.uid(), e.gid(), e.nlink(), e.mtime(), size,
                    e.devMajor(), e.devMinor(), e.rdevMajor(), e.rdevMinor(), nameSize, checksum
                };
                for (int i = 0; i < 13; i++) {
                    putHex(out, 6 + 8 * i, v[i], SVR4_FIELDS[i], e);
                }
                System.arraycopy(name, 0, out, 110, name.length);
                return out;
            }
            case ODC: {
                byte[] out = new byte[76 + (int) nameSize];
                putAscii(out, 0, format.magic());
                putOctal(out, 6, 6, (e.devMajor() << 8) | e.devMinor(), "c_dev", e, e.devMajor() > 0xff || e.devMinor() > 0xff);
                putOctal(out, 12, 6, inode, "c_ino", e, false);
                putOctal(out, 18, 6, e.mode() & 0xffffffffL, "c_mode", e, false);
                putOctal(out, 24, 6, e.uid(), "c_uid", e, false);
                putOctal(out, 30, 6, e.gid(), "c_gid", e, false);
                putOctal(out, 36, 6, e.nlink(), "c_nlink", e, false);
                putOctal(out, 42, 6, (e.rdevMajor() << 8) | e.rdevMinor(), "c_rdev", e, e.rdevMajor() > 0xff || e.rdevMinor() > 0xff);
                putOctal(out, 48, 11, e.mtime(), "c_mtime", e, false);
                putOctal(out, 59, 6, nameSize, "c_namesize", e, false);
                putOctal(out, 65, 11, size, "c_filesize", e, false);
                System.arraycopy(name, 0, out, 76, name.length);
                return out;
            }
            default:
                throw new IllegalArgumentException(format + " cannot be written");
        }
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static void putAscii(byte[] out, int off, String s) {
        for (int i = 0; i < s.length(); i++) {
            out[off + i] = (byte) s.charAt(i);
        }
    }

    private static void putHex(byte[] out, int off, long v, String field, CpioEntry e) {
        if (v < 0 || v > 0xffffffffL) {
            throw new FieldTooLarge(field, field + " (" + v + ") does not fit the 32 bits of a newc header"
                    + (field.equals("c_filesize") ? " (files of 4 GiB or more cannot be stored in cpio)" : "")
                    + ": '" + shorten(e.name()) + "'");
        }
        for (int i = 7; i >= 0; i--) {
            out[off + i] = HEX_UPPER[(int) (v & 0xf)];
            v >>>= 4;
        }
    }

    private static void putOctal(byte[] out, int off, int len, long v, String field, CpioEntry e, boolean overflow) {
        long max = (1L << (3 * len)) - 1;
        if (overflow || v < 0 || v > max) {
            throw new FieldTooLarge(field, field + " (" + v + ") does not fit the " + len
                    + " octal digits of an odc header: '" + shorten(e.name()) + "'");
        }
        for (int i = len - 1; i >= 0; i--) {
            out[off + i] = (byte) ('0' + (v & 7));
            v >>>= 3;
        }
    }

    /** A value that the header field {@link #field()} cannot hold. */
    static final class FieldTooLarge extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String field;

        FieldTooLarge(String field, String message) {
            super(message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    /** Builds errors that name the source, the absolute offset and the current entry. */
    interface ErrorSite {
        /** An error at {@code bufferIndex}, an index into the header buffer being decoded. */
        CpioFormatException error(int bufferIndex, String field, String detail);
    }
}
