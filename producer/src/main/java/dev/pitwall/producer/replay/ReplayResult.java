package dev.pitwall.producer.replay;

/** What a replay committed to the raw topics. */
public record ReplayResult(int rounds, int sessions, long results, long laps) {}
