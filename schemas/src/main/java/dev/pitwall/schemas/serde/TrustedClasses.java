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
import dev.pitwall.schemas.avro.RawQualifying;
import dev.pitwall.schemas.avro.RawPitStop;
import dev.pitwall.schemas.avro.RawStanding;
import dev.pitwall.schemas.avro.RawOpenF1;
import dev.pitwall.schemas.avro.RawLiveTiming;
import dev.pitwall.schemas.avro.CleanTimingLap;
import dev.pitwall.schemas.avro.CleanTrackStatus;
import dev.pitwall.schemas.avro.CleanTimingStint;
import dev.pitwall.schemas.avro.CleanTimingRaceControl;
import dev.pitwall.schemas.avro.CleanTimingWeather;
import dev.pitwall.schemas.avro.CleanQualifying;
import dev.pitwall.schemas.avro.CleanPitStop;
import dev.pitwall.schemas.avro.CleanDriverStanding;
import dev.pitwall.schemas.avro.CleanConstructorStanding;
import dev.pitwall.schemas.avro.CleanOpenF1Lap;
import dev.pitwall.schemas.avro.CleanStint;
import dev.pitwall.schemas.avro.CleanOpenF1Pit;
import dev.pitwall.schemas.avro.CleanWeather;
import dev.pitwall.schemas.avro.CleanRaceControl;
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
                        .add(RawQualifying.class).add(RawPitStop.class).add(RawStanding.class).add(RawOpenF1.class).add(RawLiveTiming.class).add(CleanTimingLap.class).add(CleanTrackStatus.class)
                        .add(CleanTimingStint.class).add(CleanTimingRaceControl.class).add(CleanTimingWeather.class)
                        .add(CleanQualifying.class).add(CleanPitStop.class).add(CleanDriverStanding.class)
                        .add(CleanConstructorStanding.class).add(CleanOpenF1Lap.class).add(CleanStint.class)
                        .add(CleanOpenF1Pit.class).add(CleanWeather.class).add(CleanRaceControl.class)
                        .build()));
        done = true;
    }
}
