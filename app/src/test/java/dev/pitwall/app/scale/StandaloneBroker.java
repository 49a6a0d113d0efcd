package dev.pitwall.app.scale;

import dev.pitwall.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** A single KRaft broker in a process of its own, on fixed ports so a restart keeps its address: {@code DIR BROKER_PORT CONTROLLER_PORT}. */
public final class StandaloneBroker {
    private StandaloneBroker() {}

    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        System.out.println("broker up on " + kafka.bootstrapServers());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
