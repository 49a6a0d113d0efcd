package dev.pitwall.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ParallelCloseTest {
    @Test
    @Timeout(10)
    void closesEveryMemberAtOnceAndReturnsWhenAllAreClosed() {
        CountDownLatch bothClosing = new CountDownLatch(2);
        List<String> closed = new CopyOnWriteArrayList<>();
        ParallelClose group = new ParallelClose();
        for (String name : List.of("streams", "sink")) {
            // each waits for the other to be closing: closed one after the other, this would never return
            group.add(() -> {
                bothClosing.countDown();
                assertThat(bothClosing.await(5, TimeUnit.SECONDS)).isTrue();
                closed.add(name);
            });
        }
        group.close();
        assertThat(closed).containsExactlyInAnyOrder("streams", "sink");
    }

    @Test
    @Timeout(10)
    void aMemberThatFailsToCloseDoesNotKeepTheOthersOpen() {
        List<String> closed = new CopyOnWriteArrayList<>();
        ParallelClose group = new ParallelClose();
        group.add(() -> {
            throw new IllegalStateException("broken");
        });
        group.add(() -> closed.add("loader"));
        group.close();
        group.close(); // a second close has nothing left to do
        assertThat(closed).containsExactly("loader");
    }
}
