package dev.pitwall.streams.batch;

import dev.pitwall.schemas.avro.Batch;

/** Where closed batches go; the processor forwards them to {@code f1.batches}. */
@FunctionalInterface
public interface ClosedBatchSink {
    void emit(String batchKey, Batch batch, long timestamp);
}
