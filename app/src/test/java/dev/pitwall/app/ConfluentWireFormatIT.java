package dev.pitwall.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitwall.app.registry.ApicurioRegistry;
import dev.pitwall.app.registry.SpecificRecordSerde;
import dev.pitwall.embedded.EmbeddedKafka;
import dev.pitwall.producer.testing.TopicReader;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.registry.RegistrySettings;
import dev.pitwall.schemas.serde.ConfluentFormat;
import dev.pitwall.schemas.serde.ConfluentFraming;
import dev.pitwall.schemas.serde.TopicSchemas;
import dev.pitwall.schemas.serde.WireFormats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance of issue #15: a race replayed with {@code --schema-registry-url} into a real Confluent-compatible
 * registry (Apicurio), then read by Confluent's own Python {@code AvroConsumer}: every record of every Avro topic
 * decodes, and the laps it decodes are the recorded ones.
 */
class ConfluentWireFormatIT {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final int SEASON = 2024;
    private static final int ROUND = 1;

    @TempDir
    Path work;

    @AfterEach
    void backToTheDefaultFormat() {
        WireFormats.reset();
    }

    @Test
    void aReplayInTheConfluentWireFormatIsReadByConfluentsOwnAvroConsumer() throws Exception {
        Path fixtures = JolpicaFixtures.root();
        ApicurioRegistry registry = ApicurioRegistry.get();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            ReplayEndToEndIT.Run run = ReplayEndToEndIT.pitwall("replay", "--season", Integer.toString(SEASON), "--round", Integer.toString(ROUND),
                    "--archive", fixtures.toString(), "--data-dir", work.resolve("data").toString(),
                    "--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry.confluentUrl().toString());
            assertThat(run.exitCode()).as("replay failed: %s", run.err()).isZero();

            List<JolpicaFixtures.Lap> recorded = JolpicaFixtures.laps(SEASON, ROUND);
            assertThat(ReplayEndToEndIT.csv(work.resolve("data"),
                    "select count(*) from analytics.laps where season = " + SEASON + " and round = " + ROUND).get(0)[0])
                    .as("the pipeline itself ran on the Confluent wire format").isEqualTo(Integer.toString(recorded.size()));

            // pitwall's own reader: every key and value framed, ids from the registry
            ConfluentFormat reader = new ConfluentFormat(RegistrySettings.of(registry.confluentUrl()));
            Map<String, Integer> javaCounts = new LinkedHashMap<>();
            for (String topic : TopicSchemas.values().keySet()) {
                List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(kafka.bootstrapServers(), topic, "read_committed");
                records.forEach(r -> assertThat(ConfluentFraming.isFramed(r.value())).as("%s value at %d framed", topic, r.offset()).isTrue());
                if (!records.isEmpty()) {
                    javaCounts.put(topic, records.size());
                }
            }
            List<RawLap> rawLaps = TopicReader.readAll(kafka.bootstrapServers(), Topics.RAW_LAPS, "read_committed").stream()
                    .map(r -> reader.decodeValue(r.value(), RawLap.class)).toList();
            List<CleanLap> cleanLaps = TopicReader.readAll(kafka.bootstrapServers(), Topics.CLEAN_LAPS, "read_committed").stream()
                    .map(r -> reader.decodeValue(r.value(), CleanLap.class)).toList();
            assertThat(rawLaps).hasSize(recorded.size());
            assertThat(cleanLaps).hasSize(recorded.size());
            assertThat(javaCounts).containsKeys(Topics.RAW_LAPS, Topics.CLEAN_LAPS, Topics.RAW_RESULTS, Topics.CLEAN_RESULTS,
                    Topics.RAW_QUALIFYING, Topics.CLEAN_QUALIFYING, Topics.RAW_PITSTOPS, Topics.CLEAN_PITSTOPS, Topics.RAW_DRIVER_STANDINGS,
                    Topics.CLEAN_DRIVER_STANDINGS, Topics.CONTROL, Topics.BATCHES, Topics.FILES, Topics.PRODUCER_CHECKPOINTS);

            // Confluent's own client
            JsonNode decoded = confluentAvroConsumer(kafka.bootstrapServers(), registry, List.copyOf(javaCounts.keySet()));
            Map<String, Integer> pythonCounts = new LinkedHashMap<>();
            decoded.fields().forEachRemaining(e -> pythonCounts.put(e.getKey(), e.getValue().path("count").asInt()));
            System.out.println("AvroConsumer decoded " + pythonCounts);
            assertThat(pythonCounts).isEqualTo(javaCounts);

            Set<String> expected = new HashSet<>();
            recorded.forEach(l -> expected.add(l.driverId() + "#" + l.lap() + "#" + l.millis()));
            Set<String> fromPython = new HashSet<>();
            for (JsonNode row : decoded.path(Topics.CLEAN_LAPS).path("rows")) {
                JsonNode v = row.get(1);
                assertThat(row.get(0).asText()).isEqualTo(SEASON + "/" + ROUND + "/R/" + v.path("driverId").asText() + "/" + v.path("lap").asInt());
                fromPython.add(v.path("driverId").asText() + "#" + v.path("lap").asInt() + "#" + v.path("lapTimeMs").asLong());
            }
            assertThat(fromPython).isEqualTo(expected);
            Set<String> rawFromPython = new HashSet<>();
            decoded.path(Topics.RAW_LAPS).path("rows").forEach(row ->
                    rawFromPython.add(row.get(1).path("driverId").asText() + "#" + row.get(1).path("lap").asText()));
            Set<String> rawExpected = new HashSet<>();
            recorded.forEach(l -> rawExpected.add(l.driverId() + "#" + l.lap()));
            assertThat(rawFromPython).isEqualTo(rawExpected);
        }
    }

