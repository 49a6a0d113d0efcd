package dev.pitwall.producer.follow;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pitwall follow}'s loop: plan what is left of the season, wait until the next thing falls due, do it,
 * record it as done, again. Failures of one action (the feed unreachable, Jolpica down) defer it and never
 * stop the loop; only another follower taking over the season, or {@link #stop()}, does.
 */
public final class Follower {
    private static final Logger LOG = LoggerFactory.getLogger(Follower.class);
    /** How often the calendar is read again while waiting (a postponed race, a session moved). */
    static final Duration CALENDAR_REFRESH = Duration.ofHours(6);
    static final Duration LIVE_RETRY = Duration.ofMinutes(1);

    /** What the actions do; the CLI wires them to the live follower, the replayer and the archive replayer. */
    public interface Actions {
        /** Follows the feed until its session ends; returns the session it followed ({@code 2024/6/R}). */
        String followLive(CalendarSession session) throws Exception;

        /** Replays a missed session from the static archive; false when the archive does not have it yet. */
        boolean replayArchive(CalendarSession session) throws Exception;

        /** Fetches the round from Jolpica afresh; false when its results are not published yet. */
        boolean fetchResults(CalendarSession race, int attempt) throws Exception;
    }

    /** Told as it goes, for the terminal. */
    public interface Listener {
        default void waiting(FollowAction next, Instant now) {}

        default void starting(FollowAction action) {}

        default void finished(FollowAction action, String outcome) {}

        default void deferred(FollowAction action, String why, Instant until) {}

        Listener NONE = new Listener() {};
    }

    public enum Outcome {
        /** Nothing is left of the season (or of the round asked for). */
        SEASON_DONE,
        /** {@code --once}: the next session was done. */
        ONCE_DONE,
        /** {@code --once}: the next thing falls due later than the longest wait allowed. */
        NOTHING_DUE,
        /** Another follower of the same season fenced this one. */
        REPLACED,
        STOPPED
    }

    public record Result(Outcome outcome, int actionsDone, FollowAction next) {}

    private final FollowOptions options;
    private final Supplier<List<CalendarSession>> calendar;
    private final FollowCheckpoint checkpoint;
    private final Actions actions;
    private final FollowClock clock;
    private final Map<String, Instant> deferred = new HashMap<>();
    private volatile boolean stopped;

    public Follower(FollowOptions options, Supplier<List<CalendarSession>> calendar, FollowCheckpoint checkpoint, Actions actions,
                    FollowClock clock) {
        this.options = options;
        this.calendar = calendar;
        this.checkpoint = checkpoint;
        this.actions = actions;
        this.clock = clock;
    }

    public void stop() {
        stopped = true;
    }

    /**
     * @param once stop after the next live (or archive) session, having done whatever fell due before it
     * @param maxWait with {@code once}: return {@link Outcome#NOTHING_DUE} instead of waiting longer than this (null: wait)
     */
    public Result run(boolean once, Duration maxWait, Listener listener) throws InterruptedException {
        List<CalendarSession> sessions = calendar.get();
        Instant calendarRead = clock.now();
        int doneCount = 0;
        while (!stopped) {
            Instant now = clock.now();
            if (Duration.between(calendarRead, now).compareTo(CALENDAR_REFRESH) > 0) {
                sessions = refreshed(sessions);
                calendarRead = now;
            }
            List<FollowAction> plan = FollowPlan.plan(sessions, options, checkpoint.done(), now).stream()
                    .map(a -> deferred.containsKey(a.id()) && deferred.get(a.id()).isAfter(a.due()) ? a.at(deferred.get(a.id())) : a)
                    .sorted(java.util.Comparator.comparing(FollowAction::due)).toList();
            if (plan.isEmpty()) {
                return new Result(Outcome.SEASON_DONE, doneCount, null);
            }
            FollowAction next = plan.get(0);
            Duration wait = Duration.between(now, next.due());
            if (!wait.isNegative() && !wait.isZero()) {
                if (once && maxWait != null && wait.compareTo(maxWait) > 0) {
                    return new Result(Outcome.NOTHING_DUE, doneCount, next);
                }
                listener.waiting(next, now);
                clock.sleep(min(wait, clock.slice()));
                continue;
            }
            listener.starting(next);
            String outcome;
            try {
                outcome = perform(next, listener);
            } catch (ProducerFencedException e) {
                return new Result(Outcome.REPLACED, doneCount, next);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                Duration retry = next.kind() == FollowAction.Kind.LIVE ? LIVE_RETRY : options.resultsRetry();
                defer(next, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), retry, listener);
                LOG.warn("{} failed; again in {}", next.describe(), retry, e);
                continue;
            }
            if (outcome == null) {
                continue; // deferred inside perform
            }
            try {
                checkpoint.markDone(next.id(), clock.now());
            } catch (ProducerFencedException e) {
                return new Result(Outcome.REPLACED, doneCount, next);
            }
            deferred.remove(next.id());
            doneCount++;
            listener.finished(next, outcome);
            if (once && next.kind() != FollowAction.Kind.RESULTS) {
                return new Result(Outcome.ONCE_DONE, doneCount, next);
            }
        }
        return new Result(Outcome.STOPPED, doneCount, null);
    }

    /** Does the action; returns what it did, or null when it was deferred (not yet possible). */
    private String perform(FollowAction action, Listener listener) throws Exception {
        CalendarSession s = action.session();
        switch (action.kind()) {
            case LIVE -> {
                String followed = actions.followLive(s);
                if (s.key().equals(followed)) {
                    return "followed";
                }
                defer(action, "the feed was on " + (followed == null ? "no session" : followed) + ", not yet on " + s.key(), LIVE_RETRY, listener);
                return null;
            }
            case ARCHIVE -> {
                if (actions.replayArchive(s)) {
                    return "replayed from the archive";
                }
                defer(action, "the static archive does not have it yet", options.resultsRetry(), listener);
                return null;
            }
            case RESULTS -> {
                if (actions.fetchResults(s, action.attempt())) {
                    return "fetched";
                }
                defer(action, "Jolpica has not published the results yet", options.resultsRetry(), listener);
                return null;
            }
            default -> throw new IllegalStateException(action.kind().name());
        }
    }

    private void defer(FollowAction action, String why, Duration retry, Listener listener) {
        Instant until = clock.now().plus(retry);
        deferred.put(action.id(), until);
        listener.deferred(action, why, until);
        LOG.info("{}: {}; again at {}", action.describe(), why, until);
    }

    private List<CalendarSession> refreshed(List<CalendarSession> previous) {
        try {
            return calendar.get();
        } catch (RuntimeException e) {
            LOG.warn("could not read the calendar again ({}); keeping the one read before", e.getMessage());
            return previous;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
