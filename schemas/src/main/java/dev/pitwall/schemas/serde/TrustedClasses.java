package dev.pitwall.schemas.serde;

import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.BatchRow;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.CleanResult;
import dev.pitwall.schemas.avro.CloseReason;
import dev.pitwall.schemas.avro.FileWritten;
import dev.pitwall.schemas.avro.ProducerCheckpoint;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawResult;
import dev.pitwall.schemas.avro.RejectedRecord;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12.2 refuses to instantiate classes it was not told to trust; ours are generated, so trust them
 * (records and enums alike). Tests run without any SERIALIZABLE_PACKAGES property so they see what production sees.
 */
final class TrustedClasses {
    private static volatile boolean done;

    private TrustedClasses() {}

    static synchronized void register() {
        if (done) {
            return;
        }
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(),
                ClassSecurityValidator.builder()
                        .add(RawResult.class).add(RawLap.class).add(SessionEvent.class).add(SessionEventType.class)
                        .add(CleanResult.class).add(CleanLap.class).add(Batch.class).add(BatchRow.class).add(CloseReason.class)
                        .add(FileWritten.class).add(RejectedRecord.class).add(ProducerCheckpoint.class)
                        .build()));
        done = true;
    }
}
