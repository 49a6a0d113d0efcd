package dev.pitwall.sink.object;

import dev.pitwall.schemas.avro.Batch;

/**
 * Where a batch lives in the bucket (DESIGN §4):
 * {@code <prefix>/<table>/season=<YYYY>/round=<RR>/session=<S>/<batchId>.jsonl.gz}.
 * Derived from the batch alone, so a re-processed batch lands on the same key.
 */
public record ObjectKey(String value) {
    public static final String SUFFIX = ".jsonl.gz";

    public static ObjectKey of(String prefix, Batch batch) {
        String table = segment("table", batch.getTable());
        String session = segment("session", batch.getSession());
        String batchId = segment("batchId", batch.getBatchId());
        if (batch.getSeason() < 0 || batch.getRound() < 0) {
            throw new IllegalArgumentException("batch " + batchId + " has a negative season or round");
        }
        String path = table + "/season=" + String.format("%04d", batch.getSeason())
                + "/round=" + String.format("%02d", batch.getRound())
                + "/session=" + session + "/" + batchId + SUFFIX;
        String cleanPrefix = trimSlashes(prefix == null ? "" : prefix);
        return new ObjectKey(cleanPrefix.isEmpty() ? path : cleanPrefix + "/" + path);
    }

    /** A key segment must not add or hide directory levels, or loaders listing by prefix would miss it. */
    private static String segment(String name, String value) {
        if (value == null || value.isBlank() || value.contains("/") || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("batch field " + name + " '" + value + "' cannot be an object key segment");
        }
        return value;
    }

    private static String trimSlashes(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '/') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == '/') {
            to--;
        }
        return s.substring(from, to);
    }

    @Override
    public String toString() {
        return value;
    }
}
