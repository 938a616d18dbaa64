/**
 * Remaster's gzip writer and the machinery that lets an edit copy unchanged chunks of a gzip
 * member instead of recompressing them: the chunked writer ({@link
 * dev.remaster.compress.gzip.ChunkedGzipOutputStream}), the flush points found while a member is
 * decompressed ({@link dev.remaster.compress.gzip.FlushPointScan}), their verification ({@link
 * dev.remaster.compress.gzip.IndependentChunks}) and the chunks on entry boundaries ({@link
 * dev.remaster.compress.gzip.GzipChunkIndex}). Internal: the module does not export this package.
 */
package dev.remaster.compress.gzip;
