package dev.pitwall.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the catalogue's topics that do not exist yet, with their explicit configs. */
public final class TopicCatalogue {
    private TopicCatalogue() {}

    /** @return the names of the topics this call created */
    public static List<String> ensure(Admin admin, short replicationFactor) {
        return ensure(admin, replicationFactor, List.of());
    }

    /**
     * @param others topics outside the catalogue to create in the same call when missing (e.g. Kafka Streams'
     *               changelogs, which Streams would otherwise create itself while its first rebalance waits)
     * @return the names of the topics this call created
     */
    public static List<String> ensure(Admin admin, short replicationFactor, List<NewTopic> others) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.TopicSpec spec : Topics.all()) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(spec.configs()));
                }
            }
            others.stream().filter(t -> !existing.contains(t.name())).forEach(missing::add);
            if (missing.isEmpty()) {
                return List.of();
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics: " + e.getMessage(), e);
        }
    }
}
