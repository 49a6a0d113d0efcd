package dev.pitwall.producer.testing;

import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.http.ClientSettings;
import dev.pitwall.producer.http.RateLimit;
import dev.pitwall.producer.live.LiveFollower;
import dev.pitwall.producer.live.LiveRequest;
import dev.pitwall.producer.openf1.OpenF1Auth;
import dev.pitwall.producer.openf1.OpenF1Client;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * A live follower in its own JVM, for tests that SIGKILL it mid-session. Arguments: bootstrap servers,
 * OpenF1 base URL, session key, archive root holding {@code jolpica/}, then the shared {@link VirtualClock}
 * (virtual start epoch ms, wall start epoch ms, speed), poll interval ms, finish grace ms.
 */
public final class LiveFollowerProcess {
    private LiveFollowerProcess() {}

    public static void main(String[] args) {
        VirtualClock clock = new VirtualClock(Instant.ofEpochMilli(Long.parseLong(args[4])), Long.parseLong(args[5]), Double.parseDouble(args[6]));
        OpenF1Client client = new OpenF1Client(URI.create(args[1]), OpenF1Auth.anonymous(),
                ClientSettings.openF1().withRateLimit(RateLimit.unlimited()).withRetries(4, Duration.ofMillis(20)));
        try (RawArchiveSource schedule = new RawArchiveSource(Path.of(args[3]))) {
            LiveRequest request = new LiveRequest(args[2], client, schedule, Duration.ofMillis(Long.parseLong(args[7])),
                    Duration.ofMillis(Long.parseLong(args[8])), clock, null, null);
            System.out.println(new LiveFollower(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]), request).run());
        }
    }
}
