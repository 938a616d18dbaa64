/**
 * Comparing two images as the kernel would unpack them: {@link dev.remaster.diff.ImageDiff} gives
 * the paths added, removed and changed (with the fields that differ), after later entries have
 * replaced earlier ones and hard links have been joined.
 */
package dev.remaster.diff;