    @Test
    void aDeploymentSwitchesFormatWithRecordsOfBothOnItsTopics() {
        Path fixtures = JolpicaFixtures.root();
        ApicurioRegistry registry = ApicurioRegistry.get();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            // round 6 produced before the switch: single-object records wait on the raw topics
            ReplayEndToEndIT.Run before = ReplayEndToEndIT.pitwall("replay", "--produce-only", "--season", "2024", "--round", "6",
                    "--archive", fixtures.toString(), "--data-dir", work.resolve("producer").toString(),
                    "--bootstrap-servers", kafka.bootstrapServers());
            assertThat(before.exitCode()).as("replay failed: %s", before.err()).isZero();
            // the stages restarted with the registry read them, and round 1 written in the Confluent wire format
            ReplayEndToEndIT.Run after = ReplayEndToEndIT.pitwall("replay", "--season", "2024", "--round", "1",
                    "--archive", fixtures.toString(), "--data-dir", work.resolve("data").toString(),
                    "--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry.confluentUrl().toString());
            assertThat(after.exitCode()).as("replay failed: %s", after.err()).isZero();

            for (int round : new int[] {1, 6}) {
                assertThat(ReplayEndToEndIT.csv(work.resolve("data"), "select count(*), count(distinct (driver_id, lap)) from staging.laps"
                        + " where season = 2024 and round = " + round).get(0))
                        .as("round %d laps", round).containsExactly(Integer.toString(JolpicaFixtures.laps(2024, round).size()),
                                Integer.toString(JolpicaFixtures.laps(2024, round).size()));
            }
            List<ConsumerRecord<String, byte[]>> raw = TopicReader.readAll(kafka.bootstrapServers(), Topics.RAW_LAPS, "read_committed");
            assertThat(raw.stream().filter(r -> ConfluentFraming.isFramed(r.value())).count()).isEqualTo(JolpicaFixtures.laps(2024, 1).size());
            assertThat(raw.stream().filter(r -> !ConfluentFraming.isFramed(r.value())).count()).isEqualTo(JolpicaFixtures.laps(2024, 6).size());
            assertThat(TopicReader.readAll(kafka.bootstrapServers(), Topics.CLEAN_LAPS, "read_committed"))
                    .as("everything Streams wrote after the switch is framed").hasSize(raw.size())
                    .allSatisfy(r -> assertThat(ConfluentFraming.isFramed(r.value())).isTrue());
        }
    }

