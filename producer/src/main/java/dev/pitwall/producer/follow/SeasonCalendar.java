package dev.pitwall.producer.follow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.producer.livetiming.ArchivedSession;
import dev.pitwall.producer.openf1.SessionResolver;
import dev.pitwall.producer.source.RaceSource;
import dev.pitwall.producer.source.SourceDocument;
import dev.pitwall.producer.source.SourceException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A season's sessions in time order: Jolpica's schedule ({@code races.json}: the race and, where it has
 * them, each practice, qualifying and sprint with date and time), with the start of each session the F1
 * live-timing index ({@code <year>/Index.json}) lists put in its place, since the index is what the feed
 * itself runs by.
 */
public final class SeasonCalendar {
    private static final Map<String, String> SCHEDULE_FIELDS = new LinkedHashMap<>();

    static {
        SCHEDULE_FIELDS.put("FirstPractice", "FP1");
        SCHEDULE_FIELDS.put("SecondPractice", "FP2");
        SCHEDULE_FIELDS.put("ThirdPractice", "FP3");
        SCHEDULE_FIELDS.put("SprintQualifying", "SQ");
        SCHEDULE_FIELDS.put("SprintShootout", "SQ");
        SCHEDULE_FIELDS.put("Sprint", "S");
        SCHEDULE_FIELDS.put("Qualifying", "Q");
    }

    private SeasonCalendar() {}

    /**
     * @param index the live-timing index's sessions of the season (empty when there is none, e.g. before the season)
     * @throws SourceException when the schedule cannot be read
     */
    public static List<CalendarSession> read(RaceSource schedule, int season, List<ArchivedSession> index) {
        SourceDocument document = schedule.schedule(season).orElseThrow(() -> new SourceException(SourceException.Kind.NOT_FOUND,
                "no " + season + " schedule at " + schedule.scheduleLocation(season)));
        List<CalendarSession> out = new ArrayList<>();
        for (JsonNode race : document.body().path("MRData").path("RaceTable").path("Races")) {
            int round = race.path("round").asInt();
            String name = race.path("raceName").asText("");
            for (Map.Entry<String, String> field : SCHEDULE_FIELDS.entrySet()) {
                if (race.has(field.getKey())) {
                    session(season, round, name, field.getValue(), race.path(field.getKey())).ifPresent(out::add);
                }
            }
            session(season, round, name, "R", race).ifPresent(out::add);
        }
        List<CalendarSession> placed = out.stream().map(s -> place(s, index)).toList();
        return placed.stream().sorted(Comparator.comparing(CalendarSession::start).thenComparing(CalendarSession::round)).toList();
    }

    private static Optional<CalendarSession> session(int season, int round, String raceName, String code, JsonNode when) {
        LocalDate day;
        try {
            day = LocalDate.parse(when.path("date").asText(""));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        String time = when.path("time").asText("");
        Instant start;
        boolean timed = !time.isEmpty();
        try {
            start = timed ? Instant.parse(day + "T" + (time.endsWith("Z") ? time : time + "Z")) : day.atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            timed = false;
        }
        // a day without a time: the session is over by the end of that day
        Instant end = timed ? start.plus(CalendarSession.usualLength(code)) : start.plus(Duration.ofDays(1));
        return Optional.of(new CalendarSession(season, round, raceName, code, start, end, timed));
    }

    /** The index's start for the same session (same code, within a day of the schedule's), its end kept as long. */
    private static CalendarSession place(CalendarSession s, List<ArchivedSession> index) {
        for (ArchivedSession listed : index) {
            if (listed.startUtc() == null) {
                continue;
            }
            Optional<String> code = SessionResolver.sessionCode(listed.name(), listed.type());
            if (code.isPresent() && code.get().equals(s.code())
                    && Duration.between(s.start(), listed.startUtc()).abs().compareTo(Duration.ofHours(30)) < 0) {
                Instant start = listed.startUtc();
                return new CalendarSession(s.season(), s.round(), s.raceName(), s.code(), start,
                        start.plus(CalendarSession.usualLength(s.code())), true);
            }
        }
        return s;
    }
}
