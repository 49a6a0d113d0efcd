package dev.pitwall.producer.openf1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.producer.source.RaceSource;
import dev.pitwall.producer.source.SourceDocument;
import dev.pitwall.producer.source.SourceException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Names an OpenF1 session the pitwall way. OpenF1 numbers meetings and sessions its own way; pitwall
 * keys everything by Jolpica's {@code season/round}. The round is the one of the season's Jolpica
 * schedule whose race weekend (race date minus 4 days up to plus 1 day) contains the session's
 * start date; the session code comes from OpenF1's session name (falling back to its type).
 */
public final class SessionResolver {
    static final int DAYS_BEFORE_RACE = 4;
    static final int DAYS_AFTER_RACE = 1;

    private final RaceSource schedule;
    private final Map<Integer, Map<Integer, LocalDate>> raceDates = new HashMap<>();

    /** @param schedule where the Jolpica season schedules come from (HTTP or a raw archive) */
    public SessionResolver(RaceSource schedule) {
        this.schedule = schedule;
    }

    /** @throws SourceException NOT_FOUND (one line) when no round or no session code fits */
    public ResolvedSession resolve(OpenF1Session session) {
        String code = sessionCode(session.sessionName(), session.sessionType()).orElseThrow(() -> new SourceException(
                SourceException.Kind.NOT_FOUND, "OpenF1 session " + session.sessionKey() + " is a \"" + session.sessionName()
                + "\" (" + session.sessionType() + "), which pitwall has no session code for"));
        if (session.dateStart() == null) {
            throw new SourceException(SourceException.Kind.NOT_FOUND, "OpenF1 session " + session.sessionKey() + " has no date_start to find its round by");
        }
        LocalDate day = session.dateStart().atOffset(ZoneOffset.UTC).toLocalDate();
        Map<Integer, LocalDate> rounds = raceDates(session.year());
        for (Map.Entry<Integer, LocalDate> round : rounds.entrySet()) {
            LocalDate race = round.getValue();
            if (!day.isBefore(race.minusDays(DAYS_BEFORE_RACE)) && !day.isAfter(race.plusDays(DAYS_AFTER_RACE))) {
                return new ResolvedSession(session, session.year(), round.getKey(), code);
            }
        }
        throw new SourceException(SourceException.Kind.NOT_FOUND, "OpenF1 session " + session.sessionKey() + " (" + session.sessionName()
                + " on " + day + ") falls in no race weekend of the " + session.year() + " schedule at " + schedule.scheduleLocation(session.year()));
    }

    /** Race -> R, Sprint -> S, Qualifying -> Q, Sprint Qualifying / Sprint Shootout -> SQ, Practice 1..3 -> FP1..FP3. */
    public static Optional<String> sessionCode(String sessionName, String sessionType) {
        Optional<String> byName = code(sessionName);
        return byName.isPresent() ? byName : code(sessionType);
    }

    private static Optional<String> code(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String name = text.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        return Optional.ofNullable(switch (name) {
            case "race" -> "R";
            case "sprint", "sprint race" -> "S";
            case "qualifying" -> "Q";
            case "sprint qualifying", "sprint shootout" -> "SQ";
            case "practice 1", "first practice" -> "FP1";
            case "practice 2", "second practice" -> "FP2";
            case "practice 3", "third practice" -> "FP3";
            default -> null;
        });
    }

    private Map<Integer, LocalDate> raceDates(int season) {
        return raceDates.computeIfAbsent(season, s -> {
            SourceDocument document = schedule.schedule(s).orElseThrow(() -> new SourceException(SourceException.Kind.NOT_FOUND,
                    "no " + s + " schedule at " + schedule.scheduleLocation(s) + " to find OpenF1 sessions' rounds in"));
            Map<Integer, LocalDate> dates = new TreeMap<>();
            for (JsonNode race : document.body().path("MRData").path("RaceTable").path("Races")) {
                String round = race.path("round").asText("");
                String date = race.path("date").asText("");
                try {
                    if (round.matches("\\d{1,3}")) {
                        dates.put(Integer.parseInt(round), LocalDate.parse(date));
                    }
                } catch (DateTimeParseException e) {
                    throw new SourceException(SourceException.Kind.BAD_RESPONSE, "round " + round + " of " + document.location() + " has no readable date");
                }
            }
            if (dates.isEmpty()) {
                throw new SourceException(SourceException.Kind.NOT_FOUND, "the " + s + " schedule at " + document.location() + " has no races");
            }
            return dates;
        });
    }
}
