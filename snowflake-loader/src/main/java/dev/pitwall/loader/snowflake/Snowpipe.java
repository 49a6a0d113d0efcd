package dev.pitwall.loader.snowflake;

import dev.pitwall.loader.warehouse.StagingTable;
import dev.pitwall.loader.warehouse.WarehouseError;
import dev.pitwall.loader.warehouse.WarehouseException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.snowflake.ingest.SimpleIngestManager;
import net.snowflake.ingest.connection.HistoryResponse;
import net.snowflake.ingest.connection.IngestResponse;
import net.snowflake.ingest.connection.IngestResponseException;
import net.snowflake.ingest.connection.IngestStatus;
import net.snowflake.ingest.utils.BackOffException;
import net.snowflake.ingest.utils.StagedFileWrapper;

/**
 * Snowpipe's REST API through the ingest SDK, one {@link SimpleIngestManager} per table pipe, all
 * aimed at the settings' endpoint (scheme, host, port) with the key-pair JWT. {@link #load} submits
 * a group of object keys in one insertFiles and waits, bounded and with backoff, for the pipe's
 * report on each.
 */
final class Snowpipe implements AutoCloseable {
    /** Snowpipe keeps a pipe's load history for 14 days; a file it skips as loaded is looked up there. */
    static final Duration LOAD_HISTORY = Duration.ofDays(14);
    private static final Duration FIRST_POLL = Duration.ofMillis(200);
    private static final Duration MAX_POLL = Duration.ofSeconds(5);

    private final SnowflakeSettings settings;
    private final Map<StagingTable, SimpleIngestManager> managers = java.util.Collections.synchronizedMap(new EnumMap<>(StagingTable.class));
    private volatile boolean closed;

    Snowpipe(SnowflakeSettings settings) {
        this.settings = settings;
    }

    /**
     * The pipe's final reports on a group: {@code finished} per key (LOADED, LOAD_FAILED or
     * PARTIALLY_LOADED), {@code timedOut} per key with no final report within the report timeout
     * (PW-0409, retryable).
     */
    record Reports(Map<String, CopyFileResult> finished, Map<String, WarehouseException> timedOut) {}

    /**
     * Submits the keys to the table's pipe in one insertFiles and reads insertReport (for keys the pipe
     * took) and loadHistoryScan (for keys it skipped as already submitted) until each key has a final
     * report or the report timeout passes.
     */
    Reports load(StagingTable table, List<String> objectKeys) {
        SimpleIngestManager manager = manager(table);
        String pipe = manager.getPipe();
        String what = objectKeys.size() == 1 ? objectKeys.get(0) : objectKeys.size() + " files";
        try {
            UUID requestId = UUID.randomUUID();
            List<StagedFileWrapper> staged = objectKeys.stream().map(k -> new StagedFileWrapper(k, null)).toList();
            IngestResponse submitted = manager.ingestFiles(staged, requestId, true);
            Set<String> skipped = new LinkedHashSet<>();
            if (submitted.getSkippedFiles() != null) {
                objectKeys.stream().filter(submitted.getSkippedFiles()::contains).forEach(skipped::add);
            }
            Instant deadline = Instant.now().plus(settings.reportTimeout());
            Instant submittedAt = Instant.now();
            Map<String, CopyFileResult> finished = new LinkedHashMap<>();
            String beginMark = null;
            Duration pause = FIRST_POLL;
            int polls = 0;
            while (true) {
                boolean waitingOnReport = objectKeys.stream().anyMatch(k -> !skipped.contains(k) && !finished.containsKey(k));
                boolean waitingOnHistory = skipped.stream().anyMatch(k -> !finished.containsKey(k));
                if (!waitingOnReport && !waitingOnHistory) {
                    return new Reports(finished, Map.of());
                }
                polls++;
                if (waitingOnReport) {
                    HistoryResponse report = manager.getHistory(UUID.randomUUID(), null, beginMark);
                    beginMark = report.getNextBeginMark() == null ? beginMark : report.getNextBeginMark();
                    collect(report.files, objectKeys, k -> !skipped.contains(k), finished);
                }
                if (waitingOnHistory) {
                    // Already loaded (or queued) by this pipe before: its outcome is in the load history, not in recent events.
                    List<HistoryResponse.FileEntry> history = manager.getHistoryRange(UUID.randomUUID(),
                            submittedAt.minus(LOAD_HISTORY).truncatedTo(ChronoUnit.SECONDS).toString(),
                            Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS).toString()).files;
                    collect(history, objectKeys, skipped::contains, finished);
                }
                if (finished.size() == objectKeys.size()) {
                    return new Reports(finished, Map.of());
                }
                if (closed) {
                    throw new WarehouseException(WarehouseError.CLOSED, "closed while waiting for the report on " + what);
                }
                if (Instant.now().plus(pause).isAfter(deadline)) {
                    Map<String, WarehouseException> timedOut = new LinkedHashMap<>();
                    for (String key : objectKeys) {
                        if (!finished.containsKey(key)) {
                            timedOut.put(key, new WarehouseException(WarehouseError.PIPE_REPORT_TIMEOUT, "pipe " + pipe
                                    + " reported no outcome for " + key
                                    + (skipped.contains(key) ? " (skipped as already submitted; not in its load history)" : "")
                                    + " within " + settings.reportTimeout().toSeconds() + " s (" + polls + " reports read)"));
                        }
                    }
                    return new Reports(finished, timedOut);
                }
                Thread.sleep(pause.toMillis());
                pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
            }
        } catch (IngestResponseException e) {
            throw refused(pipe, what, e);
        } catch (SecurityException e) {
            // The SDK's answer to a 401 that persists after it re-signed the JWT once.
            throw new WarehouseException(WarehouseError.LOGIN_FAILED, "Snowpipe at " + settings.endpoint()
                    + " refused the key-pair JWT of " + settings.user() + " on account " + settings.account()
                    + " (HTTP 401: " + e.getMessage() + ")", e);
        } catch (BackOffException | IOException | URISyntaxException e) {
            throw new WarehouseException(WarehouseError.PIPE_UNAVAILABLE, "pipe " + pipe + " at " + settings.endpoint()
                    + " failed for " + what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WarehouseException(WarehouseError.PIPE_UNAVAILABLE, "interrupted waiting for the report on " + what, e);
        }
    }

