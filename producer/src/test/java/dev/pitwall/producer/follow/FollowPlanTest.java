package dev.pitwall.producer.follow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FollowPlanTest {
    private static final Instant Q = Instant.parse("2024-05-04T20:00:00Z");
    private static final Instant R = Instant.parse("2024-05-05T20:00:00Z");
    private static final List<CalendarSession> MIAMI = List.of(
            new CalendarSession(2024, 6, "Miami Grand Prix", "Q", Q, Q.plus(Duration.ofHours(1)), true),
            new CalendarSession(2024, 6, "Miami Grand Prix", "R", R, R.plus(Duration.ofHours(2)), true),
            new CalendarSession(2024, 7, "Emilia Romagna Grand Prix", "R", R.plus(Duration.ofDays(14)), R.plus(Duration.ofDays(14).plusHours(2)), true));

    private static FollowOptions options(Integer round) {
        return new FollowOptions(2024, round, Set.of("Q", "R"), Duration.ofMinutes(10), List.of(Duration.ofHours(2), Duration.ofDays(1),
                Duration.ofDays(3)), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofMinutes(30), Duration.ofDays(7), true);
    }

    @Test
    void beforeTheWeekendEverySessionLiveThenEachRacesFetches() {
        List<FollowAction> plan = FollowPlan.plan(MIAMI, options(6), Set.of(), Q.minus(Duration.ofDays(1)));
        assertThat(plan).extracting(FollowAction::id).containsExactly("live/2024/6/Q", "live/2024/6/R",
                "results/2024/6/1", "results/2024/6/2", "results/2024/6/3");
        assertThat(plan.get(0).due()).isEqualTo(Q.minus(Duration.ofMinutes(10)));
        assertThat(plan.get(2).due()).isEqualTo(R.plus(Duration.ofHours(4)));
        assertThat(plan.get(4).due()).isEqualTo(R.plus(Duration.ofHours(2)).plus(Duration.ofDays(3)));
    }

    @Test
    void whatIsDoneIsNotPlannedAgain() {
        List<FollowAction> plan = FollowPlan.plan(MIAMI, options(6), Set.of("live/2024/6/Q", "live/2024/6/R", "results/2024/6/1"),
                R.plus(Duration.ofHours(5)));
        assertThat(plan).extracting(FollowAction::id).containsExactly("results/2024/6/2", "results/2024/6/3");
    }

    @Test
    void aSessionMissedLiveIsReplayedFromTheArchiveAndOverdueFetchesCollapseIntoTheLatest() {
        // pitwall was down from before qualifying until two days after the race
        Instant now = R.plus(Duration.ofDays(2));
        List<FollowAction> plan = FollowPlan.plan(MIAMI, options(6), Set.of(), now);
        assertThat(plan).extracting(FollowAction::id).containsExactly("archive/2024/6/Q", "archive/2024/6/R", "results/2024/6/2",
                "results/2024/6/3");
        assertThat(plan.get(0).due()).isEqualTo(Q.plus(Duration.ofMinutes(90)));
    }

    @Test
    void aSessionRunningLateIsStillJoinedLiveWithinTheGrace() {
        List<FollowAction> plan = FollowPlan.plan(MIAMI, options(6), Set.of("live/2024/6/Q"), R.plus(Duration.ofMinutes(150)));
        assertThat(plan.get(0).id()).isEqualTo("live/2024/6/R");
        assertThat(plan.get(0).kind()).isEqualTo(FollowAction.Kind.LIVE);
    }

    @Test
    void longAgoOnlyTheResultsAreFetchedAndEveryRoundWithoutARoundFilter() {
        List<FollowAction> plan = FollowPlan.plan(MIAMI, options(null), Set.of(), R.plus(Duration.ofDays(60)));
        assertThat(plan).extracting(FollowAction::id).containsExactly("results/2024/6/3", "results/2024/7/3");
    }
}
