package dev.remaster.compress.lzo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A strict LZO1X decoder for the tests, written from the format's description (the kernel's
 * {@code Documentation/staging/lzo.rst}) independently of the encoder: it decodes a block and
 * records every instruction, so that tests can check which encodings the encoder chose. It refuses
 * what a conforming encoder never writes: a first byte of 17 (but for the empty block), distances beyond the output, a
 * length byte run without its last byte, bytes after the end marker.
 */
final class Lzo1xTrace {
    /** The instruction kinds. */
    enum Kind {
        /** First byte 18 to 20: 1 to 3 literals. */
        FIRST_SHORT,
        /** First byte 21 to 255: 4 to 238 literals. */
        FIRST_LONG,
        /** {@code 0000LLLL} in state 0 with L > 0: 4 to 18 literals. */
        RUN,
        /** {@code 00000000} and length bytes in state 0: 19 literals or more. */
        RUN_LONG,
        /** 1 to 3 literals carried by the SS bits of the match before. */
        STATE_LITERALS,
        /** 2-byte match at distance 1 to 1024, after 1 to 3 literals. */
        M1_NEAR,
        /** 3-byte match at distance 2049 to 3072, after four literals or more. */
        M1_FAR,
        /** 3 to 8 bytes at distance 1 to 2048. */
        M2,
        /** 3 to 33 bytes at distance 1 to 16384. */
        M3,
        /** 34 bytes or more at distance 1 to 16384. */
        M3_LONG,
        /** 3 to 9 bytes at distance 16385 to 49151. */
        M4,
        /** 10 bytes or more at distance 16385 to 49151. */
        M4_LONG
    }

    /** One instruction: its kind, the bytes it makes and, for a match, its distance (else 0). */
    record Instruction(Kind kind, int length, int distance) {
    }

    final List<Instruction> instructions = new ArrayList<>();
    private final byte[] in;
    private int ip;
    private byte[] out = new byte[1024];
    private int op;

    private Lzo1xTrace(byte[] in) {
        this.in = in;
    }

    /** Decodes {@code block}, recording its instructions. */
    static Lzo1xTrace of(byte[] block) {
        Lzo1xTrace t = new Lzo1xTrace(block);
        t.run();
        return t;
    }

    byte[] output() {
        return Arrays.copyOf(out, op);
    }

    boolean has(Kind kind) {
        return instructions.stream().anyMatch(i -> i.kind() == kind);
    }

    boolean has(Kind kind, int length, int distance) {
        return instructions.contains(new Instruction(kind, length, distance));
    }

    private void run() {
        int state = 0;
        int first = u8(ip);
        if (first == 17 && in.length != 3) {
            // 11 00 00 alone is the empty block; 17 before more bytes would be read as lzo-rle's version.
            throw new IllegalStateException("first byte 17 (an lzo-rle version byte)");
        }
        if (first > 17) {
            ip++;
            int n = first - 17;
            literals(n, n < 4 ? Kind.FIRST_SHORT : Kind.FIRST_LONG);
            state = Math.min(n, 4);
        }
        while (true) {
            int t = u8(ip++);
            int length;
            int distance;
            int ss;
            Kind kind;
            if (t < 16) {
                if (state == 0) {
                    int n = t == 0 ? 18 + extension() : t + 3;
                    literals(n, t == 0 ? Kind.RUN_LONG : Kind.RUN);
                    state = 4;
                    continue;
                }
                int h = u8(ip++);
                ss = t & 3;
                if (state < 4) {
                    kind = Kind.M1_NEAR;
                    length = 2;
                    distance = 1 + (t >> 2) + (h << 2);
                } else {
                    kind = Kind.M1_FAR;
                    length = 3;
                    distance = 2049 + (t >> 2) + (h << 2);
                }
            } else if (t >= 64) {
                kind = Kind.M2;
                length = (t >> 5) + 1;
                distance = 1 + ((t >> 2) & 7) + (u8(ip++) << 3);
                ss = t & 3;
            } else if (t >= 32) {
                kind = (t & 31) == 0 ? Kind.M3_LONG : Kind.M3;
                length = (t & 31) == 0 ? 33 + extension() : (t & 31) + 2;
                int b0 = u8(ip++);
                int b1 = u8(ip++);
                distance = 1 + (b0 >> 2) + (b1 << 6);
                ss = b0 & 3;
            } else {
                kind = (t & 7) == 0 ? Kind.M4_LONG : Kind.M4;
                length = (t & 7) == 0 ? 9 + extension() : (t & 7) + 2;
                int b0 = u8(ip++);
                int b1 = u8(ip++);
                int d = ((t & 8) << 11) + (b0 >> 2) + (b1 << 6);
                if (d == 0) {
                    if (t != 0x11 || b0 != 0 || ip != in.length) {
                        throw new IllegalStateException("bad end marker or bytes after it at " + ip);
                    }
                    return;
                }
                distance = 16384 + d;
                ss = b0 & 3;
            }
            if (distance > op) {
                throw new IllegalStateException(kind + " distance " + distance + " beyond the output (" + op + ")");
            }
            room(length);
            for (int k = 0; k < length; k++) {
                out[op] = out[op - distance];
                op++;
            }
            instructions.add(new Instruction(kind, length, distance));
            if (ss > 0) {
                literals(ss, Kind.STATE_LITERALS);
            }
            state = ss;
        }
    }

    private int extension() {
        int n = 0;
        while (u8(ip) == 0) {
            n += 255;
            ip++;
        }
        return n + u8(ip++);
    }

    private void literals(int n, Kind kind) {
        room(n);
        if (ip + n > in.length) {
            throw new IllegalStateException("literals past the end of the block");
        }
        System.arraycopy(in, ip, out, op, n);
        ip += n;
        op += n;
        instructions.add(new Instruction(kind, n, 0));
    }

    private void room(int n) {
        if (op + n > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, op + n));
        }
    }

    private int u8(int at) {
        if (at >= in.length) {
            throw new IllegalStateException("block ends without its end marker");
        }
        return in[at] & 0xFF;
    }
}
