package dev.pitwall.streams;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** A Streams instance in its own JVM, so {@link StreamsKillIT} can SIGKILL it. Args: bootstrap, state dir, application id, max batch records. */
public final class StreamsProcess {
    static final String RUNNING = "STREAMS RUNNING";

    private StreamsProcess() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, Object> props = new HashMap<>();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(StreamsConfig.STATE_DIR_CONFIG, args[1]);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, args[2]);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        // the broker's minimum: the restarted instance gets the killed one's tasks sooner
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
        StreamsRunner runner = new StreamsRunner(props,
                new TopologyConfig(Integer.parseInt(args[3]), TopologyConfig.DEFAULT_MAX_BATCH_BYTES));
        runner.start();
        System.out.println(RUNNING);
        new CountDownLatch(1).await();
    }
}
