package dev.pitwall.producer.follow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.livetiming.LocalLiveTimingArchive;
import dev.pitwall.producer.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The calendar from the recorded schedules and live-timing index. */
class SeasonCalendarTest {

    @Test
    void aSprintWeekendFromJolpicasScheduleInTimeOrder() {
        try (RawArchiveSource schedule = new RawArchiveSource(Fixtures.archive())) {
            List<CalendarSession> miami = SeasonCalendar.read(schedule, 2024, List.of()).stream().filter(s -> s.round() == 6).toList();
            assertThat(miami).extracting(CalendarSession::code).containsExactly("FP1", "SQ", "S", "Q", "R");
            assertThat(miami.get(0).start()).isEqualTo(Instant.parse("2024-05-03T16:30:00Z"));
            assertThat(miami.get(4).start()).isEqualTo(Instant.parse("2024-05-05T20:00:00Z"));
            assertThat(miami.get(4).end()).isEqualTo(Instant.parse("2024-05-05T22:00:00Z"));
            assertThat(miami).allMatch(CalendarSession::timed);
            assertThat(miami.get(4).key()).isEqualTo("2024/6/R");
        }
    }

    @Test
    void anOlderSeasonGivesPracticeDaysOnlySoOnlyTimedSessionsCanBeFollowedLive() {
        try (RawArchiveSource schedule = new RawArchiveSource(Fixtures.archive())) {
            List<CalendarSession> baku = SeasonCalendar.read(schedule, 2018, List.of()).stream().filter(s -> s.round() == 4).toList();
            assertThat(baku).extracting(CalendarSession::code).containsExactly("FP1", "FP2", "FP3", "Q", "R");
            assertThat(baku).filteredOn(CalendarSession::timed).extracting(CalendarSession::code).containsExactly("R");
            assertThat(baku.get(4).start()).isEqualTo(Instant.parse("2018-04-29T12:10:00Z"));
        }
    }

    @Test
    void theLiveTimingIndexPlacesSessionsWhereTheFeedRunsThem() {
        try (RawArchiveSource schedule = new RawArchiveSource(Fixtures.archive());
             LocalLiveTimingArchive index = new LocalLiveTimingArchive(Fixtures.archive().resolve("livetiming"))) {
            List<CalendarSession> plain = SeasonCalendar.read(schedule, 2023, List.of());
            List<CalendarSession> indexed = SeasonCalendar.read(schedule, 2023, index.sessions(2023));
            CalendarSession australiaFp1 = indexed.stream().filter(s -> s.round() == 3 && s.code().equals("FP1")).findFirst().orElseThrow();
            // Index.json: Practice 1 2023-03-31T12:30:00 at GMT+11:00
            assertThat(australiaFp1.start()).isEqualTo(Instant.parse("2023-03-31T01:30:00Z"));
            assertThat(indexed).hasSameSizeAs(plain);
            assertThat(indexed).isSortedAccordingTo(java.util.Comparator.comparing(CalendarSession::start));
        }
    }
}
