package dev.pitwall.producer.openf1;

import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.SessionPartitioner;
import dev.pitwall.schemas.avro.ProducerCheckpoint;
import dev.pitwall.schemas.avro.RawOpenF1;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import dev.pitwall.schemas.serde.PitwallSerdes;
import dev.pitwall.schemas.serde.RecordCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes OpenF1 records in Kafka transactions, each carrying its job's {@link ProducerCheckpoint}
 * (partition 0 of {@link Topics#PRODUCER_CHECKPOINTS}, key = the job): a transaction is either
 * entirely visible to read_committed readers, checkpoint included, or not at all. Session records
 * and control events go through {@link SessionPartitioner}, so a session meets its events on one
 * partition number.
 */
public final class OpenF1Publisher implements AutoCloseable {
    public static final RecordCodec<ProducerCheckpoint> CHECKPOINTS = PitwallSerdes.codec(ProducerCheckpoint.class);
    private static final RecordCodec<RawOpenF1> RAW = PitwallSerdes.rawOpenF1Codec();
    private static final RecordCodec<SessionEvent> EVENTS = PitwallSerdes.sessionEventCodec();

    /**
     * What one transaction carries, in this order: STARTED when {@code started}, the records, FINISHED
     * with {@code finishedExpected} when that is not null, then the checkpoint.
     */
    public record Transaction(ResolvedSession session, String source, String runId, boolean started,
                              List<OpenF1Record> records, Map<String, Long> finishedExpected, ProducerCheckpoint checkpoint) {}

    private final KafkaProducer<String, byte[]> producer;
    private boolean initialised;

    /**
     * @param transactionTimeout the producer's {@code transaction.timeout.ms}, or null for Kafka's default:
     *     how long a killed producer's open transaction blocks read_committed readers
     */
    public OpenF1Publisher(Map<String, Object> kafkaProps, String transactionalId, Duration transactionTimeout) {
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
        if (transactionTimeout != null) {
            config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout.toMillis());
        }
        this.producer = new KafkaProducer<>(config);
    }

    /** Registers the transactional id, aborting whatever a killed producer with the same id left open. */
    public void initialise() {
        if (!initialised) {
            producer.initTransactions();
            initialised = true;
        }
    }

    /** Commits one transaction; on any failure it is aborted (when still possible) and the error rethrown. */
    public void commit(Transaction tx) {
        initialise();
        String controlKey = tx.session().key();
        producer.beginTransaction();
        try {
            if (tx.started()) {
                producer.send(new ProducerRecord<>(Topics.CONTROL, controlKey,
                        EVENTS.encode(event(tx, SessionEventType.STARTED, Map.of()))));
            }
            for (OpenF1Record record : tx.records()) {
                producer.send(new ProducerRecord<>(record.endpoint().topic(), record.key(), RAW.encode(record.value())));
            }
            if (tx.finishedExpected() != null) {
                producer.send(new ProducerRecord<>(Topics.CONTROL, controlKey,
                        EVENTS.encode(event(tx, SessionEventType.FINISHED, tx.finishedExpected()))));
            }
            // the checkpoint topic has one partition: name it rather than hash the job key
            producer.send(new ProducerRecord<>(Topics.PRODUCER_CHECKPOINTS, 0, tx.checkpoint().getJob(), CHECKPOINTS.encode(tx.checkpoint())));
            producer.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            // fatal for this producer: it cannot abort, only be closed
            throw e;
        } catch (RuntimeException e) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
    }

    private static SessionEvent event(Transaction tx, SessionEventType type, Map<String, Long> expected) {
        ResolvedSession s = tx.session();
        return new SessionEvent(s.season(), s.round(), s.session(), type, tx.source(), tx.runId(), expected, System.currentTimeMillis());
    }

    @Override
    public void close() {
        producer.close();
    }
}
