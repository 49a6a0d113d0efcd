package dev.pitwall.producer.replay;

import dev.pitwall.schemas.SessionPartitioner;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.ProducerCheckpoint;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import dev.pitwall.schemas.serde.PitwallKeySerde;

/**
 * The one Kafka producer set-up behind every job that writes raw topics (Jolpica replays, OpenF1
 * replays, live following): idempotent, acks=all, transactional, records placed by
 * {@link SessionPartitioner}; every transaction ends with the job's {@link ProducerCheckpoint} on
 * partition 0 of {@link Topics#PRODUCER_CHECKPOINTS}, so a page of a source and its cursor are visible
 * to read_committed readers together or not at all (DESIGN §3.1), and {@link ReplayCheckpoints}
 * can resume from it.
 */
public final class TransactionalProducer implements AutoCloseable {
    /** What one transaction sends before its checkpoint, in order, through {@code send}. */
    @FunctionalInterface
    public interface Records {
        void sendTo(Consumer<ProducerRecord<String, byte[]>> send);
    }

    private final KafkaProducer<String, byte[]> producer;
    private boolean initialised;

    /**
     * @param kafkaProps client properties; {@code bootstrap.servers} is required
     * @param transactionTimeout the producer's {@code transaction.timeout.ms}, or null for Kafka's default:
     *     how long a killed producer's open transaction blocks read_committed readers
     */
    public TransactionalProducer(Map<String, Object> kafkaProps, String transactionalId, Duration transactionTimeout) {
        if (kafkaProps.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalArgumentException("kafka properties need " + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        }
        Map<String, Object> config = new HashMap<>(kafkaProps);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, SessionPartitioner.class.getName());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, PitwallKeySerde.KeySerializer.class.getName());
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

    /**
     * Commits {@code records} and then {@code checkpoint} in one transaction; on any failure the
     * transaction is aborted (when still possible) and the error rethrown.
     */
    public void commit(Records records, ProducerCheckpoint checkpoint) {
        initialise();
        producer.beginTransaction();
        try {
            records.sendTo(producer::send);
            // the checkpoint topic has one partition: name it rather than hash the job key
            producer.send(new ProducerRecord<>(Topics.PRODUCER_CHECKPOINTS, 0, checkpoint.getJob(), ReplayCheckpoints.CODEC.encode(Topics.PRODUCER_CHECKPOINTS, checkpoint)));
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

    @Override
    public void close() {
        producer.close();
    }
}
