package dev.pitwall.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrainProbeIT {
    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static Admin admin;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(dir);
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        kafka.close();
    }

    @Test
    void drainedOnlyOnceTheGroupCommittedPastEveryRecord() throws Exception {
        createTopic("plain", 3);
        produce("plain", 30, null);
        try (DrainProbe probe = probe()) {
            assertThat(probe.isDrained("g-plain", List.of("plain"))).as("nothing committed yet").isFalse();

            commit("g-plain", Map.of(new TopicPartition("plain", 0), endOffset(new TopicPartition("plain", 0))));
            assertThat(probe.isDrained("g-plain", List.of("plain"))).as("two partitions unread").isFalse();

            commit("g-plain", endOffsets("plain"));
            assertThat(probe.isDrained("g-plain", List.of("plain"))).isTrue();

            produce("plain", 1, null);
            assertThat(probe.isDrained("g-plain", List.of("plain"))).as("a new record arrived").isFalse();
        }
    }

    @Test
    void transactionMarkersAfterTheCommittedOffsetDoNotCountAsUnconsumed() throws Exception {
        createTopic("txin", 3);
        produce("txin", 15, "drain-tx");
        produce("txin", 15, "drain-tx");
        produceAborted("txin", 6);

        try (DrainProbe probe = probe();
             KafkaConsumer<String, String> consumer = groupConsumer("g-tx")) {
            assertThat(probe.isDrained("g-tx", List.of("txin"))).isFalse();

            // Like Kafka Streams: commit (last processed offset + 1), which points at a commit marker.
            Map<TopicPartition, Long> next = new HashMap<>();
            List<ConsumerRecord<String, String>> seen = consumeAll(consumer, "txin", 30);
            seen.forEach(r -> next.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max));
            assertThat(seen).extracting(ConsumerRecord::value).noneMatch(v -> v.startsWith("aborted"));
            commit("g-tx", next);

            Map<TopicPartition, Long> ends = endOffsets("txin");
            assertThat(next).allSatisfy((tp, committed) -> assertThat(ends.get(tp)).as("naive lag of " + tp).isGreaterThan(committed));
            assertThat(probe.isDrained("g-tx", List.of("txin"))).isTrue();

            // commitSync of position(), past the markers, is drained as well
            Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
            consumer.assignment().forEach(tp -> positions.put(tp, new OffsetAndMetadata(consumer.position(tp))));
            consumer.commitSync(positions);
            assertThat(probe.isDrained("g-tx", List.of("txin"))).isTrue();

            produce("txin", 1, "drain-tx");
            assertThat(probe.isDrained("g-tx", List.of("txin"))).isFalse();
        }
    }

    @Test
    void checksEveryPartitionTheGroupCommittedEvenOutsideTheNamedInputs() throws Exception {
        createTopic("main-in", 1);
        createTopic("repartition", 2);
        produce("main-in", 4, null);
        produce("repartition", 6, null);
        try (DrainProbe probe = probe()) {
            Map<TopicPartition, Long> offsets = new HashMap<>(endOffsets("main-in"));
            offsets.put(new TopicPartition("repartition", 0), 0L);
            offsets.put(new TopicPartition("repartition", 1), 0L);
            commit("g-extra", offsets);
            assertThat(probe.isDrained("g-extra", List.of("main-in"))).isFalse();

            commit("g-extra", endOffsets("repartition"));
            assertThat(probe.isDrained("g-extra", List.of("main-in"))).isTrue();
        }
    }

    @Test
    void missingOrEmptyInputsAreDrained() throws Exception {
        createTopic("empty-in", 3);
        try (DrainProbe probe = probe()) {
            assertThat(probe.isDrained("g-nothing", List.of("empty-in", "no-such-topic"))).isTrue();
        }
    }

    @Test
    void awaitDrainedWaitsForTheGroupOrTimesOut() throws Exception {
        createTopic("await-in", 3);
        produce("await-in", 9, null);
        try (DrainProbe probe = probe()) {
            assertThatThrownBy(() -> probe.awaitDrained("g-await", List.of("await-in"), Duration.ofMillis(500)))
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("g-await");

            CompletableFuture<Void> lateCommit = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(700);
                    commit("g-await", endOffsets("await-in"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            probe.awaitDrained("g-await", List.of("await-in"), Duration.ofSeconds(30));
            assertThat(lateCommit).isDone();
        }
    }

    private static DrainProbe probe() {
        return new DrainProbe(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    private static void createTopic(String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }

    private static void produce(String topic, int count, String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            if (transactionalId != null) {
                producer.initTransactions();
                producer.beginTransaction();
            }
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "2024/1/R/driver" + i, "lap " + i));
            }
            if (transactionalId != null) {
                producer.commitTransaction();
            }
        }
    }

    private static void produceAborted(String topic, int count) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "drain-tx-aborted");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "2024/1/R/driver" + i, "aborted " + i));
            }
            producer.flush();
            producer.abortTransaction();
        }
    }

    private static KafkaConsumer<String, String> groupConsumer(String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    private static List<ConsumerRecord<String, String>> consumeAll(KafkaConsumer<String, String> consumer, String topic, int expected) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (records.size() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        assertThat(records).hasSize(expected);
        return records;
    }

    private static void commit(String group, Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        offsets.forEach((tp, offset) -> committed.put(tp, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, committed).all().get();
    }

    /** High watermarks: transaction markers included. */
    private static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            ends.put(new TopicPartition(topic, p), endOffset(new TopicPartition(topic, p)));
        }
        return ends;
    }

    private static long endOffset(TopicPartition tp) throws Exception {
        ListOffsetsResult.ListOffsetsResultInfo info = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get();
        return info.offset();
    }
}
