package dev.pitwall.producer.archive;

import java.nio.file.Path;

/**
 * File paths of the raw archive (DESIGN §7): {@code <archive>/jolpica/<season>/<round>/<endpoint>.json},
 * lap pages {@code laps_page_NNN.json}. The endpoint file names are those of {@code shared/fixtures}:
 * {@code results}, {@code sprint}, {@code qualifying}, {@code pitstops}, {@code driverStandings},
 * {@code constructorStandings}. Pit stops are paged like laps; their first page is {@code pitstops.json}
 * (a race rarely has more than 100 stops) and further pages are {@code pitstops_page_NNN.json}.
 */
public final class ArchiveLayout {
    public static final String RESULTS = "results";
    public static final String SPRINT = "sprint";
    public static final String QUALIFYING = "qualifying";
    public static final String PITSTOPS = "pitstops";
    public static final String DRIVER_STANDINGS = "driverStandings";
    public static final String CONSTRUCTOR_STANDINGS = "constructorStandings";

    private ArchiveLayout() {}

    public static Path season(Path archive, int season) {
        return archive.resolve("jolpica").resolve(Integer.toString(season));
    }

    public static Path schedule(Path archive, int season) {
        return season(archive, season).resolve("races.json");
    }

    /** {@code endpoint} without extension, e.g. {@code results} or {@code sprint}. */
    public static Path endpoint(Path archive, int season, int round, String endpoint) {
        return season(archive, season).resolve(Integer.toString(round)).resolve(endpoint + ".json");
    }

    public static Path lapPage(Path archive, int season, int round, int pageIndex) {
        return season(archive, season).resolve(Integer.toString(round)).resolve(String.format("laps_page_%03d.json", pageIndex));
    }

    /** Page 0 is {@code pitstops.json}, page n &gt; 0 is {@code pitstops_page_00n.json}. */
    public static Path pitStopPage(Path archive, int season, int round, int pageIndex) {
        return pageIndex == 0
                ? endpoint(archive, season, round, PITSTOPS)
                : season(archive, season).resolve(Integer.toString(round)).resolve(String.format("pitstops_page_%03d.json", pageIndex));
    }
}
