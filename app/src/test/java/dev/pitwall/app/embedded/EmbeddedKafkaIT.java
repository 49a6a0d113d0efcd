package dev.pitwall.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.embedded.EmbeddedKafka;
import dev.pitwall.schemas.TopicCatalogue;
import dev.pitwall.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {
    @TempDir
    Path dir;

    @Test
    void restartOnTheSameDirKeepsTopicsRecordsAndOnlyCommittedTransactions() throws Exception {
        List<String> laps = IntStream.range(0, 30).mapToObj(i -> "2024/1/R/max_verstappen lap " + i).toList();
        String bootstrapBefore;
        String clusterIdBefore;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            bootstrapBefore = kafka.bootstrapServers();
            assertThat(bootstrapBefore).startsWith("127.0.0.1:");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapBefore))) {
                admin.createTopics(List.of(new NewTopic("laps", 3, (short) 1), new NewTopic("tx", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = producer(kafka, null)) {
                for (String lap : laps) {
                    producer.send(new ProducerRecord<>("laps", lap.substring(0, 20), lap));
                }
            }
            try (KafkaProducer<String, String> tx = producer(kafka, "pitwall-test-tx")) {
                tx.initTransactions();
                tx.beginTransaction();
                tx.send(new ProducerRecord<>("tx", "k", "committed-1"));
                tx.send(new ProducerRecord<>("tx", "k", "committed-2"));
                tx.commitTransaction();
                tx.beginTransaction();
                tx.send(new ProducerRecord<>("tx", "k", "aborted"));
                tx.flush(); // written to the log, then aborted: unsent records would just be dropped
                tx.abortTransaction();
            }
            assertThat(values(readAll(kafka, "tx", "read_committed", 2))).containsExactly("committed-1", "committed-2");
            assertThat(values(readAll(kafka, "tx", "read_uncommitted", 3))).containsExactly("committed-1", "committed-2", "aborted");
            clusterIdBefore = clusterId();
        }

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            assertThat(clusterId()).isEqualTo(clusterIdBefore);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains("laps", "tx");
                assertThat(admin.describeTopics(List.of("laps")).allTopicNames().get().get("laps").partitions()).hasSize(3);
            }
            assertThat(values(readAll(kafka, "laps", "read_committed", laps.size()))).containsExactlyInAnyOrderElementsOf(laps);
            assertThat(values(readAll(kafka, "tx", "read_committed", 2))).containsExactly("committed-1", "committed-2");
        }
        System.out.println("bootstrap before restart " + bootstrapBefore + ", cluster " + clusterIdBefore);
    }

    @Test
    void refusesADataDirThatIsAlreadyInUse() {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            assertThatThrownBy(() -> EmbeddedKafka.start(dir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("data dir " + dir.toAbsolutePath() + " is in use by another pitwall process");
        }
        // and the lock is released on close
        EmbeddedKafka.start(dir).close();
    }

    @Test
    void acceptsRecordsAsLargeAsTheBatchTopicAllows() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                TopicCatalogue.ensure(admin, (short) 1);
            }
            byte[] value = new byte[Topics.MAX_BATCH_MESSAGE_BYTES - 4096];
            new java.util.Random(7).nextBytes(value);
            Map<String, Object> props = new HashMap<>();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_BATCH_MESSAGE_BYTES);
            props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 2L * Topics.MAX_BATCH_MESSAGE_BYTES);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(Topics.BATCHES, "laps/2024/01/R".getBytes(StandardCharsets.UTF_8), value)).get();
            }
            Map<String, Object> consumerProps = new HashMap<>();
            consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                var partitions = consumer.partitionsFor(Topics.BATCHES).stream()
                        .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                List<byte[]> got = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (got.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
                }
                assertThat(got).hasSize(1);
                assertThat(got.get(0)).isEqualTo(value);
            }
        }
    }

    private String clusterId() throws Exception {
        Properties meta = new Properties();
        try (var in = Files.newInputStream(dir.resolve("log").resolve("meta.properties"))) {
            meta.load(in);
        }
        return meta.getProperty("cluster.id");
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka, String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> readAll(EmbeddedKafka kafka, String topic, String isolation, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).as("records read from " + topic).hasSize(expected);
        return records;
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
