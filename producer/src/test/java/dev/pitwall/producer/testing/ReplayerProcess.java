package dev.pitwall.producer.testing;

import dev.pitwall.producer.replay.ReplayRequest;
import dev.pitwall.producer.replay.SeasonReplayer;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * A replay in its own JVM, for tests that SIGKILL it midway.
 * Arguments: bootstrap servers, archive dir, transactional id, season, round ("all" for every round), speed ("max" or a factor).
 */
public final class ReplayerProcess {
    private ReplayerProcess() {}

    public static void main(String[] args) {
        Integer round = args[4].equals("all") ? null : Integer.valueOf(args[4]);
        Double speed = args[5].equals("max") ? null : Double.valueOf(args[5]);
        try (SeasonReplayer replayer = new SeasonReplayer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]), args[2])) {
            System.out.println(replayer.replay(new ReplayRequest(Integer.parseInt(args[3]), round, null, Path.of(args[1]), null, speed), null));
        }
    }
}
