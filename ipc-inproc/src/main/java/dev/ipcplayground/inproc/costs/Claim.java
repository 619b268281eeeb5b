package dev.ipcplayground.inproc.costs;

/**
 * One row of {@code launcher costs}: a claim of the study note beside what this machine measured.
 *
 * @param topic    what was measured, e.g. "create and finish: a platform thread"
 * @param value    the measurement, in {@code unit}; {@code null} where the run could not measure it (a
 *                 switch beside a working set whose reading cost far more than the switch)
 * @param unit     "µs", "ms", "KiB", "switches" ...
 * @param detail   how it was measured (counts, what the number includes)
 * @param claim    what the note says
 * @param verdict  where this machine agrees or disagrees, in words
 */
public record Claim(String topic, Double value, String unit, String detail, String claim, String verdict) { }
