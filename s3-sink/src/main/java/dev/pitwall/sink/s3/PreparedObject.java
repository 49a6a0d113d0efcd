package dev.pitwall.sink.s3;

import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.sink.object.EncodedBatch;
import dev.pitwall.sink.object.ObjectKey;
import java.util.Map;

/** A batch ready to go to S3: its key, its encoding and the user metadata stored with it. */
public record PreparedObject(ObjectKey key, Batch batch, EncodedBatch encoded, Map<String, String> metadata) {}
