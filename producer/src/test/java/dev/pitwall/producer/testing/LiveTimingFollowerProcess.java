package dev.pitwall.producer.testing;

import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.livetiming.LiveTimingFollower;
import dev.pitwall.producer.livetiming.LiveTimingRequest;
import dev.pitwall.producer.signalr.SignalRClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/** A live-timing follower in its own JVM, for tests that SIGKILL it mid-session. Arguments: bootstrap servers, hub URL, archive root holding {@code jolpica/}. */
public final class LiveTimingFollowerProcess {
    private LiveTimingFollowerProcess() {}

    public static void main(String[] args) {
        try (RawArchiveSource schedule = new RawArchiveSource(Path.of(args[2]))) {
            LiveTimingRequest request = new LiveTimingRequest("latest", SignalRClient.Settings.of(URI.create(args[1]), null), schedule, null,
                    Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(2), 20);
            System.out.println(new LiveTimingFollower(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]), request).run());
        }
    }
}
