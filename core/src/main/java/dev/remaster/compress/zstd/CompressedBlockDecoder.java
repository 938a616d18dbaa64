package dev.remaster.compress.zstd;

import java.util.Arrays;

/**
 * Decodes compressed blocks (RFC 8878 section 3.1.1.3) into the frame's window, keeping what one
 * block hands to the next: the Huffman table, the three sequence tables, the repeat offsets, and
 * for each of them where in the content it was set, from which {@link BlockSpan#earliestDependency}
 * is computed.
 */
final class CompressedBlockDecoder {
    private static final long NONE = -1;

    private final HuffmanDecoding huffman = new HuffmanDecoding();
    private long huffmanFrom = NONE;
    private final byte[] literals = new byte[ZstdFrameDecoder.BLOCK_SIZE_MAX + 32];

    private final long[][] ownTables = {new long[512], new long[256], new long[512]};
    private final long[][] tables = new long[3][];
    private final int[] logs = new int[3];
    private final long[] tableFrom = {NONE, NONE, NONE};
    private final short[] norm = new short[53];
    private final int[] symbols = new int[512];
    private final int[] nbBits = new int[512];
    private final int[] baselines = new int[512];

    private int rep1 = 1;
    private int rep2 = 4;
    private int rep3 = 8;
    private long rep1From;
    private long rep2From;
    private long rep3From;

    /** The earliest content position the last decoded block depends on. */
    long earliestDependency;

    /**
     * Decodes the block {@code src[0..size)} into {@code win} from {@code pos}, writing no further than
     * {@code limit}; returns the new position.
     *
     * @param base the content position of {@code win[0]}
     * @param maxOffset the largest offset allowed (the window size)
     * @param at the block's offset in the frame, for error messages
     */
    int decode(byte[] src, int size, byte[] win, int pos, int limit, long base, int maxOffset, long at)
            throws ZstdFormatException {
        long blockStart = base + pos;
        long dependency = blockStart;
        if (size < 1) {
            throw new ZstdFormatException(at, "compressed block: empty");
        }
        int b0 = src[0] & 0xFF;
        int type = b0 & 3;
        int sizeFormat = (b0 >>> 2) & 3;
        int ip;
        int litSize;
        byte[] lit;
        int litStart;
        if (type < 2) {
            if ((sizeFormat & 1) == 0) {
                litSize = b0 >>> 3;
                ip = 1;
            } else if (sizeFormat == 1) {
                litSize = (b0 >>> 4) | (src[1] & 0xFF) << 4;
                ip = 2;
            } else {
                litSize = (b0 >>> 4) | (src[1] & 0xFF) << 4 | (src[2] & 0xFF) << 12;
                ip = 3;
            }
            if (litSize > limit - pos) {
                throw new ZstdFormatException(at, "literals: " + litSize + " literals do not fit in the block");
            }
            if (type == 0) {
                if (ip + litSize > size) {
                    throw new ZstdFormatException(at, "literals: " + litSize + " raw literals do not fit in the block");
                }
                lit = src;
                litStart = ip;
                ip += litSize;
            } else {
                if (ip >= size) {
                    throw new ZstdFormatException(at, "literals: the run-length literal is missing");
                }
                Bits.fill(literals, 0, litSize, src[ip++]);
                lit = literals;
                litStart = 0;
            }
        } else {
            int compressed;
            if (sizeFormat < 2) {
                int v = Bits.le24(src, 0);
                litSize = (v >>> 4) & 0x3FF;
                compressed = (v >>> 14) & 0x3FF;
                ip = 3;
            } else if (sizeFormat == 2) {
                int v = Bits.le32(src, 0);
                litSize = (v >>> 4) & 0x3FFF;
                compressed = v >>> 18;
                ip = 4;
            } else {
                long v = (Bits.le32(src, 0) & 0xFFFFFFFFL) | (long) (src[4] & 0xFF) << 32;
                litSize = (int) (v >>> 4) & 0x3FFFF;
                compressed = (int) (v >>> 22) & 0x3FFFF;
                ip = 5;
            }
            int end = ip + compressed;
            if (end > size) {
                throw new ZstdFormatException(at, "literals: " + compressed + " bytes of compressed literals do not fit in the block");
            }
            if (litSize > limit - pos) {
                throw new ZstdFormatException(at, "literals: " + litSize + " literals do not fit in the block");
            }
            if (type == 2) {
                ip = huffman.readTable(src, ip, end, at);
                huffmanFrom = blockStart;
            } else if (huffmanFrom == NONE) {
                throw new ZstdFormatException(at, "literals: treeless literals, but no earlier block defined a Huffman table");
            } else {
                dependency = Math.min(dependency, huffmanFrom);
            }
            if (sizeFormat == 0) {
                huffman.decodeStream(src, ip, end, literals, 0, litSize, at);
            } else {
                fourStreams(src, ip, end, litSize, at);
            }
            lit = literals;
            litStart = 0;
            ip = end;
        }

        if (ip >= size) {
            throw new ZstdFormatException(at, "sequences: the section header is missing");
        }
        int nb = src[ip++] & 0xFF;
        int nbSeq;
        if (nb < 128) {
            nbSeq = nb;
        } else if (nb < 255) {
            nbSeq = ((nb - 128) << 8) + (src[ip++] & 0xFF);
        } else {
            nbSeq = Bits.le16(src, ip) + 0x7F00;
            ip += 2;
        }
        if (nbSeq == 0) {
            if (ip != size) {
                throw new ZstdFormatException(at, "sequences: bytes follow an empty sequences section");
            }
            System.arraycopy(lit, litStart, win, pos, litSize);
            earliestDependency = dependency;
            return pos + litSize;
        }
        if (ip >= size) {
            throw new ZstdFormatException(at, "sequences: the compression modes are missing");
        }
        int modes = src[ip++] & 0xFF;
        if ((modes & 3) != 0) {
            throw new ZstdFormatException(at, "sequences: reserved bits of the compression modes are set");
        }
        ip = selectTable(SequenceTables.LL, modes >>> 6, src, ip, size, blockStart, at);
        ip = selectTable(SequenceTables.OF, (modes >>> 4) & 3, src, ip, size, blockStart, at);
        ip = selectTable(SequenceTables.ML, (modes >>> 2) & 3, src, ip, size, blockStart, at);
        for (int k = 0; k < 3; k++) {
            dependency = Math.min(dependency, tableFrom[k]);
        }
        earliestDependency = dependency;
        return sequences(src, ip, size, nbSeq, lit, litStart, litStart + litSize, win, pos, limit, base, maxOffset, at);
    }

