package dev.pitwall.producer.openf1;

import dev.pitwall.producer.replay.TransactionalProducer;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.SessionPartitioner;
import dev.pitwall.schemas.avro.ProducerCheckpoint;
import dev.pitwall.schemas.avro.RawOpenF1;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import dev.pitwall.schemas.serde.PitwallSerdes;
import dev.pitwall.schemas.serde.RecordCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes OpenF1 records in Kafka transactions, each carrying its job's {@link ProducerCheckpoint}
 * (partition 0 of {@link Topics#PRODUCER_CHECKPOINTS}, key = the job): a transaction is either
 * entirely visible to read_committed readers, checkpoint included, or not at all. Session records
 * and control events go through {@link SessionPartitioner}, so a session meets its events on one
 * partition number.
 */
public final class OpenF1Publisher implements AutoCloseable {
    private static final RecordCodec<RawOpenF1> RAW = PitwallSerdes.rawOpenF1Codec();
    private static final RecordCodec<SessionEvent> EVENTS = PitwallSerdes.sessionEventCodec();

    /**
     * What one transaction carries, in this order: STARTED when {@code started}, the records, FINISHED
     * with {@code finishedExpected} when that is not null, then the checkpoint.
     */
    public record Transaction(ResolvedSession session, String source, String runId, boolean started,
                              List<OpenF1Record> records, Map<String, Long> finishedExpected, ProducerCheckpoint checkpoint) {}

    private final TransactionalProducer producer;

    /**
     * @param transactionTimeout the producer's {@code transaction.timeout.ms}, or null for Kafka's default:
     *     how long a killed producer's open transaction blocks read_committed readers
     */
    public OpenF1Publisher(Map<String, Object> kafkaProps, String transactionalId, Duration transactionTimeout) {
        this.producer = new TransactionalProducer(kafkaProps, transactionalId, transactionTimeout);
    }

    /** Registers the transactional id, aborting whatever a killed producer with the same id left open. */
    public void initialise() {
        producer.initialise();
    }

    /** Commits one transaction; on any failure it is aborted (when still possible) and the error rethrown. */
    public void commit(Transaction tx) {
        String controlKey = tx.session().key();
        producer.commit(send -> {
            if (tx.started()) {
                send.accept(new ProducerRecord<>(Topics.CONTROL, controlKey,
                        EVENTS.encode(Topics.CONTROL, event(tx, SessionEventType.STARTED, Map.of()))));
            }
            for (OpenF1Record record : tx.records()) {
                send.accept(new ProducerRecord<>(record.endpoint().topic(), record.key(), RAW.encode(record.endpoint().topic(), record.value())));
            }
            if (tx.finishedExpected() != null) {
                send.accept(new ProducerRecord<>(Topics.CONTROL, controlKey,
                        EVENTS.encode(Topics.CONTROL, event(tx, SessionEventType.FINISHED, tx.finishedExpected()))));
            }
        }, tx.checkpoint());
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
