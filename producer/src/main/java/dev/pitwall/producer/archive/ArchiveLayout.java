package dev.pitwall.producer.archive;

import java.nio.file.Path;

/** File paths of the raw archive (DESIGN §7): {@code <archive>/jolpica/<season>/<round>/<endpoint>.json}. */
public final class ArchiveLayout {
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
}
