package dev.pitwall.app;

/** The recorded counts the scale-out test compares the warehouse with (JolpicaFixtures is package-private). */
public final class ScaleOutFixtures {
    private ScaleOutFixtures() {}

    public static long laps(int season, int round) {
        return JolpicaFixtures.laps(season, round).size();
    }

    public static long results(int season, int round, String session) {
        return JolpicaFixtures.results(season, round, session).size();
    }
}