    @Test
    void topicsCreateRegistersEverySubjectAndALookupOnlyReplayUsesThem() throws IOException {
        Path fixtures = JolpicaFixtures.root();
        ApicurioRegistry registry = ApicurioRegistry.get();
        String url = registry.confluentUrl().toString();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            ReplayEndToEndIT.Run create = ReplayEndToEndIT.pitwall("topics", "create", "--bootstrap-servers", kafka.bootstrapServers(),
                    "--data-dir", work.resolve("admin").toString(), "--schema-registry-url", url);
            assertThat(create.exitCode()).as(create.err()).isZero();
            var client = new dev.pitwall.schemas.registry.SchemaRegistryClient(RegistrySettings.of(registry.confluentUrl()));
            for (String topic : TopicSchemas.values().keySet()) {
                assertThat(client.versions(topic + "-value")).as(topic + "-value").isNotEmpty();
                assertThat(client.versions(topic + "-key")).as(topic + "-key").isNotEmpty();
                assertThat(client.compatibility(topic + "-value")).as(topic + "-value").hasValue("BACKWARD");
            }

            ReplayEndToEndIT.Run replay = ReplayEndToEndIT.pitwall("replay", "--season", "2024", "--round", "6",
                    "--archive", fixtures.toString(), "--data-dir", work.resolve("data").toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                    "--schema-registry-url", url, "--no-schema-auto-register");
            assertThat(replay.exitCode()).as(replay.err()).isZero();
            assertThat(replay.out()).contains("analytics.laps " + JolpicaFixtures.laps(2024, 6).size() + " rows");

            int closed;
            try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                closed = socket.getLocalPort();
            }
            ReplayEndToEndIT.Run unreachable = ReplayEndToEndIT.pitwall("replay", "--season", "2024", "--round", "6",
                    "--archive", fixtures.toString(), "--data-dir", work.resolve("data").toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                    "--schema-registry-url", "http://127.0.0.1:" + closed);
            assertThat(unreachable.exitCode()).isEqualTo(1);
            assertThat(unreachable.err()).contains("PW-0601").contains("127.0.0.1:" + closed).contains("unreachable");
        }
    }

    @Test
    void aSerdeNamedByClassWritesAndReadsTheValues() {
        Path fixtures = JolpicaFixtures.root();
        ApicurioRegistry registry = ApicurioRegistry.get();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            ReplayEndToEndIT.Run run = ReplayEndToEndIT.pitwall("replay", "--season", Integer.toString(SEASON), "--round", Integer.toString(ROUND),
                    "--archive", fixtures.toString(), "--data-dir", work.resolve("data").toString(),
                    "--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry.confluentUrl().toString(),
                    "--schema-serde", SpecificRecordSerde.class.getName());
            assertThat(run.exitCode()).as("replay failed: %s", run.err()).isZero();
            assertThat(SpecificRecordSerde.lastConfig).containsEntry("schema.registry.url", registry.confluentUrl().toString())
                    .containsEntry("auto.register.schemas", true).containsEntry("specific.avro.reader", true);
            assertThat(ReplayEndToEndIT.csv(work.resolve("data"),
                    "select count(*) from analytics.laps where season = " + SEASON + " and round = " + ROUND).get(0)[0])
                    .isEqualTo(Integer.toString(JolpicaFixtures.laps(SEASON, ROUND).size()));
            ConfluentFormat reader = new ConfluentFormat(RegistrySettings.of(registry.confluentUrl()));
            List<ConsumerRecord<String, byte[]>> laps = TopicReader.readAll(kafka.bootstrapServers(), Topics.CLEAN_LAPS, "read_committed");
            assertThat(laps).hasSize(JolpicaFixtures.laps(SEASON, ROUND).size())
                    .allSatisfy(r -> assertThat(reader.decodeValue(r.value(), CleanLap.class).getSeason()).isEqualTo(SEASON));
        }
    }

    /** Runs the Python reader; skips (saying why) where Debian's python3-confluent-kafka is not installed. */
    private JsonNode confluentAvroConsumer(String bootstrap, ApicurioRegistry registry, List<String> topics) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            System.out.println("[skip] " + PYTHON + " not found: Confluent's Python AvroConsumer cannot run here");
        }
        assumeTrue(Files.isExecutable(PYTHON), PYTHON + " not found");
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import confluent_kafka.avro").redirectErrorStream(true).start();
        String probeOut = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean importable = probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        if (!importable) {
            System.out.println("[skip] confluent_kafka.avro not importable (apt-get install python3-confluent-kafka python3-avro): " + probeOut.strip());
        }
        assumeTrue(importable, "python3-confluent-kafka is not installed: " + probeOut.strip());

        Path script = work.resolve("avro_consumer_read.py");
        try (var in = getClass().getResourceAsStream("/confluent/avro_consumer_read.py")) {
            Files.copy(in, script);
        }
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString(), bootstrap, registry.confluentUrl().toString()));
        command.addAll(topics);
        Path stdout = work.resolve("python.out");
        Path stderr = work.resolve("python.err");
        Process python = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertThat(python.waitFor(10, TimeUnit.MINUTES)).as("python reader finished").isTrue();
        assertThat(python.exitValue()).as("AvroConsumer failed: %s", Files.readString(stderr)).isZero();
        return new ObjectMapper().readTree(stdout.toFile());
    }
}
