package dev.pitwall.app.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps off the console what Kafka reports about work it retries by itself (and two notices of a normal
 * embedded broker's life: its first start on fresh storage, a channel closed twice on shutdown, its internal topics
 * created once for several clients that asked at the same time); the log
 * file still has it all.
 *
 * <p>With transactions v2 (KIP-890, the default of Kafka 4), the first produce of a transaction can meet
 * {@code CONCURRENT_TRANSACTIONS} while the previous commit's markers are written; the batches already in
 * flight behind it are then refused with a retriable {@code OutOfOrderSequenceException} until the first
 * one lands (KAFKA-18202). The producer logs a WARN per retry, the broker an ERROR per refused batch, and
 * nothing is lost or duplicated: the kill and exactly-once tests read every record once. An operator can do
 * nothing about it, so it is not a console line; the count is kept for the summary.
 */
public final class KafkaRetryFilter extends Filter<ILoggingEvent> {
    private static final AtomicLong HIDDEN = new AtomicLong();

    /** Console lines held back since this JVM started. */
    public static long hidden() {
        return HIDDEN.get();
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (isRetriedByKafka(event)) {
            HIDDEN.incrementAndGet();
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    static boolean isRetriedByKafka(ILoggingEvent event) {
        String logger = event.getLoggerName();
        if (!logger.startsWith("org.apache.kafka.") && !logger.startsWith("kafka.")) {
            return false;
        }
        String message = event.getFormattedMessage();
        if (message == null) {
            return false;
        }
        if (logger.endsWith(".Sender") && message.contains("retrying (")) {
            return true; // "Got error produce response ..., retrying (2147483646 attempts left). Error: ..."
        }
        if (logger.equals("kafka.server.ReplicaManager") && message.startsWith("[ReplicaManager")
                && message.contains("Error processing append operation")) {
            IThrowableProxy cause = event.getThrowableProxy();
            return cause != null && cause.getClassName().endsWith("OutOfOrderSequenceException");
        }
        // the embedded broker's controller channel, closed twice on shutdown: nothing was lost
        if (message.contains("Attempting to close NetworkClient that has already been closed")) {
            return true;
        }
        // the stages' clients start at once on a fresh broker and each asks for the group or transaction coordinator:
        // the broker creates its internal topic once and reports every later request that raced it
        if (logger.equals("kafka.server.DefaultAutoTopicCreationManager") && message.contains("TOPIC_ALREADY_EXISTS")
                && (message.contains("__consumer_offsets") || message.contains("__transaction_state"))) {
            return true;
        }
        // a freshly formatted embedded broker's first start: expected once per data dir
        return logger.endsWith("controller.QuorumController") && message.contains("The metadata log appears to be empty");
    }
}