    /** The last final entry per wanted key among {@code entries}, added to {@code finished}. */
    private static void collect(List<HistoryResponse.FileEntry> entries, List<String> keys,
                                java.util.function.Predicate<String> wanted, Map<String, CopyFileResult> finished) {
        if (entries == null) {
            return;
        }
        Map<String, HistoryResponse.FileEntry> last = new java.util.HashMap<>();
        for (HistoryResponse.FileEntry f : entries) {
            if (f.getPath() != null && f.getStatus() != null && f.getStatus() != IngestStatus.LOAD_IN_PROGRESS) {
                last.put(f.getPath(), f);
            }
        }
        for (String key : keys) {
            HistoryResponse.FileEntry entry = last.get(key);
            if (entry != null && wanted.test(key)) {
                finished.put(key, result(entry, key));
            }
        }
    }

    private WarehouseException refused(String pipe, String objectKey, IngestResponseException e) {
        int status = e.getErrorCode();
        String body = e.getErrorBody() == null ? "" : ": " + e.getErrorBody().getMessage();
        if (status == 401 || status == 403) {
            return new WarehouseException(WarehouseError.LOGIN_FAILED, "Snowpipe at " + settings.endpoint()
                    + " refused the key-pair JWT of " + settings.user() + " on account " + settings.account()
                    + " (HTTP " + status + body + ")", e);
        }
        if (status == 429 || status >= 500) {
            return new WarehouseException(WarehouseError.PIPE_UNAVAILABLE, "pipe " + pipe + " answered HTTP " + status + body, e);
        }
        return new WarehouseException(WarehouseError.PIPE_REFUSED, "pipe " + pipe + " refused " + objectKey
                + " (HTTP " + status + body + ")", e);
    }

    private static CopyFileResult result(HistoryResponse.FileEntry entry, String objectKey) {
        String firstError = entry.getFirstError();
        if (firstError != null && entry.getFirstErrorLineNum() != null) {
            firstError += " (line " + entry.getFirstErrorLineNum()
                    + (entry.getFirstErrorColumnName() == null ? "" : ", column " + entry.getFirstErrorColumnName()) + ")";
        }
        if (firstError == null && entry.getSystemError() != null) {
            firstError = entry.getSystemError();
        }
        return new CopyFileResult(objectKey, entry.getStatus().name(), entry.getRowsParsed(),
                entry.getRowsInserted() == null ? 0 : entry.getRowsInserted(),
                entry.getErrorsSeen() == null ? 0 : entry.getErrorsSeen(), firstError);
    }

    private SimpleIngestManager manager(StagingTable table) {
        if (closed) {
            throw new WarehouseException(WarehouseError.CLOSED, "Snowpipe client for account " + settings.account() + " is closed");
        }
        return managers.computeIfAbsent(table, t -> {
            try {
                return new SimpleIngestManager(settings.account(), settings.user(), settings.qualifiedPipe(t),
                        settings.privateKey(), settings.endpoint().getScheme(), settings.endpoint().getHost(), settings.port());
            } catch (GeneralSecurityException e) {
                throw new WarehouseException(WarehouseError.BAD_URL, "the private key cannot sign Snowpipe's JWT: " + e.getMessage(), e);
            }
        });
    }

    /** Not locked against {@link #load}: a load waiting for its report stops at its next poll. */
    @Override
    public void close() {
        closed = true;
        synchronized (managers) {
            managers.values().forEach(SimpleIngestManager::close);
            managers.clear();
        }
    }
}
