package dev.remaster.compress.zstd;

/** How a level looks for matches, named after zstd's strategies. */
enum Strategy {
    /** One hash table, one candidate per position. */
    FAST,
    /** A long and a short hash table, one candidate each. */
    DFAST,
    /** Rows of recent positions by hash ({@link RowMatchFinder}), first match taken. */
    GREEDY,
    /** As {@link #GREEDY}, one position of lookahead. */
    LAZY,
    /** As {@link #GREEDY}, two positions of lookahead. */
    LAZY2,
    /** A binary tree of the positions sorted by their bytes, two positions of lookahead (zstd's btlazy2). */
    BTLAZY2,
    /** Every match at every position, the cheapest path by estimated bit cost (zstd's btopt). */
    BTOPT,
    /** As {@link #BTOPT}, each block parsed twice: once to learn its statistics, once to emit it. */
    BTULTRA
}
