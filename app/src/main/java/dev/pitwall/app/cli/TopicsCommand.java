package dev.pitwall.app.cli;

import dev.pitwall.app.runtime.StageGroups;
import dev.pitwall.app.stack.StackAddress;
import dev.pitwall.app.stack.StackFile;
import dev.pitwall.embedded.EmbeddedKafka;
import dev.pitwall.schemas.TopicCatalogue;
import dev.pitwall.schemas.Topics;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pitwall topics create|status}: the topic catalogue (DESIGN §2) on a broker. The broker is the one
 * named by {@code --bootstrap-servers}, else the running stack of the data dir, else the data dir's embedded
 * broker started for the duration of the command.
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create the catalogue's topics, or show each topic's partitions, records and stage lag.",
        subcommands = {TopicsCommand.Create.class, TopicsCommand.Status.class})
public final class TopicsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "topics needs a subcommand: create or status");
    }

    /** Options and broker resolution shared by both subcommands. */
    abstract static class BrokerCommand implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Mixin
        SchemaRegistryOptions registry;

        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", defaultValue = "${env:PITWALL_BOOTSTRAP_SERVERS}",
                description = "Kafka to use (env PITWALL_BOOTSTRAP_SERVERS). Default: the running stack of --data-dir, else its embedded broker.")
        String bootstrapServers;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            registry.install(spec.commandLine(), System.getenv());
            EmbeddedKafka started = null;
            String servers = bootstrapServers == null || bootstrapServers.isBlank() ? null : bootstrapServers;
            boolean embedded = false;
            if (servers == null) {
                servers = StackFile.read(common.dataDir()).map(StackAddress::bootstrapServers).orElse(null);
                embedded = true;
            }
            try {
                if (servers == null) {
                    started = EmbeddedKafka.start(common.dataDir().resolve("kafka"));
                    servers = started.bootstrapServers();
                }
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
                    PrintWriter out = spec.commandLine().getOut();
                    run(admin, embedded, out);
                    out.flush();
                }
                return 0;
            } finally {
                if (started != null) {
                    started.close();
                }
            }
        }

        abstract void run(Admin admin, boolean embedded, PrintWriter out) throws Exception;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create every catalogue topic that does not exist yet, with its explicit configs.")
    public static final class Create extends BrokerCommand {
        @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "-1",
                description = "Replication factor of new topics; -1 (default) = the broker's default (1 on the embedded broker).")
        short replicationFactor;

        @Override
        void run(Admin admin, boolean embedded, PrintWriter out) {
            if (replicationFactor == 0 || replicationFactor < -1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--replication-factor must be -1 or at least 1");
            }
            short rf = embedded && replicationFactor == -1 ? 1 : replicationFactor;
            List<String> created = TopicCatalogue.ensure(admin, rf);
            out.println(created.isEmpty() ? "all " + Topics.all().size() + " topics exist"
                    : "created " + created.size() + " of " + Topics.all().size() + " topics: " + String.join(", ", created));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Per catalogue topic: partitions, records held (offset span, transaction markers included) and the lag of the stage that reads it.")
    public static final class Status extends BrokerCommand {
        @Override
        void run(Admin admin, boolean embedded, PrintWriter out) throws Exception {
            Set<String> existing = get(admin.listTopics().names());
            List<String> names = Topics.all().stream().map(Topics.TopicSpec::name).filter(existing::contains).toList();
            Map<String, TopicDescription> descriptions = names.isEmpty() ? Map.of() : get(admin.describeTopics(names).allTopicNames());
            List<TopicPartition> partitions = new ArrayList<>();
            descriptions.values().forEach(d -> d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
            Map<TopicPartition, Long> earliest = offsets(admin, partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> latest = offsets(admin, partitions, OffsetSpec.latest());
            Map<String, String> readers = new HashMap<>();
            StageGroups.STREAMS_INPUTS.forEach(t -> readers.put(t, StageGroups.STREAMS));
            StageGroups.SINK_INPUTS.forEach(t -> readers.put(t, StageGroups.SINK));
            StageGroups.LOADER_INPUTS.forEach(t -> readers.put(t, StageGroups.LOADER));
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
            for (String group : Set.copyOf(readers.values())) {
                committed.put(group, get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()));
            }
            out.printf("%-34s %10s %12s  %s%n", "topic", "partitions", "records", "lag (group)");
            for (Topics.TopicSpec spec : Topics.all()) {
                TopicDescription d = descriptions.get(spec.name());
                if (d == null) {
                    out.printf("%-34s %10s %12s  %s%n", spec.name(), "-", "-", "missing: run `pitwall topics create`");
                    continue;
                }
                long records = 0;
                long lag = 0;
                boolean anyCommitted = false;
                String group = readers.get(spec.name());
                for (var p : d.partitions()) {
                    TopicPartition tp = new TopicPartition(d.name(), p.partition());
                    long end = latest.getOrDefault(tp, 0L);
                    records += end - earliest.getOrDefault(tp, 0L);
                    if (group != null) {
                        OffsetAndMetadata at = committed.get(group).get(tp);
                        anyCommitted |= at != null;
                        lag += end - (at == null ? earliest.getOrDefault(tp, 0L) : at.offset());
                    }
                }
                String lagText = group == null ? "" : (anyCommitted ? lag : lag + " (nothing committed)") + " (" + group + ")";
                out.printf("%-34s %10d %12d  %s%n", spec.name(), d.partitions().size(), records, lagText);
            }
        }

        private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
                throws ExecutionException, InterruptedException, TimeoutException {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(tp -> request.put(tp, spec));
            Map<TopicPartition, Long> out = new HashMap<>();
            if (request.isEmpty()) {
                return out;
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = get(admin.listOffsets(request).all());
            result.forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        }
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future)
            throws ExecutionException, InterruptedException, TimeoutException {
        return future.get(30, TimeUnit.SECONDS);
    }
}
