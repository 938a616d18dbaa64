package dev.remaster.compress.gzip;

/**
 * Combines CRC-32 values (the gzip and zlib CRC, polynomial 0x04C11DB7 in its reflected form
 * 0xEDB88320): given the CRC of A and the CRC and length of B, the CRC of A followed by B, without
 * reading either. Used to give a gzip member whose pieces were compressed (or copied) separately
 * its trailer.
 *
 * <p>The arithmetic: a CRC is the remainder of a polynomial over GF(2) modulo P. Appending
 * {@code n} bytes to A multiplies A's contribution by x<sup>8n</sup>, so
 * {@code crc(A·B) = crc(A)·x^(8n) mod P  xor  crc(B)} (the pre- and post-conditioning of CRC-32
 * cancel out in this form). x<sup>8n</sup> mod P is built from a table of x^(2^k)
 * mod P by square-and-multiply, so combining costs O(log n) multiplications of 32-bit
 * polynomials.
 */
final class Crc32Combine {
    /** The reflected CRC-32 polynomial: bit 31 is the coefficient of x^0, bit 0 that of x^31. */
    private static final int POLY = 0xEDB88320;
    /** x^0 = 1 in the reflected representation. */
    private static final int ONE = 0x80000000;
    /** POWERS[k] = x^(2^k) mod P, for k = 0..66: 8n for any long n has its top bit below 2^66. */
    private static final int[] POWERS = new int[67];

    static {
        POWERS[0] = ONE >>> 1; // x^1
        for (int k = 1; k < POWERS.length; k++) {
            POWERS[k] = multiply(POWERS[k - 1], POWERS[k - 1]);
        }
    }

    private Crc32Combine() {
    }

    /**
     * The CRC-32 of A followed by B.
     *
     * @param crcA the CRC-32 of A (as {@link java.util.zip.CRC32#getValue()} gives it)
     * @param crcB the CRC-32 of B
     * @param lengthB the length of B in bytes, not negative
     * @return the CRC-32 of A then B, in 0..2^32-1
     */
    static long combine(long crcA, long crcB, long lengthB) {
        if (lengthB < 0) {
            throw new IllegalArgumentException("lengthB (" + lengthB + ") may not be negative");
        }
        if (lengthB == 0) {
            return crcA & 0xFFFFFFFFL;
        }
        int shifted = multiply(xToThe8n(lengthB), (int) crcA);
        return (shifted ^ (int) crcB) & 0xFFFFFFFFL;
    }

    /** x^(8n) mod P: n's bits select the powers x^(2^k), starting at k = 3 for the factor 8. */
    private static int xToThe8n(long n) {
        int p = ONE;
        int k = 3;
        while (n != 0) {
            if ((n & 1) != 0) {
                p = multiply(POWERS[k], p);
            }
            n >>>= 1;
            k++;
        }
        return p;
    }

    /**
     * a·b mod P, both reflected: for each coefficient of a from x^0 (bit 31) upwards, add b if it is
     * set, then multiply b by x (a right shift, reducing by P when x^31's coefficient falls off).
     */
    private static int multiply(int a, int b) {
        int product = 0;
        for (int bit = ONE; bit != 0; bit >>>= 1) {
            if ((a & bit) != 0) {
                product ^= b;
            }
            b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
        }
        return product;
    }
}
