package dev.pitwall.producer.jolpica;

import com.fasterxml.jackson.databind.JsonNode;

/** Guards against a server answering for another race than the one asked for. */
final class RaceCheck {
    private RaceCheck() {}

    static void sameRound(JsonNode race, int season, int round, String location) {
        String raceSeason = LapPages.text(race.path("season"));
        String raceRound = LapPages.text(race.path("round"));
        if (!Integer.toString(season).equals(raceSeason) || !Integer.toString(round).equals(raceRound)) {
            throw ResponseEnvelope.badShape(location, "asked for season " + season + " round " + round
                    + " but got season " + raceSeason + " round " + raceRound);
        }
    }

    /** The race's {@code field} array (its rows), once the race is checked to be the round asked for. */
    static JsonNode rows(JsonNode race, String field, int season, int round, String location) {
        sameRound(race, season, round, location);
        JsonNode rows = race.path(field);
        if (!rows.isArray()) {
            throw ResponseEnvelope.badShape(location, "race without a " + field + " array");
        }
        return rows;
    }
}
