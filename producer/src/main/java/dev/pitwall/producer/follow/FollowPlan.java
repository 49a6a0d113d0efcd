package dev.pitwall.producer.follow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** What is left to do of a season, in the order it falls due: a pure function of the calendar, what is done, and now. */
public final class FollowPlan {
    private FollowPlan() {}

    public static List<FollowAction> plan(List<CalendarSession> calendar, FollowOptions options, Set<String> done, Instant now) {
        List<FollowAction> out = new ArrayList<>();
        for (CalendarSession s : calendar) {
            if (s.season() != options.season() || (options.round() != null && s.round() != options.round())) {
                continue;
            }
            if (s.timed() && options.sessions().contains(s.code())) {
                String live = "live/" + s.key();
                String archive = "archive/" + s.key();
                if (!done.contains(live) && !done.contains(archive)) {
                    if (now.isBefore(s.end().plus(options.liveGrace()))) {
                        out.add(new FollowAction(live, FollowAction.Kind.LIVE, s, 0, s.start().minus(options.leadTime())));
                    } else if (options.archiveFallback() && now.isBefore(s.end().plus(options.catchUp()))) {
                        out.add(new FollowAction(archive, FollowAction.Kind.ARCHIVE, s, 0, s.end().plus(options.archiveAfter())));
                    }
                }
            }
            if (s.isRace()) {
                out.addAll(results(s, options.resultsAfter(), done, now));
            }
        }
        out.sort(Comparator.comparing(FollowAction::due).thenComparing(a -> a.kind().ordinal()).thenComparing(FollowAction::id));
        return out;
    }

    /** The race's fetches not done yet; of those already due, only the latest (the earlier ones would fetch the same). */
    private static List<FollowAction> results(CalendarSession race, List<Duration> after, Set<String> done, Instant now) {
        List<FollowAction> pending = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            String id = "results/" + race.season() + "/" + race.round() + "/" + (i + 1);
            if (!done.contains(id)) {
                pending.add(new FollowAction(id, FollowAction.Kind.RESULTS, race, i + 1, race.end().plus(after.get(i))));
            }
        }
        int lastDue = -1;
        for (int i = 0; i < pending.size(); i++) {
            if (!pending.get(i).due().isAfter(now)) {
                lastDue = i;
            }
        }
        return lastDue <= 0 ? pending : pending.subList(lastDue, pending.size());
    }
}
