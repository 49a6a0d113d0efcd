package dev.pitwall.producer.http;

import dev.pitwall.producer.source.SourceException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;

/**
 * The two budgets of one request, shared by every source client so that whatever the host, a 429
 * and a failure are handled alike: a 429 pauses the host's {@link RequestPacer} for its
 * {@code Retry-After} within {@link ClientSettings#throttledAttempts()} and
 * {@link ClientSettings#maxRetryAfter()}; a failure (5xx, I/O error, timeout, unusable body) sleeps an
 * exponential backoff with equal jitter, up to {@link ClientSettings#attempts()} tries. When a budget
 * runs out the request fails with one {@link SourceException} line naming the URL. Log lines go to
 * the caller's logger, so they still name the client that retries.
 */
public final class RequestTries {
    private final URI uri;
    private final ClientSettings settings;
    private final RequestPacer pacer;
    private final Logger log;
    private final String subject;
    private int failures;
    private int throttled;

    /** One request to {@code uri}, paced by {@code pacer}. */
    public RequestTries(URI uri, ClientSettings settings, RequestPacer pacer, Logger log) {
        this(uri, settings, pacer, log, null);
    }

    private RequestTries(URI uri, ClientSettings settings, RequestPacer pacer, Logger log, String subject) {
        this.uri = uri;
        this.settings = settings;
        this.pacer = pacer;
        this.log = log;
        this.subject = subject;
    }

    /** The same budgets, but a spent failure budget says "{@code subject} failed: ..." (e.g. a login) instead of naming the URL last. */
    public RequestTries namedAs(String subject) {
        return new RequestTries(uri, settings, pacer, log, subject);
    }

    /**
     * An answer the caller does not handle itself: a 429 is waited out, a 5xx counts as a failure,
     * anything else fails the request at once.
     *
     * @throws SourceException (BAD_RESPONSE) when the answer fails the request or a budget is spent
     */
    public void unexpected(HttpResponse<?> response) {
        int status = response.statusCode();
        if (status == 429) {
            throttled(response.headers().firstValue("Retry-After").orElse(null));
        } else if (status >= 500) {
            failed("HTTP " + status, SourceException.Kind.BAD_RESPONSE);
        } else {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE, "HTTP " + status + " from " + uri);
        }
    }

    /** An I/O failure (reset, timeout, refused): UNREACHABLE, its first line in the messages. */
    public void failed(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        int nl = message.indexOf('\n');
        failed(nl < 0 ? message : message.substring(0, nl), SourceException.Kind.UNREACHABLE);
    }

    /**
     * Counts a failed try and sleeps before the next one.
     *
     * @throws SourceException of {@code kind} when that was the last try allowed
     */
    public void failed(String failure, SourceException.Kind kind) {
        failures++;
        if (failures >= settings.attempts()) {
            throw new SourceException(kind, subject == null
                    ? failure + " from " + uri + " after " + failures + " attempts"
                    : subject + " failed: " + failure + " after " + failures + " attempts");
        }
        Duration wait = jittered(settings.backoff(failures));
        log.warn("{} from {} (attempt {} of {}), retrying in {} ms", failure, uri, failures, settings.attempts(), wait.toMillis());
        try {
            Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(SourceException.Kind.UNREACHABLE, "interrupted while waiting to retry " + uri, e);
        }
    }

    private void throttled(String retryAfterHeader) {
        throttled++;
        Duration wait = RetryAfter.parse(retryAfterHeader, Instant.now()).orElse(settings.backoff(throttled));
        if (throttled > settings.throttledAttempts()) {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE,
                    "HTTP 429 from " + uri + " still throttled after " + throttled + " answers");
        }
        if (wait.compareTo(settings.maxRetryAfter()) > 0) {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE,
                    "HTTP 429 from " + uri + " asks to wait " + wait.toSeconds() + " s, more than " + settings.maxRetryAfter().toSeconds() + " s");
        }
        log.warn("HTTP 429 from {}: waiting {} ms as asked", uri, wait.toMillis());
        pacer.pause(wait);
    }

    // "Equal jitter": half the backoff fixed, half random, so clients that failed together do not retry together.
    private static Duration jittered(Duration backoff) {
        long half = backoff.toNanos() / 2;
        return Duration.ofNanos(half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0));
    }
}
