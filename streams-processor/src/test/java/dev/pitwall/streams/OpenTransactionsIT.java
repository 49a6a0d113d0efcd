package dev.pitwall.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OpenTransactions} on a real broker: a transaction a producer left open (as a killed instance leaves one) is
 * found with its coordinator's view; a sweep leaves it alone while its coordinator runs it within its timeout, and the
 * abort it gets once taken for overdue lets read_committed readers (a restore) past it.
 */
class OpenTransactionsIT {
    private static final TopicPartition PARTITION = new TopicPartition("changelog-like", 0);

    @TempDir
    Path dir;

    @Test
    @Timeout(90)
    void findsATransactionLeftOpenAndASweepAbortsItOnlyOnceItIsOverdue() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("broker"));
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(PARTITION.topic(), 1, (short) 1))).all().get();
            try (KafkaProducer<String, String> committed = producer(kafka, "committed")) {
                committed.initTransactions();
                committed.beginTransaction();
                committed.send(new ProducerRecord<>(PARTITION.topic(), 0, "k", "before"));
                committed.commitTransaction();
            }
            long openFrom;
            KafkaProducer<String, String> left = producer(kafka, "left-open");
            left.initTransactions();
            left.beginTransaction();
            openFrom = left.send(new ProducerRecord<>(PARTITION.topic(), 0, "k", "never committed")).get().offset();
            left.send(new ProducerRecord<>(PARTITION.topic(), 0, "k", "never committed either")).get();
            left.close(Duration.ZERO); // gone without ending its transaction, as a killed process

            OpenTransactions transactions = new OpenTransactions(admin);
            List<OpenTransactions.Open> open = transactions.find(Set.of(PARTITION));
            assertThat(open).hasSize(1);
            OpenTransactions.Open o = open.get(0);
            assertThat(o.startOffset()).isEqualTo(openFrom);
            assertThat(o.coordinator()).hasValueSatisfying(d -> {
                assertThat(d.state()).isEqualTo(TransactionState.ONGOING);
                assertThat(d.topicPartitions()).contains(PARTITION);
            });
            // its coordinator still runs it (and aborts it once its 10 minutes pass): not hanging, whatever its age
            assertThat(o.hanging(System.currentTimeMillis() + 3_600_000, 0)).isFalse();
            assertThat(o.overdue(System.currentTimeMillis(), 0)).as("within its timeout").isFalse();
            assertThat(o.overdue(System.currentTimeMillis() + 3_600_000, 0)).as("an hour past its 10 minutes").isTrue();
            assertThat(committedEnd(kafka)).as("a committed reader stops at the open transaction").isEqualTo(openFrom);

            // a sweep with the runner's settings leaves a transaction its coordinator runs within its timeout alone
            assertThat(transactions.sweep(Set.of(PARTITION), StreamsRunner.HANGING_MIN_AGE.toMillis(),
                    StreamsRunner.OVERDUE_GRACE.toMillis())).startsWith("open transactions: producer ").doesNotContain("aborted");
            assertThat(committedEnd(kafka)).isEqualTo(openFrom);
            // one it takes for overdue (a grace that ends before its 10 minutes) gets the abort marker
            assertThat(transactions.sweep(Set.of(PARTITION), 0, -700_000)).endsWith(" - overdue, aborted");
            assertThat(transactions.find(Set.of(PARTITION))).isEmpty();
            assertThat(transactions.sweep(Set.of(PARTITION), 0, 0)).isEqualTo("no transaction open on the restoring changelogs");
            long end = admin.listOffsets(Map.of(PARTITION, org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get()
                    .get(PARTITION).offset();
            assertThat(committedEnd(kafka)).as("past the aborted transaction to the log end").isEqualTo(end);
            assertThat(readCommitted(kafka)).containsExactly("before");
        }
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka, String transactionalId) {
        Map<String, Object> p = new HashMap<>(kafka.clientProps());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        // long enough that the coordinator does not abort it itself while the test looks at it
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 600_000);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(EmbeddedKafka kafka) {
        Map<String, Object> p = new HashMap<>(kafka.clientProps());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    private static long committedEnd(EmbeddedKafka kafka) {
        try (KafkaConsumer<String, String> c = consumer(kafka)) {
            return c.endOffsets(Set.of(PARTITION)).get(PARTITION);
        }
    }

    private static List<String> readCommitted(EmbeddedKafka kafka) {
        try (KafkaConsumer<String, String> c = consumer(kafka)) {
            c.assign(Set.of(PARTITION));
            List<String> values = new java.util.ArrayList<>();
            long end = c.endOffsets(Set.of(PARTITION)).get(PARTITION);
            long deadline = System.currentTimeMillis() + 20_000;
            while (c.position(PARTITION) < end && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            return values;
        }
    }
}
