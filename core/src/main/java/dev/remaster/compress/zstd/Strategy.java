package dev.remaster.compress.zstd;

/** How a level looks for matches, named after zstd's strategies. */
enum Strategy {
    /** One hash table, one candidate per position. */
    FAST,
    /** A long and a short hash table, one candidate each. */
    DFAST,
    /** Hash chains, first match taken. */
    GREEDY,
    /** Hash chains, one position of lookahead. */
    LAZY,
    /** Hash chains, two positions of lookahead. */
    LAZY2,
    /** Every match at every position, the cheapest path by estimated bit cost (zstd's btopt). */
    BTOPT,
    /** As {@link #BTOPT}, each block parsed twice: once to learn its statistics, once to emit it. */
    BTULTRA
}
