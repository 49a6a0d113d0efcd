package dev.pitwall.producer.replay;

import dev.pitwall.producer.jolpica.JolpicaHttpSource;
import java.net.URI;
import java.nio.file.Path;

/**
 * What to replay and from where.
 *
 * @param round one round, or null for every round of the season schedule
 * @param jolpicaUrl base URL of the Jolpica API; null means {@link JolpicaHttpSource#DEFAULT_BASE_URL}
 * @param archiveDir a raw archive tree (DESIGN §7) to read instead of the network, or null
 * @param archiveWriteDir where every fetched response body is kept in the archive layout, or null
 * @param speed null to send as fast as possible; otherwise a race's laps go out on their real timeline,
 *     this many times faster than on the day (1 = real time)
 * @param refresh fetch everything from the API even where {@code archiveWriteDir} already keeps it
 */
public record ReplayRequest(int season, Integer round, URI jolpicaUrl, Path archiveDir, Path archiveWriteDir, Double speed,
        boolean refresh) {
    public ReplayRequest {
        if (jolpicaUrl == null) {
            jolpicaUrl = JolpicaHttpSource.DEFAULT_BASE_URL;
        }
        if (speed != null && !(speed > 0 && Double.isFinite(speed))) {
            throw new IllegalArgumentException("speed must be a positive factor, was " + speed);
        }
    }

    /** Served from what {@code archiveWriteDir} already keeps where it can. */
    public ReplayRequest(int season, Integer round, URI jolpicaUrl, Path archiveDir, Path archiveWriteDir, Double speed) {
        this(season, round, jolpicaUrl, archiveDir, archiveWriteDir, speed, false);
    }

    /** As fast as possible. */
    public ReplayRequest(int season, Integer round, URI jolpicaUrl, Path archiveDir, Path archiveWriteDir) {
        this(season, round, jolpicaUrl, archiveDir, archiveWriteDir, null);
    }

    /** The checkpoint key of this replay: {@code jolpica/<season>} or {@code jolpica/<season>/<round>}. */
    public String job() {
        return "jolpica/" + season + (round == null ? "" : "/" + round);
    }
}
