package dev.pitwall.producer.replay;

import dev.pitwall.producer.jolpica.SessionRecords;
import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.SessionPartitioner;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawResult;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import dev.pitwall.schemas.serde.PitwallSerdes;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes one session per Kafka transaction: STARTED, the session's results and laps, then FINISHED
 * carrying exactly how many records this transaction sent to each raw topic.
 */
final class SessionPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<RawResult> results = PitwallSerdes.rawResult().serializer();
    private final Serializer<RawLap> laps = PitwallSerdes.rawLap().serializer();
    private final Serializer<SessionEvent> events = PitwallSerdes.sessionEvent().serializer();
    private boolean initialised;

    SessionPublisher(Map<String, Object> kafkaProps, String transactionalId) {
        if (kafkaProps.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalArgumentException("kafka properties need " + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        }
        Map<String, Object> config = new HashMap<>(kafkaProps);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, SessionPartitioner.class.getName());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(config);
    }

    /** Commits the session; on any failure the transaction is aborted and the error rethrown. */
    void publish(SessionRecords session, String source, String runId) {
        if (!initialised) {
            producer.initTransactions();
            initialised = true;
        }
        String controlKey = RecordKeys.session(session.season(), session.round(), session.session());
        producer.beginTransaction();
        try {
            producer.send(new ProducerRecord<>(Topics.CONTROL, controlKey,
                    events.serialize(Topics.CONTROL, event(session, SessionEventType.STARTED, source, runId, Map.of()))));
            for (RawResult result : session.results()) {
                String key = RecordKeys.driver(result.getSeason(), result.getRound(), result.getSession(), result.getDriverId());
                producer.send(new ProducerRecord<>(Topics.RAW_RESULTS, key, results.serialize(Topics.RAW_RESULTS, result)));
            }
            for (RawLap lap : session.laps()) {
                String key = RecordKeys.driver(lap.getSeason(), lap.getRound(), lap.getSession(), lap.getDriverId());
                producer.send(new ProducerRecord<>(Topics.RAW_LAPS, key, laps.serialize(Topics.RAW_LAPS, lap)));
            }
            Map<String, Long> expected = new LinkedHashMap<>();
            expected.put("results", (long) session.results().size());
            expected.put("laps", (long) session.laps().size());
            producer.send(new ProducerRecord<>(Topics.CONTROL, controlKey,
                    events.serialize(Topics.CONTROL, event(session, SessionEventType.FINISHED, source, runId, expected))));
            producer.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            // Fatal for this producer: it cannot abort, only be closed.
            throw e;
        } catch (RuntimeException e) {
            abortQuietly(e);
            throw e;
        }
    }

    private static SessionEvent event(SessionRecords session, SessionEventType type, String source, String runId, Map<String, Long> expected) {
        return new SessionEvent(session.season(), session.round(), session.session(), type, source, runId, expected, System.currentTimeMillis());
    }

    private void abortQuietly(RuntimeException cause) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException abortFailure) {
            cause.addSuppressed(abortFailure);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
