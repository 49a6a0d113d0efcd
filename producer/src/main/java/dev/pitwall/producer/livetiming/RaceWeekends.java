package dev.pitwall.producer.livetiming;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.producer.source.RaceSource;
import dev.pitwall.producer.source.SourceDocument;
import dev.pitwall.producer.source.SourceException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names a live-timing session's round the way every pitwall source does: the Jolpica schedule's race
 * whose weekend (race day -4 .. +1) holds the session's day. Each season's schedule is read once.
 */
final class RaceWeekends {
    private static final Logger LOG = LoggerFactory.getLogger(RaceWeekends.class);
    private final RaceSource schedule;
    private final Map<Integer, Map<Integer, LocalDate>> raceDates = new HashMap<>();

    RaceWeekends(RaceSource schedule) {
        this.schedule = schedule;
    }

    /** The round whose weekend holds {@code day} ({@code yyyy-MM-dd}); null when none does or the day is unreadable. */
    Integer roundOf(int season, String day) {
        if (day == null) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(day);
        } catch (DateTimeParseException e) {
            return null;
        }
        for (Map.Entry<Integer, LocalDate> race : raceDates(season).entrySet()) {
            if (!date.isBefore(race.getValue().minusDays(4)) && !date.isAfter(race.getValue().plusDays(1))) {
                return race.getKey();
            }
        }
        return null;
    }

    String location(int season) {
        return schedule.scheduleLocation(season);
    }

    private Map<Integer, LocalDate> raceDates(int season) {
        return raceDates.computeIfAbsent(season, s -> {
            SourceDocument document = schedule.schedule(s).orElseThrow(() -> new SourceException(SourceException.Kind.NOT_FOUND,
                    "no " + s + " schedule at " + schedule.scheduleLocation(s) + " to find live-timing sessions' rounds in"));
            Map<Integer, LocalDate> dates = new TreeMap<>();
            for (JsonNode race : document.body().path("MRData").path("RaceTable").path("Races")) {
                try {
                    dates.put(race.path("round").asInt(), LocalDate.parse(race.path("date").asText("")));
                } catch (DateTimeParseException e) {
                    LOG.warn("race {} of {} has no usable date; its live-timing sessions cannot be placed", race.path("round").asText(), s);
                }
            }
            return dates;
        });
    }
}
