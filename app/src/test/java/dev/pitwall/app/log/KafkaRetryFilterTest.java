package dev.pitwall.app.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;

class KafkaRetryFilterTest {
    private final LoggerContext context = new LoggerContext();
    private final KafkaRetryFilter filter = new KafkaRetryFilter();

    @Test
    void kafkasOwnRetriesStayInTheLogFile() {
        // the three lines a replay printed on a quiet machine (copied from a run's log)
        assertThat(decide("org.apache.kafka.clients.producer.internals.Sender", Level.WARN,
                "[Producer clientId=x, transactionalId=y] Got error produce response with correlation id 163 on topic-partition"
                        + " pitwall-streams-batch-rows-changelog-2, retrying (2147483646 attempts left). Error: CONCURRENT_TRANSACTIONS",
                null)).isEqualTo(FilterReply.DENY);
        assertThat(decide("kafka.server.ReplicaManager", Level.ERROR,
                "[ReplicaManager broker=1] Error processing append operation on partition abc:f1.clean.pitstops-2",
                new OutOfOrderSequenceException("Invalid sequence number for producer 0 at offset 57 in partition f1.clean.pitstops-2:"
                        + " 10 (incoming seq. number). Expected sequence 0 for transactions v2 idempotent producer with no existing state.")))
                .isEqualTo(FilterReply.DENY);
        assertThat(decide("org.apache.kafka.clients.NetworkClient", Level.WARN,
                "[NodeToControllerChannelManager id=1 name=registration] Attempting to close NetworkClient that has already been closed.",
                null)).isEqualTo(FilterReply.DENY);
        assertThat(decide("org.apache.kafka.controller.QuorumController", Level.WARN,
                "[QuorumController id=1] Performing controller activation. The metadata log appears to be empty. Appending 6"
                        + " bootstrap record(s) in metadata transaction at metadata.version 4.3-IV0", null)).isEqualTo(FilterReply.DENY);
        assertThat(decide("kafka.server.DefaultAutoTopicCreationManager", Level.WARN,
                "Auto topic creation failed for __consumer_offsets with error 'TOPIC_ALREADY_EXISTS': Topic '__consumer_offsets'"
                        + " already exists.", null)).isEqualTo(FilterReply.DENY);
    }

    @Test
    void everythingElseReachesTheConsole() {
        assertThat(decide("kafka.server.ReplicaManager", Level.ERROR,
                "[ReplicaManager broker=1] Error processing append operation on partition abc:f1.raw.results-0",
                new org.apache.kafka.common.errors.RecordTooLargeException("too large"))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("org.apache.kafka.clients.producer.internals.Sender", Level.WARN,
                "[Producer clientId=x] Received invalid metadata error in produce request", null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("dev.pitwall.sink.S3Sink", Level.WARN, "retrying (2 attempts left) PUT of s3://b/k", null))
                .as("pitwall's own retries are for the operator").isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("kafka.server.DefaultAutoTopicCreationManager", Level.WARN,
                "Auto topic creation failed for f1.raw.laps with error 'POLICY_VIOLATION'", null)).isEqualTo(FilterReply.NEUTRAL);
    }

    private FilterReply decide(String loggerName, Level level, String message, Throwable t) {
        Logger logger = context.getLogger(loggerName);
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, t, null);
        return filter.decide(event);
    }
}