    private void fourStreams(byte[] src, int ip, int end, int litSize, long at) throws ZstdFormatException {
        if (end - ip < 10) {
            throw new ZstdFormatException(at, "literals: the four Huffman streams do not fit");
        }
        int s1 = Bits.le16(src, ip);
        int s2 = Bits.le16(src, ip + 2);
        int s3 = Bits.le16(src, ip + 4);
        int p1 = ip + 6;
        int p2 = p1 + s1;
        int p3 = p2 + s2;
        int p4 = p3 + s3;
        int segment = (litSize + 3) >>> 2;
        if (p4 >= end || litSize - 3 * segment < 0) {
            throw new ZstdFormatException(at, "literals: the four Huffman streams do not fit");
        }
        huffman.decodeStream(src, p1, p2, literals, 0, segment, at);
        huffman.decodeStream(src, p2, p3, literals, segment, segment, at);
        huffman.decodeStream(src, p3, p4, literals, 2 * segment, segment, at);
        huffman.decodeStream(src, p4, end, literals, 3 * segment, litSize - 3 * segment, at);
    }

    private int selectTable(int k, int mode, byte[] src, int ip, int end, long blockStart, long at)
            throws ZstdFormatException {
        switch (mode) {
            case 0 -> {
                tables[k] = SequenceTables.PREDEFINED[k];
                logs[k] = SequenceTables.PREDEFINED_LOG[k];
                tableFrom[k] = blockStart;
            }
            case 1 -> {
                if (ip >= end) {
                    throw new ZstdFormatException(at, "sequences: the run-length symbol of the " + SequenceTables.NAME[k] + " is missing");
                }
                int symbol = src[ip++] & 0xFF;
                if (symbol > SequenceTables.MAX_SYMBOL[k]) {
                    throw new ZstdFormatException(at, "sequences: " + SequenceTables.NAME[k] + " symbol " + symbol + " is out of range");
                }
                SequenceTables.rle(k, symbol, ownTables[k]);
                tables[k] = ownTables[k];
                logs[k] = 0;
                tableFrom[k] = blockStart;
            }
            case 2 -> {
                int max = SequenceTables.MAX_SYMBOL[k];
                int r = FseDecoding.readDistribution(src, ip, end, max, SequenceTables.MAX_LOG[k], norm,
                        "sequences: " + SequenceTables.NAME[k], at);
                int log = r & 0xFF;
                SequenceTables.build(k, norm, max, log, ownTables[k], symbols, nbBits, baselines, at);
                tables[k] = ownTables[k];
                logs[k] = log;
                tableFrom[k] = blockStart;
                ip += r >>> 8;
            }
            default -> {
                if (tableFrom[k] == NONE) {
                    throw new ZstdFormatException(at, "sequences: the " + SequenceTables.NAME[k]
                            + " repeat the previous table, but there is none");
                }
            }
        }
        return ip;
    }

