package dev.remaster.compress.zstd;

/**
 * The match finder's parameters for one level.
 *
 * @param strategy how matches are searched
 * @param windowLog log2 of the window, at most 23 (8 MiB, what the kernel's and aircompressor's decoders take)
 * @param chainLog log2 of the binary tree's table (two entries a position), or of dfast's long hash table
 * @param hashLog log2 of the hash table, or of the row match finder's slots
 * @param searchLog log2 of the number of candidates tried per position (and of the slots in a row)
 * @param minMatch the shortest match looked for (hash length)
 * @param targetLength a match this long stops the search
 * @param overlapLog how much of the preceding input a job may reference, zstd's overlap log (9 = whole window)
 */
record LevelParameters(Strategy strategy, int windowLog, int chainLog, int hashLog, int searchLog, int minMatch,
        int targetLength, int overlapLog) {
    static final int MAX_LEVEL = 19;
    static final int MAX_WINDOW_LOG = 23;

    private static final LevelParameters[] LEVELS = {
        null,
        new LevelParameters(Strategy.FAST, 19, 12, 14, 1, 6, 0, 6),
        new LevelParameters(Strategy.DFAST, 20, 15, 16, 1, 5, 0, 6),
        new LevelParameters(Strategy.DFAST, 21, 16, 17, 1, 5, 0, 6),
        new LevelParameters(Strategy.DFAST, 21, 18, 18, 1, 5, 0, 6),
        new LevelParameters(Strategy.GREEDY, 21, 18, 19, 2, 5, 2, 6),
        new LevelParameters(Strategy.LAZY, 21, 18, 19, 3, 5, 4, 6),
        new LevelParameters(Strategy.LAZY, 21, 19, 20, 4, 5, 8, 6),
        new LevelParameters(Strategy.LAZY2, 21, 19, 20, 4, 5, 16, 6),
        new LevelParameters(Strategy.LAZY2, 22, 21, 21, 4, 5, 16, 7),
        new LevelParameters(Strategy.LAZY2, 22, 21, 22, 5, 5, 32, 7),
        new LevelParameters(Strategy.LAZY2, 22, 21, 22, 6, 5, 32, 7),
        new LevelParameters(Strategy.LAZY2, 22, 22, 23, 6, 5, 64, 7),
        new LevelParameters(Strategy.BTLAZY2, 22, 22, 22, 4, 5, 32, 7),
        new LevelParameters(Strategy.BTLAZY2, 22, 22, 23, 5, 5, 32, 7),
        new LevelParameters(Strategy.BTLAZY2, 22, 23, 23, 6, 5, 32, 7),
        new LevelParameters(Strategy.BTOPT, 22, 22, 22, 5, 4, 48, 8),
        new LevelParameters(Strategy.BTULTRA, 23, 23, 22, 5, 4, 64, 8),
        new LevelParameters(Strategy.BTULTRA, 23, 23, 22, 6, 3, 64, 8),
        new LevelParameters(Strategy.BTULTRA, 23, 24, 22, 7, 3, 256, 9),
    };

    /** The parameters of {@code level}, 1 to 19. */
    static LevelParameters of(int level) {
        if (level < 1 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("zstd level " + level + " is outside 1.." + MAX_LEVEL);
        }
        return LEVELS[level];
    }

    /** The size of an independent job: four windows, at least 1 MiB, as zstd's multi-threaded mode. */
    int jobSize() {
        return 1 << Math.max(20, windowLog + 2);
    }

    /** How many bytes before a job its matches may reference. */
    int overlap() {
        return overlapLog >= 9 ? 1 << windowLog : 1 << (windowLog - (9 - overlapLog));
    }
}
