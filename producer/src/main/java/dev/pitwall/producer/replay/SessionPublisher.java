package dev.pitwall.producer.replay;

import dev.pitwall.producer.jolpica.RawRecordKeys;
import dev.pitwall.producer.jolpica.SessionRecords;
import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.ProducerCheckpoint;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawPitStop;
import dev.pitwall.schemas.avro.RawQualifying;
import dev.pitwall.schemas.avro.RawResult;
import dev.pitwall.schemas.avro.RawStanding;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import dev.pitwall.schemas.serde.PitwallSerdes;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a session's records in Kafka transactions, each carrying the replay job's checkpoint. A
 * session sent at full speed is one transaction: STARTED, its records of every raw topic, FINISHED. A
 * paced race is several: STARTED with the first laps, more laps, then results, pit stops, standings
 * and FINISHED. FINISHED always carries the whole session's counts per table
 * ({@link SessionRecords#expected()}), whatever number of transactions delivered them.
 */
final class SessionPublisher implements AutoCloseable {
    /** What one transaction of a session carries. */
    record Part(boolean started, List<RawResult> results, List<RawLap> laps, List<RawQualifying> qualifying,
                List<RawPitStop> pitStops, List<RawStanding> driverStandings, List<RawStanding> constructorStandings,
                boolean finished) {
        Part(boolean started, List<RawResult> results, List<RawLap> laps, boolean finished) {
            this(started, results, laps, List.of(), List.of(), List.of(), List.of(), finished);
        }

        /** The whole session in one part. */
        static Part whole(SessionRecords session) {
            return new Part(true, session.results(), session.laps(), session.qualifying(), session.pitStops(),
                    session.driverStandings(), session.constructorStandings(), true);
        }

        /** Everything of the session except its laps, with FINISHED: the last part of a paced race. */
        static Part allButLaps(SessionRecords session, boolean started) {
            return new Part(started, session.results(), List.of(), session.qualifying(), session.pitStops(),
                    session.driverStandings(), session.constructorStandings(), true);
        }

        long records() {
            return (long) results.size() + laps.size() + qualifying.size() + pitStops.size()
                    + driverStandings.size() + constructorStandings.size();
        }
    }

    private final TransactionalProducer producer;
    private final Serializer<RawResult> results = PitwallSerdes.rawResult().serializer();
    private final Serializer<RawLap> laps = PitwallSerdes.rawLap().serializer();
    private final Serializer<SessionEvent> events = PitwallSerdes.sessionEvent().serializer();
    private final Serializer<RawQualifying> qualifying = PitwallSerdes.serde(PitwallSerdes.rawQualifyingCodec()).serializer();
    private final Serializer<RawPitStop> pitStops = PitwallSerdes.serde(PitwallSerdes.rawPitStopCodec()).serializer();
    private final Serializer<RawStanding> standings = PitwallSerdes.serde(PitwallSerdes.rawStandingCodec()).serializer();

    SessionPublisher(Map<String, Object> kafkaProps, String transactionalId) {
        this.producer = new TransactionalProducer(kafkaProps, transactionalId, null);
    }

    /** Registers the transactional id, aborting whatever a killed earlier producer with the same id left open. */
    void initialise() {
        producer.initialise();
    }

    /** Commits one part of the session with the checkpoint; on any failure the transaction is aborted and the error rethrown. */
    void commit(SessionRecords session, Part part, String source, String runId, ProducerCheckpoint checkpoint) {
        String controlKey = RecordKeys.session(session.season(), session.round(), session.session());
        producer.commit(send -> {
            if (part.started()) {
                send.accept(new ProducerRecord<>(Topics.CONTROL, controlKey,
                        events.serialize(Topics.CONTROL, event(session, SessionEventType.STARTED, source, runId, Map.of()))));
            }
            for (RawResult result : part.results()) {
                String key = RecordKeys.driver(result.getSeason(), result.getRound(), result.getSession(), result.getDriverId());
                send.accept(new ProducerRecord<>(Topics.RAW_RESULTS, key, results.serialize(Topics.RAW_RESULTS, result)));
            }
            for (RawLap lap : part.laps()) {
                String key = RecordKeys.driver(lap.getSeason(), lap.getRound(), lap.getSession(), lap.getDriverId());
                send.accept(new ProducerRecord<>(Topics.RAW_LAPS, key, laps.serialize(Topics.RAW_LAPS, lap)));
            }
            for (RawQualifying row : part.qualifying()) {
                send.accept(new ProducerRecord<>(Topics.RAW_QUALIFYING, RawRecordKeys.of(row), qualifying.serialize(Topics.RAW_QUALIFYING, row)));
            }
            for (RawPitStop stop : part.pitStops()) {
                send.accept(new ProducerRecord<>(Topics.RAW_PITSTOPS, RawRecordKeys.of(stop), pitStops.serialize(Topics.RAW_PITSTOPS, stop)));
            }
            for (RawStanding row : part.driverStandings()) {
                send.accept(new ProducerRecord<>(Topics.RAW_DRIVER_STANDINGS, RawRecordKeys.of(row),
                        standings.serialize(Topics.RAW_DRIVER_STANDINGS, row)));
            }
            for (RawStanding row : part.constructorStandings()) {
                send.accept(new ProducerRecord<>(Topics.RAW_CONSTRUCTOR_STANDINGS, RawRecordKeys.of(row),
                        standings.serialize(Topics.RAW_CONSTRUCTOR_STANDINGS, row)));
            }
            if (part.finished()) {
                Map<String, Long> expected = session.expected();
                send.accept(new ProducerRecord<>(Topics.CONTROL, controlKey,
                        events.serialize(Topics.CONTROL, event(session, SessionEventType.FINISHED, source, runId, expected))));
            }
        }, checkpoint);
    }

    /** Commits a checkpoint alone (the job is finished). */
    void commit(ProducerCheckpoint checkpoint) {
        producer.commit(send -> { }, checkpoint);
    }

    private static SessionEvent event(SessionRecords session, SessionEventType type, String source, String runId, Map<String, Long> expected) {
        return new SessionEvent(session.season(), session.round(), session.session(), type, source, runId, expected, System.currentTimeMillis());
    }

    @Override
    public void close() {
        producer.close();
    }
}