    /** Decodes and executes {@code nbSeq} sequences from the bit stream {@code src[start..end)}. */
    private int sequences(byte[] src, int start, int end, int nbSeq, byte[] lit, int litPos, int litEnd, byte[] win,
            int pos, int limit, long base, int maxOffset, long at) throws ZstdFormatException {
        if (end <= start || src[end - 1] == 0) {
            throw new ZstdFormatException(at, "sequences: the bit stream is empty or lacks its end mark");
        }
        int size = end - start;
        int ptr;
        int consumed;
        if (size >= 8) {
            ptr = end - 8;
            consumed = 0;
        } else {
            ptr = start;
            consumed = (8 - size) * 8;
        }
        consumed += Integer.numberOfLeadingZeros(src[end - 1] & 0xFF) - 23;
        long bits = Bits.le64(src, ptr);
        long[] llTable = tables[SequenceTables.LL];
        long[] ofTable = tables[SequenceTables.OF];
        long[] mlTable = tables[SequenceTables.ML];
        int llLog = logs[SequenceTables.LL];
        int ofLog = logs[SequenceTables.OF];
        int mlLog = logs[SequenceTables.ML];
        // Initial states: at most 9 + 8 + 9 bits after at most 7 already used.
        int llState = (int) (((bits << consumed) >>> 1) >>> (63 - llLog));
        consumed += llLog;
        int ofState = (int) (((bits << consumed) >>> 1) >>> (63 - ofLog));
        consumed += ofLog;
        int mlState = (int) (((bits << consumed) >>> 1) >>> (63 - mlLog));
        consumed += mlLog;

        int r1 = rep1;
        int r2 = rep2;
        int r3 = rep3;
        long f1 = rep1From;
        long f2 = rep2From;
        long f3 = rep3From;
        long dependency = earliestDependency;
        int lowest = pos;
        int advance;
        for (int i = nbSeq; ; ) {
            // Reload only when the next fields may not fit in the 64 bits loaded: an offset takes at
            // most 30 bits, a match and a literal length 16 each, the three state updates 26.
            if (consumed > 34) {
                advance = consumed >>> 3;
                if (ptr - advance >= start) {
                    ptr -= advance;
                    consumed &= 7;
                } else {
                    consumed -= (ptr - start) << 3;
                    ptr = start;
                }
                bits = Bits.le64(src, ptr);
            }

            long of = ofTable[ofState];
            int n = (int) (of >>> 8) & 0xFF;
            int offsetValue = (int) (of >>> 32) + (int) (((bits << consumed) >>> 1) >>> (63 - n));
            consumed += n;
            if (consumed > 32) {
                advance = consumed >>> 3;
                if (ptr - advance >= start) {
                    ptr -= advance;
                    consumed &= 7;
                } else {
                    consumed -= (ptr - start) << 3;
                    ptr = start;
                }
                bits = Bits.le64(src, ptr);
            }

            long ml = mlTable[mlState];
            n = (int) (ml >>> 8) & 0xFF;
            int matchLength = (int) (ml >>> 32) + (int) (((bits << consumed) >>> 1) >>> (63 - n));
            consumed += n;
            long ll = llTable[llState];
            n = (int) (ll >>> 8) & 0xFF;
            int literalLength = (int) (ll >>> 32) + (int) (((bits << consumed) >>> 1) >>> (63 - n));
            consumed += n;

            int offset;
            if (offsetValue > 3) {
                offset = offsetValue - 3;
                r3 = r2;
                r2 = r1;
                r1 = offset;
                f3 = f2;
                f2 = f1;
                f1 = base + pos;
            } else {
                int index = literalLength == 0 ? offsetValue : offsetValue - 1;
                long from;
                if (index == 0) {
                    offset = r1;
                    from = f1;
                } else if (index == 1) {
                    offset = r2;
                    from = f2;
                    r2 = r1;
                    f2 = f1;
                    r1 = offset;
                    f1 = from;
                } else {
                    if (index == 2) {
                        offset = r3;
                        from = f3;
                    } else {
                        offset = r1 - 1;
                        from = f1;
                    }
                    r3 = r2;
                    f3 = f2;
                    r2 = r1;
                    f2 = f1;
                    r1 = offset;
                    f1 = from;
                }
                if (from < dependency) {
                    dependency = from;
                }
            }

            if (literalLength > litEnd - litPos || matchLength > limit - pos - literalLength) {
                throw new ZstdFormatException(at, literalLength > litEnd - litPos
                        ? "sequences: a literal length goes past the block's literals"
                        : "sequences: the sequences decode to more than the block may hold");
            }
            Bits.copy16(lit, litPos, win, pos);
            if (literalLength > 16) {
                System.arraycopy(lit, litPos + 16, win, pos + 16, literalLength - 16);
            }
            litPos += literalLength;
            pos += literalLength;
            int match = pos - offset;
            if (offset <= 0 || offset > maxOffset || match < 0) {
                throw new ZstdFormatException(at, "sequences: offset " + offset + " reaches before the "
                        + (offset > maxOffset ? "window (" + maxOffset + " bytes)" : "start of the frame"));
            }
            if (match < lowest) {
                lowest = match;
            }
            if (offset >= 16) {
                for (int k = 0; k < matchLength; k += 16) {
                    Bits.copy16(win, match + k, win, pos + k);
                }
            } else if (offset >= matchLength) {
                System.arraycopy(win, match, win, pos, matchLength);
            } else if (offset == 1) {
                Bits.fill(win, pos, pos + matchLength, win[match]);
            } else {
                int to = pos;
                int left = matchLength;
                while (left > 0) {
                    int chunk = Math.min(to - match, left);
                    System.arraycopy(win, match, win, to, chunk);
                    to += chunk;
                    left -= chunk;
                }
            }
            pos += matchLength;

            if (--i == 0) {
                break;
            }
            if (consumed > 38) {
                advance = consumed >>> 3;
                if (ptr - advance >= start) {
                    ptr -= advance;
                    consumed &= 7;
                } else {
                    consumed -= (ptr - start) << 3;
                    ptr = start;
                }
                bits = Bits.le64(src, ptr);
            }
            n = (int) ll & 0xFF;
            llState = ((int) (ll >>> 16) & 0xFFFF) + (int) (((bits << consumed) >>> 1) >>> (63 - n));
            consumed += n;
            n = (int) ml & 0xFF;
            mlState = ((int) (ml >>> 16) & 0xFFFF) + (int) (((bits << consumed) >>> 1) >>> (63 - n));
            consumed += n;
            n = (int) of & 0xFF;
            ofState = ((int) (of >>> 16) & 0xFFFF) + (int) (((bits << consumed) >>> 1) >>> (63 - n));
            consumed += n;
        }
        if ((long) (ptr - start) * 8 + 64 - consumed != 0) {
            throw new ZstdFormatException(at, "sequences: the bit stream does not end with the last sequence");
        }
        int rest = litEnd - litPos;
        if (rest > limit - pos) {
            throw new ZstdFormatException(at, "sequences: the sequences decode to more than the block may hold");
        }
        System.arraycopy(lit, litPos, win, pos, rest);
        rep1 = r1;
        rep2 = r2;
        rep3 = r3;
        rep1From = f1;
        rep2From = f2;
        rep3From = f3;
        earliestDependency = Math.min(dependency, base + lowest);
        return pos + rest;
    }
}
