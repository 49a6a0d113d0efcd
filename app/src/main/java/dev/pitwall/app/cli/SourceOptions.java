package dev.pitwall.app.cli;

import dev.pitwall.producer.archive.ArchiveFirstSource;
import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.http.ClientSettings;
import dev.pitwall.producer.http.RateLimit;
import dev.pitwall.producer.jolpica.JolpicaClient;
import dev.pitwall.producer.jolpica.JolpicaHttpSource;
import dev.pitwall.producer.livetiming.HttpLiveTimingArchive;
import dev.pitwall.producer.livetiming.LiveTimingArchive;
import dev.pitwall.producer.livetiming.LocalLiveTimingArchive;
import dev.pitwall.producer.openf1.OpenF1Auth;
import dev.pitwall.producer.openf1.OpenF1Client;
import dev.pitwall.producer.source.RaceSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where the producer's data comes from, shared by {@code replay} and {@code live}: the two APIs, their
 * rate limits, and a raw archive tree to read instead.
 */
public final class SourceOptions {
    @Option(names = "--archive", paramLabel = "DIR",
            description = "Read from a raw archive tree (<DIR>/jolpica/..., <DIR>/openf1/...) instead of the APIs, e.g. ../shared/fixtures.")
    Path archive;

    @Option(names = "--jolpica-url", paramLabel = "URL", defaultValue = "${env:PITWALL_JOLPICA_URL:-https://api.jolpi.ca/ergast/f1}",
            description = "Base URL of a Jolpica/Ergast-compatible API (default: ${DEFAULT-VALUE}; env PITWALL_JOLPICA_URL).")
    URI jolpicaUrl;

    @Option(names = "--openf1-url", paramLabel = "URL", defaultValue = "${env:PITWALL_OPENF1_URL:-https://api.openf1.org/v1}",
            description = "Base URL of the OpenF1 API (default: ${DEFAULT-VALUE}; env PITWALL_OPENF1_URL).")
    URI openF1Url;

    @Option(names = "--livetiming-url", paramLabel = "URL", defaultValue = "${env:PITWALL_LIVETIMING_URL:-https://livetiming.formula1.com/static}",
            description = "Base URL of F1's static live-timing archive (default: ${DEFAULT-VALUE}; env PITWALL_LIVETIMING_URL).")
    URI liveTimingUrl;

    @Option(names = "--livetiming-rate-limit", paramLabel = "N/PERIOD[+N/PERIOD]", defaultValue = "4/1s+500/1h",
            description = "Requests allowed to the live-timing archive (default: ${DEFAULT-VALUE}, FastF1's own limits); unlimited for a local server.")
    String liveTimingRateLimit;

    @Option(names = "--jolpica-rate-limit", paramLabel = "N/PERIOD[+N/PERIOD]", defaultValue = "4/1s+500/1h",
            description = "Requests allowed to Jolpica (default: ${DEFAULT-VALUE}, the published limits); unlimited for a local server.")
    String jolpicaRateLimit;

    @Option(names = "--openf1-rate-limit", paramLabel = "N/PERIOD[+N/PERIOD]", defaultValue = "30/10s",
            description = "Requests allowed to OpenF1 (default: ${DEFAULT-VALUE}, the published limit); unlimited for a local server.")
    String openF1RateLimit;

    private RateLimit jolpicaLimit;
    private RateLimit openF1Limit;
    private RateLimit liveTimingLimit;

    /** Checks every option, failing the command line with one line naming the first bad one. */
    void validate(CommandLine cl) {
        checkUrl(cl, "--jolpica-url", jolpicaUrl);
        checkUrl(cl, "--openf1-url", openF1Url);
        jolpicaLimit = rateLimit(cl, "--jolpica-rate-limit", jolpicaRateLimit);
        openF1Limit = rateLimit(cl, "--openf1-rate-limit", openF1RateLimit);
        checkUrl(cl, "--livetiming-url", liveTimingUrl);
        liveTimingLimit = rateLimit(cl, "--livetiming-rate-limit", liveTimingRateLimit);
        if (archive != null && !Files.isDirectory(archive)) {
            throw new CommandLine.ParameterException(cl, "--archive " + archive + " is not a directory");
        }
    }

    /** The archive tree, absolute, or null when reading from the APIs. */
    Path archive() {
        return archive == null ? null : archive.toAbsolutePath().normalize();
    }

    URI jolpicaUrl() {
        return jolpicaUrl;
    }

    URI openF1Url() {
        return openF1Url;
    }

    /**
     * F1's static live-timing archive: {@code <archive>/livetiming} when --archive is given (no network), else
     * --livetiming-url through {@code <data-dir>/archive/livetiming}, which keeps every file in the archive's layout.
     */
    LiveTimingArchive liveTiming(Path dataDir) {
        if (archive != null) {
            return new LocalLiveTimingArchive(archive().resolve("livetiming"));
        }
        return new HttpLiveTimingArchive(liveTimingUrl, ClientSettings.jolpica().withRateLimit(liveTimingLimit),
                dataDir.resolve("archive").resolve("livetiming"));
    }

    ClientSettings jolpicaSettings() {
        return ClientSettings.jolpica().withRateLimit(jolpicaLimit);
    }

    /** An OpenF1 client with the credentials of {@code environment}; a half-set account is a bad setting. */
    OpenF1Client openF1Client(Map<String, String> environment) {
        OpenF1Auth auth;
        try {
            auth = OpenF1Auth.fromEnvironment(environment);
        } catch (IllegalArgumentException e) {
            throw new PitwallException(ErrorCode.BAD_SETTING, e.getMessage(), e);
        }
        return new OpenF1Client(openF1Url, auth, ClientSettings.openF1().withRateLimit(openF1Limit));
    }

    /**
     * Jolpica documents (the season schedule names OpenF1 sessions): from the archive when given, else from
     * the API through {@code <data-dir>/archive}, which keeps every answer and serves it next time.
     */
    RaceSource jolpica(Path dataDir) {
        if (archive != null) {
            return new RawArchiveSource(archive());
        }
        Path kept = dataDir.resolve("archive");
        return new ArchiveFirstSource(new RawArchiveSource(kept),
                new JolpicaHttpSource(jolpicaUrl, kept, new JolpicaClient(jolpicaSettings())));
    }

    private static void checkUrl(CommandLine cl, String option, URI url) {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new CommandLine.ParameterException(cl, option + " " + url + " is not an http(s) URL");
        }
    }

    private static RateLimit rateLimit(CommandLine cl, String option, String value) {
        try {
            return RateLimit.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, option + ": " + e.getMessage());
        }
    }
}
