package dev.pitwall.producer.jolpica;

import dev.pitwall.producer.archive.ArchiveLayout;
import dev.pitwall.producer.archive.RawArchiveWriter;
import dev.pitwall.producer.http.ClientSettings;
import dev.pitwall.producer.source.RaceSource;
import dev.pitwall.producer.source.SourceDocument;
import dev.pitwall.producer.source.SourceException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Fetches documents from the Jolpica API (or anything that answers like it) and, when asked, keeps
 * every response body in a raw archive tree. Every request goes through the one {@link JolpicaClient},
 * so all endpoints share its pacing, retries and {@code Retry-After} handling.
 */
public final class JolpicaHttpSource implements RaceSource {
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.jolpi.ca/ergast/f1");
    /** Jolpica serves at most 100 rows a page. */
    static final int PAGE_LIMIT = 100;
    // A race has a few thousand timing rows at most; a server that keeps paging is broken.
    private static final int MAX_PAGES = 200;

    private final String base;
    private final JolpicaClient client;
    private final RawArchiveWriter archive;

    /** @param archiveWriteDir where response bodies are kept, or null */
    public JolpicaHttpSource(URI baseUrl, Path archiveWriteDir, JolpicaClient client) {
        String url = baseUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.client = client;
        this.archive = archiveWriteDir == null ? null : new RawArchiveWriter(archiveWriteDir);
    }

    public JolpicaHttpSource(URI baseUrl, Path archiveWriteDir) {
        this(baseUrl, archiveWriteDir, new JolpicaClient(ClientSettings.jolpica()));
    }

    @Override
    public String name() {
        return "jolpica";
    }

    @Override
    public String scheduleLocation(int season) {
        return base + "/" + season + "/races.json?limit=" + PAGE_LIMIT;
    }

    @Override
    public Optional<SourceDocument> schedule(int season) {
        String url = scheduleLocation(season);
        JolpicaClient.Response response = client.fetch(URI.create(url));
        if (archive != null) {
            archive.schedule(season, response.body());
        }
        return Optional.of(response.document());
    }

    @Override
    public Optional<SourceDocument> results(int season, int round) {
        return Optional.of(endpoint(season, round, "results", ArchiveLayout.RESULTS));
    }

    @Override
    public Optional<SourceDocument> sprint(int season, int round) {
        return Optional.of(endpoint(season, round, "sprint", ArchiveLayout.SPRINT));
    }

    @Override
    public List<SourceDocument> lapPages(int season, int round) {
        return pages(season, round, "laps", archive == null ? null : (index, body) -> archive.lapPage(season, round, index, body));
    }

    @Override
    public Optional<SourceDocument> qualifying(int season, int round) {
        return Optional.of(endpoint(season, round, "qualifying", ArchiveLayout.QUALIFYING));
    }

    @Override
    public List<SourceDocument> pitStopPages(int season, int round) {
        return pages(season, round, "pitstops", archive == null ? null : (index, body) -> archive.pitStopPage(season, round, index, body));
    }

    @Override
    public Optional<SourceDocument> driverStandings(int season, int round) {
        return Optional.of(endpoint(season, round, "driverstandings", ArchiveLayout.DRIVER_STANDINGS));
    }

    @Override
    public Optional<SourceDocument> constructorStandings(int season, int round) {
        return Optional.of(endpoint(season, round, "constructorstandings", ArchiveLayout.CONSTRUCTOR_STANDINGS));
    }

    /** Fetches {@code limit}-sized pages until {@code MRData.total} is reached, keeping each one. */
    private List<SourceDocument> pages(int season, int round, String endpoint, BiConsumer<Integer, byte[]> keep) {
        List<SourceDocument> pages = new ArrayList<>();
        int offset = 0;
        while (true) {
            String url = base + "/" + season + "/" + round + "/" + endpoint + ".json?limit=" + PAGE_LIMIT + "&offset=" + offset;
            JolpicaClient.Response response = client.fetch(URI.create(url));
            SourceDocument page = response.document();
            if (keep != null) {
                keep.accept(pages.size(), response.body());
            }
            pages.add(page);
            ResponseEnvelope envelope = ResponseEnvelope.of(page);
            int next = offset + envelope.limit();
            if (envelope.limit() <= 0 || next >= envelope.total()) {
                return pages;
            }
            if (pages.size() >= MAX_PAGES) {
                throw new SourceException(SourceException.Kind.BAD_RESPONSE,
                        "more than " + MAX_PAGES + " " + endpoint + " pages for season " + season + " round " + round + " at " + url);
            }
            offset = next;
        }
    }

    @Override
    public boolean probesFreely() {
        return false;
    }

    @Override
    public void close() {}

    /**
     * @param endpoint the API path segment, e.g. {@code driverstandings}
     * @param archiveName the archive file name (DESIGN §7), e.g. {@code driverStandings}
     */
    private SourceDocument endpoint(int season, int round, String endpoint, String archiveName) {
        String url = base + "/" + season + "/" + round + "/" + endpoint + ".json?limit=" + PAGE_LIMIT;
        JolpicaClient.Response response = client.fetch(URI.create(url));
        if (archive != null) {
            archive.endpoint(season, round, archiveName, response.body());
        }
        return response.document();
    }
}
