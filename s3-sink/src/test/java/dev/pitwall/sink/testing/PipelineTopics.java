package dev.pitwall.sink.testing;

import dev.pitwall.embedded.SettledEnds;
import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.FileWritten;
import dev.pitwall.schemas.serde.PitwallSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plays the Streams stage upstream (batches in) and the loader downstream (file notices out). */
public final class PipelineTopics {
    private final String bootstrapServers;

    public PipelineTopics(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Where a batch record landed on f1.batches. */
    public record Placed(Batch batch, int partition, long offset) {}

    /** Sends the batches in one transaction, as the Streams stage would. */
    public List<Placed> produceBatches(List<Batch> batches) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("transactional.id", "test-batches-" + UUID.randomUUID());
        p.put("max.request.size", Topics.MAX_BATCH_MESSAGE_BYTES);
        List<Placed> placed = new ArrayList<>();
        try (KafkaProducer<String, Batch> producer = new KafkaProducer<>(p, new StringSerializer(),
                PitwallSerdes.batch().serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Batch b : batches) {
                String key = RecordKeys.batch(b.getTable(), b.getSeason(), b.getRound(), b.getSession());
                sent.add(producer.send(new ProducerRecord<>(Topics.BATCHES, key, b)));
            }
            producer.commitTransaction();
            for (int i = 0; i < batches.size(); i++) {
                RecordMetadata m = sent.get(i).get();
                placed.add(new Placed(batches.get(i), m.partition(), m.offset()));
            }
        }
        return placed;
    }

    /** Every committed record on f1.files, read to the end like a read_committed loader. */
    public List<ConsumerRecord<String, FileWritten>> committedFiles() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", false);
        List<ConsumerRecord<String, FileWritten>> out = new ArrayList<>();
        try (KafkaConsumer<String, FileWritten> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                PitwallSerdes.fileWritten().deserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(Topics.FILES)) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = SettledEnds.of(consumer, bootstrapServers, partitions, true);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read f1.files to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
