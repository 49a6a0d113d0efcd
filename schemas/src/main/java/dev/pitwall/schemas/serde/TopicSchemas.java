package dev.pitwall.schemas.serde;

import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.CleanConstructorStanding;
import dev.pitwall.schemas.avro.CleanDriverStanding;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.CleanOpenF1Lap;
import dev.pitwall.schemas.avro.CleanOpenF1Pit;
import dev.pitwall.schemas.avro.CleanPitStop;
import dev.pitwall.schemas.avro.CleanQualifying;
import dev.pitwall.schemas.avro.CleanRaceControl;
import dev.pitwall.schemas.avro.CleanResult;
import dev.pitwall.schemas.avro.CleanStint;
import dev.pitwall.schemas.avro.CleanTimingLap;
import dev.pitwall.schemas.avro.CleanTimingRaceControl;
import dev.pitwall.schemas.avro.CleanTimingStint;
import dev.pitwall.schemas.avro.CleanTimingWeather;
import dev.pitwall.schemas.avro.CleanTrackStatus;
import dev.pitwall.schemas.avro.CleanWeather;
import dev.pitwall.schemas.avro.FileWritten;
import dev.pitwall.schemas.avro.ProducerCheckpoint;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawLiveTiming;
import dev.pitwall.schemas.avro.RawOpenF1;
import dev.pitwall.schemas.avro.RawPitStop;
import dev.pitwall.schemas.avro.RawQualifying;
import dev.pitwall.schemas.avro.RawResult;
import dev.pitwall.schemas.avro.RawStanding;
import dev.pitwall.schemas.avro.SessionEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The value schema of every Avro topic: what a registry's {@code <topic>-value} subject holds (topic-name
 * strategy). {@code f1.dlq} is absent: it carries the original bytes, whatever they were.
 */
public final class TopicSchemas {
    private TopicSchemas() {}

    public static Map<String, Schema> values() {
        Map<String, Schema> m = new LinkedHashMap<>();
        m.put(Topics.RAW_RESULTS, RawResult.getClassSchema());
        m.put(Topics.RAW_LAPS, RawLap.getClassSchema());
        m.put(Topics.RAW_QUALIFYING, RawQualifying.getClassSchema());
        m.put(Topics.RAW_PITSTOPS, RawPitStop.getClassSchema());
        m.put(Topics.RAW_DRIVER_STANDINGS, RawStanding.getClassSchema());
        m.put(Topics.RAW_CONSTRUCTOR_STANDINGS, RawStanding.getClassSchema());
        for (String openF1 : new String[] {Topics.RAW_OPENF1_LAPS, Topics.RAW_OPENF1_STINTS, Topics.RAW_OPENF1_PIT,
                Topics.RAW_OPENF1_WEATHER, Topics.RAW_OPENF1_RACE_CONTROL}) {
            m.put(openF1, RawOpenF1.getClassSchema());
        }
        m.put(Topics.RAW_LIVETIMING, RawLiveTiming.getClassSchema());
        m.put(Topics.CONTROL, SessionEvent.getClassSchema());
        m.put(Topics.CLEAN_RESULTS, CleanResult.getClassSchema());
        m.put(Topics.CLEAN_LAPS, CleanLap.getClassSchema());
        m.put(Topics.CLEAN_QUALIFYING, CleanQualifying.getClassSchema());
        m.put(Topics.CLEAN_PITSTOPS, CleanPitStop.getClassSchema());
        m.put(Topics.CLEAN_DRIVER_STANDINGS, CleanDriverStanding.getClassSchema());
        m.put(Topics.CLEAN_CONSTRUCTOR_STANDINGS, CleanConstructorStanding.getClassSchema());
        m.put(Topics.CLEAN_OPENF1_LAPS, CleanOpenF1Lap.getClassSchema());
        m.put(Topics.CLEAN_OPENF1_STINTS, CleanStint.getClassSchema());
        m.put(Topics.CLEAN_OPENF1_PIT, CleanOpenF1Pit.getClassSchema());
        m.put(Topics.CLEAN_OPENF1_WEATHER, CleanWeather.getClassSchema());
        m.put(Topics.CLEAN_OPENF1_RACE_CONTROL, CleanRaceControl.getClassSchema());
        m.put(Topics.CLEAN_TIMING_LAPS, CleanTimingLap.getClassSchema());
        m.put(Topics.CLEAN_TRACK_STATUS, CleanTrackStatus.getClassSchema());
        m.put(Topics.CLEAN_TIMING_STINTS, CleanTimingStint.getClassSchema());
        m.put(Topics.CLEAN_TIMING_RACE_CONTROL, CleanTimingRaceControl.getClassSchema());
        m.put(Topics.CLEAN_TIMING_WEATHER, CleanTimingWeather.getClassSchema());
        m.put(Topics.BATCHES, Batch.getClassSchema());
        m.put(Topics.FILES, FileWritten.getClassSchema());
        m.put(Topics.PRODUCER_CHECKPOINTS, ProducerCheckpoint.getClassSchema());
        return m;
    }
}
