package dev.pitwall.producer.jolpica;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.producer.source.RaceSource;
import dev.pitwall.producer.source.SourceDocument;
import dev.pitwall.producer.source.SourceException;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawPitStop;
import dev.pitwall.schemas.avro.RawQualifying;
import dev.pitwall.schemas.avro.RawResult;
import dev.pitwall.schemas.avro.RawStanding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a season schedule and a race weekend's sessions from any {@link RaceSource} and builds the
 * raw records: the one place that understands Jolpica documents, whichever source delivered them.
 */
public final class WeekendReader {
    private static final Logger LOG = LoggerFactory.getLogger(WeekendReader.class);

    private final RaceSource source;
    private final Map<Integer, Map<Integer, JsonNode>> schedules = new HashMap<>();

    public WeekendReader(RaceSource source) {
        this.source = source;
    }

    /** @return the rounds of the season's schedule in order; NOT_FOUND when the schedule is empty */
    public List<Integer> rounds(int season) {
        Map<Integer, JsonNode> schedule = schedule(season);
        if (schedule.isEmpty()) {
            throw seasonNotFound(season);
        }
        return List.copyOf(schedule.keySet());
    }

    /**
     * The sessions of one weekend that have records, in the order they were run (qualifying and sprint
     * as the schedule orders them, qualifying first when it does not say), the race last. The race
     * carries its pit stops and the standings after the round.
     *
     * <p>Qualifying is asked for only when the round has race or sprint results, pit stops and standings
     * only when it has race results: a scheduled round not run yet costs one request, not five. A
     * source without one of these documents (an archive of an old season) contributes no records for
     * it; that is not an error.
     *
     * @param required when true, a round without any results is NOT_FOUND; otherwise it yields no sessions
     *     (a scheduled round that has not been run yet)
     */
    public List<SessionRecords> weekend(int season, int round, boolean required) {
        Map<Integer, JsonNode> schedule = schedule(season);
        JsonNode scheduled = schedule.get(round);
        Optional<ResultRows> race = resultRows(source.results(season, round), season, round, "Results");
        if (scheduled == null && race.isEmpty()) {
            if (schedule.isEmpty()) {
                throw seasonNotFound(season);
            }
            throw new SourceException(SourceException.Kind.NOT_FOUND, "season " + season + " round " + round
                    + " not found at " + source.scheduleLocation(season) + " (the schedule has rounds " + schedule.keySet() + ")");
        }
        List<SessionRecords> sessions = new ArrayList<>();
        boolean sprintWeekend = scheduled == null || scheduled.has("Sprint") || source.probesFreely();
        if (sprintWeekend) {
            resultRows(source.sprint(season, round), season, round, "SprintResults")
                    .ifPresent(sprint -> sessions.add(new SessionRecords(season, round, SessionRecords.SPRINT,
                            results(sprint, season, round, SessionRecords.SPRINT), List.of())));
        }
        if (race.isPresent() || !sessions.isEmpty()) {
            resultRows(source.qualifying(season, round), season, round, "QualifyingResults").ifPresent(rows -> {
                SessionRecords qualifying = new SessionRecords(season, round, SessionRecords.QUALIFYING, List.of(), List.of(),
                        qualifying(rows, season, round), List.of(), List.of(), List.of());
                sessions.add(qualifyingFirst(scheduled) ? 0 : sessions.size(), qualifying);
            });
        }
        if (race.isPresent()) {
            List<RawLap> laps = new ArrayList<>();
            for (LapTiming timing : LapPages.merge(season, round, source.lapPages(season, round))) {
                laps.add(new RawLap(source.name(), season, round, SessionRecords.RACE,
                        timing.driverId(), timing.lap(), timing.position(), timing.time()));
            }
            sessions.add(new SessionRecords(season, round, SessionRecords.RACE,
                    results(race.get(), season, round, SessionRecords.RACE), laps, List.of(),
                    pitStops(season, round, race.get().race()),
                    standings(source.driverStandings(season, round), season, round, "DriverStandings", "driver"),
                    standings(source.constructorStandings(season, round), season, round, "ConstructorStandings", "constructor")));
        }
        if (sessions.isEmpty() && required) {
            throw new SourceException(SourceException.Kind.NOT_FOUND, "season " + season + " round " + round + " ("
                    + LapPages.text(scheduled.path("raceName")) + ") has no results yet in " + source.name());
        }
        return sessions;
    }

