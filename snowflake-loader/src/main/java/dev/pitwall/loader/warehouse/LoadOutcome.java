package dev.pitwall.loader.warehouse;

/** What one {@link Warehouse#load} did: rows inserted, or skipped because the manifest had the key. */
public record LoadOutcome(String objectKey, long rows, boolean skipped) {}
