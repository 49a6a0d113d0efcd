package dev.pitwall.app.runtime;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resources that do not depend on each other, closed at once: the pipeline's stages (each commits or aborts its
 * own transaction and leaves its own group), so a stop takes as long as the slowest of them, not their sum.
 */
final class ParallelClose implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParallelClose.class);
    private final List<AutoCloseable> members = new ArrayList<>();

    synchronized <T extends AutoCloseable> T add(T member) {
        members.add(member);
        return member;
    }

    @Override
    public void close() {
        List<AutoCloseable> closing;
        synchronized (this) {
            closing = new ArrayList<>(members);
            members.clear();
        }
        List<Thread> threads = new ArrayList<>();
        for (AutoCloseable member : closing) {
            Thread t = new Thread(() -> {
                try {
                    member.close();
                } catch (Exception e) {
                    log.warn("while stopping {}: {}", member.getClass().getSimpleName(), e.toString());
                }
            }, "pitwall-stop-" + member.getClass().getSimpleName());
            t.start();
            threads.add(t);
        }
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // still wait: what closes after this needs the stages stopped
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
