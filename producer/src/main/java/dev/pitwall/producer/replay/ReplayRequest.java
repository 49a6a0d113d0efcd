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
 */
public record ReplayRequest(int season, Integer round, URI jolpicaUrl, Path archiveDir, Path archiveWriteDir) {
    public ReplayRequest {
        if (jolpicaUrl == null) {
            jolpicaUrl = JolpicaHttpSource.DEFAULT_BASE_URL;
        }
    }
}
