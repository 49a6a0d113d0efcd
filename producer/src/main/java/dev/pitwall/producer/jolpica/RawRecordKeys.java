package dev.pitwall.producer.jolpica;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.avro.RawPitStop;
import dev.pitwall.schemas.avro.RawQualifying;
import dev.pitwall.schemas.avro.RawStanding;

/**
 * Kafka keys of the raw records beyond results and laps. All start with {@code season/round/session}
 * so {@link dev.pitwall.schemas.SessionPartitioner} puts them on their session's partition. A driver
 * stops several times a race, so a pit stop's key ends with its stop number.
 */
public final class RawRecordKeys {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RawRecordKeys() {}

    /** {@code season/round/Q/driverId} */
    public static String of(RawQualifying row) {
        return RecordKeys.driver(row.getSeason(), row.getRound(), row.getSession(), row.getDriverId());
    }

    /** {@code season/round/R/driverId/stop}, the stop number as the payload gives it (empty when it has none) */
    public static String of(RawPitStop stop) {
        return RecordKeys.driver(stop.getSeason(), stop.getRound(), stop.getSession(), stop.getDriverId()) + "/" + stopNumber(stop.getPayload());
    }

    /** {@code season/round/R/driverId} or {@code season/round/R/constructorId} */
    public static String of(RawStanding row) {
        return RecordKeys.driver(row.getSeason(), row.getRound(), row.getSession(), row.getEntityId());
    }

    private static String stopNumber(String payload) {
        try {
            String stop = LapPages.text(JSON.readTree(payload).path("stop"));
            return stop == null ? "" : stop;
        } catch (JsonProcessingException e) {
            // the payload is the source's own JSON, parsed once already; Streams rejects it if it is not
            return "";
        }
    }
}
