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
}
