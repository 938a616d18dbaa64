package dev.remaster.compress.zstd;

/**
 * Entropy-decodes compressed blocks (RFC 8878 section 3.1.1.3) into a {@link ParsedBlock}: the
 * literals, and the sequences with their offsets resolved, checked against the block's and the
 * window's bounds so that executing them cannot go wrong. It keeps what one block hands to the
 * next: the Huffman table, the three sequence tables, the repeat offsets, and for each of them
 * where in the content it was set, from which {@link BlockSpan#earliestDependency} is computed.
 */
final class CompressedBlockParser {
    private static final long NONE = -1;

    private final HuffmanDecoding huffman = new HuffmanDecoding();
    private long huffmanFrom = NONE;

    private final long[][] ownTables = {new long[512], new long[256], new long[512]};
    private final long[][] tables = new long[3][];
    private final int[] logs = new int[3];
    private final long[] tableFrom = {NONE, NONE, NONE};
    private final short[] norm = new short[53];
    private final int[] bounds = new int[5];
    private final int[] symbols = new int[512];
    private final int[] nbBits = new int[512];
    private final int[] baselines = new int[512];

    private int rep1 = 1;
    private int rep2 = 4;
    private int rep3 = 8;
    private long rep1From;
    private long rep2From;
    private long rep3From;

    /**
     * Parses the compressed block {@code b.src[0..size)} whose content starts at {@code blockStart}
     * and may hold at most {@code limit} bytes; sets the block's literals, sequences, content size
     * and earliest dependency.
     *
     * @param windowSize the frame's window size: no offset may exceed it
     * @param at the block's offset in the frame, for error messages
     */
    void parse(ParsedBlock b, int size, long blockStart, int limit, long windowSize, long at)
            throws ZstdFormatException {
        byte[] src = b.src;
        byte[] literals = b.literals;
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
            if (litSize > limit) {
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
            if (litSize > limit) {
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
                fourStreams(src, ip, end, literals, litSize, at);
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
            b.lit = lit;
            b.litStart = litStart;
            b.litSize = litSize;
            b.nbSeq = 0;
            b.contentSize = litSize;
            b.earliestDependency = dependency;
            return;
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
        if (nbSeq > limit / 3) {
            throw new ZstdFormatException(at, "sequences: " + nbSeq + " sequences cannot fit in the block");
        }
        b.lit = lit;
        b.litStart = litStart;
        b.litSize = litSize;
        b.nbSeq = nbSeq;
        b.ensureSequences(nbSeq);
        sequences(b, ip, size, nbSeq, litSize, blockStart, limit, dependency, (int) Math.min(windowSize, 1 << 30), at);
    }

    private void fourStreams(byte[] src, int ip, int end, byte[] literals, int litSize, long at)
            throws ZstdFormatException {
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
        bounds[0] = p1;
        bounds[1] = p2;
        bounds[2] = p3;
        bounds[3] = p4;
        bounds[4] = end;
        huffman.decodeFour(src, bounds, literals, segment, litSize, at);
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

    /**
     * Decodes {@code nbSeq} sequences from the bit stream {@code b.src[start..end)} into the block's
     * arrays, checking that they stay within the literals, the block and the window.
     */
    private void sequences(ParsedBlock b, int start, int end, int nbSeq, int litSize, long blockStart, int limit,
            long dependency, int maxOffset, long at) throws ZstdFormatException {
        byte[] src = b.src;
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
        // Initial states: at most 9 + 8 + 9 bits after at most 8 already used.
        int llState = (int) (((bits << consumed) >>> 1) >>> (63 - llLog));
        consumed += llLog;
        int ofState = (int) (((bits << consumed) >>> 1) >>> (63 - ofLog));
        consumed += ofLog;
        int mlState = (int) (((bits << consumed) >>> 1) >>> (63 - mlLog));
        consumed += mlLog;

        int[] lls = b.literalLengths;
        int[] mls = b.matchLengths;
        int[] offs = b.offsets;
        int r1 = rep1;
        int r2 = rep2;
        int r3 = rep3;
        long f1 = rep1From;
        long f2 = rep2From;
        long f3 = rep3From;
        // Offsets may reach back to the frame's start, within the window.
        int before = (int) Math.min(blockStart, maxOffset);
        int lowest = 0;
        int litPos = 0;
        int pos = 0;
        int advance;
        for (int i = 0; ; ) {
            // A fresh load for the offset (at most 30 bits); later loads only when the next fields
            // may not fit in the 64 bits loaded (match and literal length 16 bits each, the three
            // state updates 26): the tests are cheaper than the loads without C2.
            advance = consumed >>> 3;
            if (ptr - advance >= start) {
                ptr -= advance;
                consumed &= 7;
            } else {
                consumed -= (ptr - start) << 3;
                ptr = start;
            }
            bits = Bits.le64(src, ptr);
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
                f1 = blockStart + pos;
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
            litPos += literalLength;
            pos += literalLength;
            if (litPos > litSize || matchLength > limit - pos) {
                throw new ZstdFormatException(at, litPos > litSize
                        ? "sequences: a literal length goes past the block's literals"
                        : "sequences: the sequences decode to more than the block may hold");
            }
            int match = pos - offset;
            if (offset <= 0 || offset > maxOffset || match < -before) {
                throw new ZstdFormatException(at, "sequences: offset " + offset + " reaches before the "
                        + (offset > maxOffset ? "window (" + maxOffset + " bytes)" : "start of the frame"));
            }
            if (match < lowest) {
                lowest = match;
            }
            lls[i] = literalLength;
            mls[i] = matchLength;
            offs[i] = offset;
            pos += matchLength;

            if (++i == nbSeq) {
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
        int rest = litSize - litPos;
        if (rest > limit - pos) {
            throw new ZstdFormatException(at, "sequences: the sequences decode to more than the block may hold");
        }
        rep1 = r1;
        rep2 = r2;
        rep3 = r3;
        rep1From = f1;
        rep2From = f2;
        rep3From = f3;
        b.contentSize = pos + rest;
        b.earliestDependency = Math.min(dependency, blockStart + lowest);
    }
}
