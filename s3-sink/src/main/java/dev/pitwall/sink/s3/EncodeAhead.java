package dev.pitwall.sink.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Writes objects one after another while the next one is encoded on a thread of its own, so a write costs the larger
 * of its encoding and its PUT rather than their sum (docs/BENCHMARKS.md). The writes keep their order and run on the
 * caller's thread; only the encoding, which touches no client, moves.
 */
public final class EncodeAhead implements AutoCloseable {
    private final ExecutorService encoder;

    public EncodeAhead(String threadName) {
        encoder = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * {@code write(item, prepare(item))} for every item in order, {@code prepare} of the next item running meanwhile.
     * An exception of either is thrown as it is, after the encoding ahead is cancelled.
     */
    public <T, P, R> List<R> map(List<T> items, Function<T, P> prepare, BiFunction<T, P, R> write) {
        List<R> out = new ArrayList<>(items.size());
        Future<P> next = items.isEmpty() ? null : encoder.submit(() -> prepare.apply(items.get(0)));
        try {
            for (int i = 0; i < items.size(); i++) {
                P current = await(next);
                int following = i + 1;
                next = following < items.size() ? encoder.submit(() -> prepare.apply(items.get(following))) : null;
                out.add(write.apply(items.get(i), current));
            }
            return out;
        } finally {
            if (next != null) {
                next.cancel(true);
            }
        }
    }

    private static <P> P await(Future<P> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while encoding ahead");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("encoding failed", e.getCause());
        }
    }

    @Override
    public void close() {
        encoder.shutdownNow();
        try {
            encoder.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
