package dev.pitwall.loader.it;

import dev.pitwall.loader.warehouse.FileToLoad;
import dev.pitwall.loader.warehouse.GroupOutcome;
import dev.pitwall.loader.warehouse.LoadOutcome;
import dev.pitwall.loader.warehouse.QueryResult;
import dev.pitwall.loader.warehouse.Warehouse;
import dev.pitwall.loader.warehouse.WarehouseError;
import dev.pitwall.loader.warehouse.WarehouseException;
import dev.pitwall.schemas.avro.FileWritten;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real warehouse (DuckDB in the tests) seen through a recorder: how many calls the loader made,
 * of which kind and for how many files. With {@link #crashAfterCommit()} the loader's thread dies
 * right after a group's warehouse commit, before it can commit the Kafka offsets, as a killed
 * process would. With {@link #reportIncomplete(String)} one file of a group is answered as Snowflake
 * answers a partially loaded file (PW-0407, not loaded) while the real warehouse loads the others.
 */
final class CountingWarehouse implements Warehouse {
    /** A kill between the warehouse commit and the offset commit; an Error so the loader does not retry it. */
    static final class Crash extends Error {
        Crash() {
            super("simulated crash after the warehouse commit");
        }
    }

    private final Warehouse delegate;
    private final List<Integer> groupSizes = new CopyOnWriteArrayList<>();
    private final List<Integer> manifestQueries = new CopyOnWriteArrayList<>();
    private final List<String> singleLoads = new CopyOnWriteArrayList<>();
    private volatile boolean crashAfterCommit;
    private volatile String incomplete;
    private volatile java.util.concurrent.CountDownLatch heldLoad;
    private final java.util.concurrent.CountDownLatch loadHeld = new java.util.concurrent.CountDownLatch(1);

    CountingWarehouse(Warehouse delegate) {
        this.delegate = delegate;
    }

    CountingWarehouse crashAfterCommit() {
        crashAfterCommit = true;
        return this;
    }

    CountingWarehouse reportIncomplete(String objectKey) {
        incomplete = objectKey;
        return this;
    }

    /**
     * The next {@link #loadAll} waits until {@code release} opens, then fails as a lost connection does (PW-0403,
     * retryable), so a test can take the broker away while a load is in hand.
     */
    CountingWarehouse holdNextLoadThenFail(java.util.concurrent.CountDownLatch release) {
        heldLoad = release;
        return this;
    }

    /** Waits until a load is held by {@link #holdNextLoadThenFail}. */
    boolean awaitHeldLoad(java.time.Duration timeout) throws InterruptedException {
        return loadHeld.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Files per {@link #loadAll} call, in call order. */
    List<Integer> groupSizes() {
        return List.copyOf(groupSizes);
    }

    /** Keys per {@link #loadedAmong} call. */
    List<Integer> manifestQueries() {
        return List.copyOf(manifestQueries);
    }

    /** Keys passed to the one-file load methods or isLoaded. */
    List<String> singleCalls() {
        return List.copyOf(singleLoads);
    }

    @Override
    public void migrate() {
        delegate.migrate();
    }

    @Override
    public boolean isLoaded(String objectKey) {
        singleLoads.add(objectKey);
        return delegate.isLoaded(objectKey);
    }

    @Override
    public Set<String> loadedAmong(Collection<String> objectKeys) {
        manifestQueries.add(objectKeys.size());
        return delegate.loadedAmong(objectKeys);
    }

    @Override
    public GroupOutcome loadAll(List<FileToLoad> files) {
        groupSizes.add(files.size());
        java.util.concurrent.CountDownLatch release = heldLoad;
        if (release != null) {
            heldLoad = null;
            loadHeld.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new WarehouseException(WarehouseError.SQL_FAILED, "connection lost (held by the test)");
        }
        String bad = incomplete;
        if (bad != null && files.stream().anyMatch(f -> f.key().equals(bad))) {
            GroupOutcome rest = delegate.loadAll(files.stream().filter(f -> !f.key().equals(bad)).toList());
            java.util.Map<String, WarehouseException> failed = new java.util.LinkedHashMap<>(rest.failed());
            failed.put(bad, new WarehouseException(WarehouseError.COPY_INCOMPLETE, bad + " PARTIALLY_LOADED: 1 of 2 rows loaded, "
                    + "1 errors, first error: Numeric value 'DNF' is not recognized"));
            return new GroupOutcome(rest.done(), failed);
        }
        GroupOutcome outcome = delegate.loadAll(files);
        if (crashAfterCommit) {
            throw new Crash();
        }
        return outcome;
    }

    @Override
    public LoadOutcome load(FileWritten file, Path gzipJsonLinesFile) {
        singleLoads.add(file.getKey());
        return delegate.load(file, gzipJsonLinesFile);
    }

    @Override
    public boolean readsObjectsItself() {
        return delegate.readsObjectsItself();
    }

    @Override
    public LoadOutcome load(FileWritten file) {
        singleLoads.add(file.getKey());
        return delegate.load(file);
    }

    @Override
    public QueryResult query(String sql) {
        return delegate.query(sql);
    }

    @Override
    public void close() {
        // the test closes the real warehouse
    }
}