    private List<RawResult> results(ResultRows rows, int season, int round, String session) {
        JsonNode race = rows.race();
        String raceName = LapPages.text(race.path("raceName"));
        String circuitId = LapPages.text(race.path("Circuit").path("circuitId"));
        String raceDate = LapPages.text(race.path("date"));
        List<RawResult> results = new ArrayList<>(rows.rows().size());
        for (JsonNode row : rows.rows()) {
            String driverId = LapPages.text(row.path("Driver").path("driverId"));
            results.add(new RawResult(source.name(), season, round, session, driverId, raceName, circuitId, raceDate,
                    SourceDocument.toCompactJson(row)));
        }
        return results;
    }

    private List<RawQualifying> qualifying(ResultRows rows, int season, int round) {
        JsonNode race = rows.race();
        String raceName = LapPages.text(race.path("raceName"));
        String circuitId = LapPages.text(race.path("Circuit").path("circuitId"));
        String raceDate = LapPages.text(race.path("date"));
        List<RawQualifying> qualifying = new ArrayList<>(rows.rows().size());
        for (JsonNode row : rows.rows()) {
            qualifying.add(new RawQualifying(source.name(), season, round, SessionRecords.QUALIFYING,
                    LapPages.text(row.path("Driver").path("driverId")), raceName, circuitId, raceDate, SourceDocument.toCompactJson(row)));
        }
        return qualifying;
    }

    /** @param resultsRace the race object of the results answer: date and time when the pit stop answer lacks them */
    private List<RawPitStop> pitStops(int season, int round, JsonNode resultsRace) {
        PitStopPages.Stops stops = PitStopPages.merge(season, round, source.pitStopPages(season, round));
        JsonNode race = stops.race() == null ? resultsRace : stops.race();
        String raceDate = either(LapPages.text(race.path("date")), LapPages.text(resultsRace.path("date")));
        String raceTime = either(LapPages.text(race.path("time")), LapPages.text(resultsRace.path("time")));
        List<RawPitStop> pitStops = new ArrayList<>(stops.stops().size());
        for (JsonNode stop : stops.stops()) {
            pitStops.add(new RawPitStop(source.name(), season, round, SessionRecords.RACE, LapPages.text(stop.path("driverId")),
                    raceDate, raceTime, SourceDocument.toCompactJson(stop)));
        }
        return pitStops;
    }

    /** Rows of a standings answer; none when the source has no such document or an empty one. */
    private List<RawStanding> standings(Optional<SourceDocument> document, int season, int round, String rowsField, String kind) {
        if (document.isEmpty()) {
            return List.of();
        }
        ResponseEnvelope envelope = ResponseEnvelope.ofStandings(document.get());
        if (envelope.races().isEmpty()) {
            envelope.checkPageRows(0, rowsField);
            return List.of();
        }
        if (envelope.races().size() > 1) {
            throw ResponseEnvelope.badShape(envelope.location(), envelope.races().size() + " standings lists where one was expected");
        }
        JsonNode list = envelope.races().get(0);
        RaceCheck.sameRound(list, season, round, envelope.location());
        JsonNode rows = list.path(rowsField);
        if (!rows.isArray()) {
            throw ResponseEnvelope.badShape(envelope.location(), "standings list without a " + rowsField + " array");
        }
        if (!envelope.checkPageRows(rows.size(), rowsField)) {
            LOG.warn("{} holds {} of {} {} (limit {}): replaying the rows it has", envelope.location(), rows.size(),
                    envelope.total(), rowsField, envelope.limit());
        }
        List<RawStanding> standings = new ArrayList<>(rows.size());
        for (JsonNode row : rows) {
            String entityId = kind.equals("driver")
                    ? LapPages.text(row.path("Driver").path("driverId"))
                    : LapPages.text(row.path("Constructor").path("constructorId"));
            standings.add(new RawStanding(source.name(), season, round, SessionRecords.RACE, kind, entityId, SourceDocument.toCompactJson(row)));
        }
        return standings;
    }

