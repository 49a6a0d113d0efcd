package dev.pitwall.sink.s3;

/** What a conditional PUT of a batch object came to. */
public enum PutOutcome {
    WRITTEN,
    /** An identical object was already there, e.g. written before a crash that lost the Kafka commit. */
    ALREADY_PRESENT
}
