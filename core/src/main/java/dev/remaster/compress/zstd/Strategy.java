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
    LAZY2
}
