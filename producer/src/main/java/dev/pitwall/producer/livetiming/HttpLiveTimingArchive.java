package dev.pitwall.producer.livetiming;

import dev.pitwall.producer.http.ClientSettings;
import dev.pitwall.producer.http.RequestPacer;
import dev.pitwall.producer.http.RequestTries;
import dev.pitwall.producer.source.SourceException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The static archive over HTTP ({@code https://livetiming.formula1.com/static} by default), paced like
 * Jolpica (its CDN is the same kind of shared resource; FastF1 keeps to 4/s and 500/h). Every file
 * fetched is kept under {@code keep} in the archive's own layout, and a session's streams already kept
 * are read from there: a replay that stopped half way does not fetch them again. The year's
 * Index.json is always fetched afresh, since it grows as the season runs.
 */
public final class HttpLiveTimingArchive implements LiveTimingArchive {
    private static final Logger LOG = LoggerFactory.getLogger(HttpLiveTimingArchive.class);
    public static final URI DEFAULT_BASE = URI.create("https://livetiming.formula1.com/static");

    private final URI base;
    private final ClientSettings settings;
    private final Path keep;
    private final HttpClient http;
    private final RequestPacer pacer;
    private final LocalLiveTimingArchive kept;

    /** @param keep the data dir's {@code archive/livetiming}, where every fetched file is kept */
    public HttpLiveTimingArchive(URI base, ClientSettings settings, Path keep) {
        this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
        this.settings = settings;
        this.keep = keep;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.pacer = new RequestPacer(settings.rateLimit());
        this.kept = new LocalLiveTimingArchive(keep);
    }

    @Override
    public List<ArchivedSession> sessions(int year) {
        String path = year + "/Index.json";
        Optional<String> index = fetch(path);
        if (index.isEmpty()) {
            return List.of();
        }
        try {
            return ArchiveIndex.sessions(year, ArchiveIndex.parse(index.get()));
        } catch (IOException e) {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE, "invalid JSON in " + base.resolve(path) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> topics(ArchivedSession session) {
        String path = session.path() + "Index.json";
        Optional<String> index = keptOr(path);
        if (index.isEmpty()) {
            return DEFAULT_TOPICS;
        }
        try {
            List<String> feeds = ArchiveIndex.feeds(ArchiveIndex.parse(index.get()));
            return feeds.isEmpty() ? DEFAULT_TOPICS : feeds;
        } catch (IOException e) {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE, "invalid JSON in " + base.resolve(path) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> stream(ArchivedSession session, String topic) {
        Optional<String> local = kept.stream(session, topic);
        return local.isPresent() ? local : fetch(session.path() + topic + ".jsonStream");
    }

    @Override
    public String location() {
        return base.toString();
    }

    private Optional<String> keptOr(String path) {
        Path file = keep.resolve(path);
        if (Files.isRegularFile(file)) {
            try {
                return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                LOG.warn("cannot read kept {}: {}; fetching it again", file, e.getMessage());
            }
        }
        return fetch(path);
    }

    /** GET {@code base + path}; a 403/404 means the archive has no such file (F1 answers 403 for missing keys). */
    private Optional<String> fetch(String path) {
        URI uri = base.resolve(path.replace(" ", "%20"));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
                .header("User-Agent", "pitwall/0.1").GET().build();
        RequestTries tries = new RequestTries(uri, settings, pacer, LOG);
        while (true) {
            try {
                pacer.acquire();
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status == 404 || status == 403) {
                    return Optional.empty();
                }
                if (status < 200 || status >= 300) {
                    tries.unexpected(response);
                    continue;
                }
                keepCopy(path, response.body());
                return Optional.of(new String(response.body(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                tries.failed(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException(SourceException.Kind.UNREACHABLE, "interrupted while fetching " + uri, e);
            }
        }
    }

    private void keepCopy(String path, byte[] body) throws IOException {
        Path file = keep.resolve(path);
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".fetch", ".tmp");
        Files.write(tmp, body);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