    /** Whether qualifying ran before the sprint: the schedule's start times say so; without them it is assumed. */
    private static boolean qualifyingFirst(JsonNode scheduled) {
        if (scheduled == null || !scheduled.has("Sprint") || !scheduled.has("Qualifying")) {
            return true;
        }
        String sprint = start(scheduled.path("Sprint"));
        String qualifying = start(scheduled.path("Qualifying"));
        return sprint == null || qualifying == null || qualifying.compareTo(sprint) <= 0;
    }

    private static String either(String first, String second) {
        return first != null ? first : second;
    }

    private static String start(JsonNode session) {
        String date = LapPages.text(session.path("date"));
        return date == null ? null : date + "T" + Objects.requireNonNullElse(LapPages.text(session.path("time")), "");
    }

    private Map<Integer, JsonNode> schedule(int season) {
        return schedules.computeIfAbsent(season, s -> source.schedule(s).map(document -> parseSchedule(document, s)).orElse(Map.of()));
    }

    private static Map<Integer, JsonNode> parseSchedule(SourceDocument document, int season) {
        ResponseEnvelope envelope = ResponseEnvelope.of(document);
        Map<Integer, JsonNode> rounds = new TreeMap<>();
        for (JsonNode race : envelope.races()) {
            String round = LapPages.text(race.path("round"));
            if (round == null || !round.matches("\\d{1,3}") || !Integer.toString(season).equals(LapPages.text(race.path("season")))) {
                throw ResponseEnvelope.badShape(document.location(), "a race of the schedule has no season " + season + " or round number");
            }
            rounds.put(Integer.parseInt(round), race);
        }
        if (!envelope.checkPageRows(envelope.races().size(), "races")) {
            throw ResponseEnvelope.badShape(document.location(), "the schedule is cut at " + envelope.races().size()
                    + " of " + envelope.total() + " races");
        }
        return rounds;
    }

    /** The race object of a results-style answer and its rows; empty when the source has none. */
    private static Optional<ResultRows> resultRows(Optional<SourceDocument> document, int season, int round, String rowsField) {
        if (document.isEmpty()) {
            return Optional.empty();
        }
        ResponseEnvelope envelope = ResponseEnvelope.of(document.get());
        if (envelope.races().isEmpty()) {
            envelope.checkPageRows(0, rowsField);
            return Optional.empty();
        }
        if (envelope.races().size() > 1) {
            throw ResponseEnvelope.badShape(envelope.location(), envelope.races().size() + " races where one was expected");
        }
        JsonNode race = envelope.races().get(0);
        JsonNode rows = RaceCheck.rows(race, rowsField, season, round, envelope.location());
        List<JsonNode> list = new ArrayList<>();
        rows.forEach(list::add);
        if (!envelope.checkPageRows(list.size(), rowsField)) {
            // Old recordings were made with Jolpica's default limit of 30; replaying them keeps what was recorded.
            LOG.warn("{} holds {} of {} {} (limit {}): replaying the rows it has", envelope.location(), list.size(),
                    envelope.total(), rowsField, envelope.limit());
        }
        return list.isEmpty() ? Optional.empty() : Optional.of(new ResultRows(race, list));
    }

    private record ResultRows(JsonNode race, List<JsonNode> rows) {}

    private SourceException seasonNotFound(int season) {
        return new SourceException(SourceException.Kind.NOT_FOUND, "season " + season + " not found at " + source.scheduleLocation(season));
    }
}
