package dev.pitwall.producer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Jolpica-compatible HTTP server (127.0.0.1, free port) answering from a recorded
 * {@code jolpica/} tree in the DESIGN §7 layout, so no test ever calls the real API.
 *
 * <p>Files are served byte for byte ({@code driverstandings.json} from {@code driverStandings.json},
 * {@code constructorstandings.json} from {@code constructorStandings.json}). {@code laps.json} is
 * re-paginated from the merged timing rows of all recorded pages, and {@code pitstops.json} from every
 * recorded stop, for any {@code limit} (capped at 100 like Jolpica) and {@code offset}, so a client's
 * paging is exercised, not just replayed. Like Jolpica, an unknown season or round answers
 * 200 with {@code total "0"} and no races; a path Jolpica does not serve answers 404.
 *
 * <p>Faults can be injected through {@link FixtureHttp} (429 with {@code Retry-After} on every nth
 * request or on bursts, 5xx, slow answers, cut-off JSON, dropped connections), and every request's
 * arrival time is logged so a test can check the most requests any one-second window saw.
 */
public final class FixtureJolpicaServer extends FixtureHttp {
    public static final String BASE_PATH = "/ergast/f1";
    private static final int MAX_LIMIT = 100;
    private static final int DEFAULT_LIMIT = 30;
    private static final Pattern SCHEDULE = Pattern.compile(BASE_PATH + "/(\\d{4})/races\\.json");
    private static final Pattern ENDPOINT = Pattern.compile(BASE_PATH + "/(\\d{4})/(\\d{1,3})/([A-Za-z]+)\\.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** API path segment -> archive file name where they differ (DESIGN §7 keeps the fixtures' names). */
    private static final Map<String, String> ARCHIVE_NAMES = Map.of(
            "driverstandings", "driverStandings", "constructorstandings", "constructorStandings");

    private final Path jolpicaDir;
    private final Map<Path, LapRows> lapRows = new HashMap<>();
    private final Map<Path, StopRows> stopRows = new HashMap<>();

    private FixtureJolpicaServer(Path jolpicaDir) throws IOException {
        super("Request was throttled.");
        this.jolpicaDir = jolpicaDir;
        start();
    }

    /** @param jolpicaDir the {@code jolpica} folder of a raw archive, e.g. {@code <fixtures>/jolpica} */
    public static FixtureJolpicaServer start(Path jolpicaDir) {
        try {
            return new FixtureJolpicaServer(jolpicaDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fixture Jolpica server", e);
        }
    }

    /** e.g. {@code http://127.0.0.1:PORT/ergast/f1} */
    public URI baseUrl() {
        return baseUrl(BASE_PATH);
    }

    @Override
    void answer(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "{\"detail\":\"Method not allowed.\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        int limit = Math.min(MAX_LIMIT, Math.max(1, intParam(query, "limit", DEFAULT_LIMIT)));
        int offset = Math.max(0, intParam(query, "offset", 0));
        String url = "https://api.jolpi.ca" + path;
        Matcher schedule = SCHEDULE.matcher(path);
        Matcher endpoint = ENDPOINT.matcher(path);
        if (schedule.matches()) {
            Path file = jolpicaDir.resolve(schedule.group(1)).resolve("races.json");
            send(exchange, 200, Files.isRegularFile(file) ? Files.readAllBytes(file) : empty(url, limit, offset, schedule.group(1), null, false));
        } else if (endpoint.matches() && endpoint.group(3).equals("laps")) {
            Path roundDir = jolpicaDir.resolve(endpoint.group(1)).resolve(endpoint.group(2));
            send(exchange, 200, laps(roundDir, url, limit, offset, endpoint.group(1), endpoint.group(2)));
        } else if (endpoint.matches() && endpoint.group(3).equals("pitstops")) {
            Path roundDir = jolpicaDir.resolve(endpoint.group(1)).resolve(endpoint.group(2));
            send(exchange, 200, pitStops(roundDir, url, limit, offset, endpoint.group(1), endpoint.group(2)));
        } else if (endpoint.matches()) {
            String name = ARCHIVE_NAMES.getOrDefault(endpoint.group(3), endpoint.group(3));
            Path file = jolpicaDir.resolve(endpoint.group(1)).resolve(endpoint.group(2)).resolve(name + ".json");
            send(exchange, 200, Files.isRegularFile(file) ? Files.readAllBytes(file)
                    : empty(url, limit, offset, endpoint.group(1), endpoint.group(2), name.endsWith("Standings")));
        } else {
            send(exchange, 404, "{\"detail\":\"Not found.\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private byte[] laps(Path roundDir, String url, int limit, int offset, String season, String round) throws IOException {
        LapRows rows;
        synchronized (lapRows) {
            rows = lapRows.get(roundDir);
            if (rows == null) {
                rows = LapRows.load(roundDir);
                lapRows.put(roundDir, rows);
            }
        }
        if (rows == null) {
            return empty(url, limit, offset, season, round, false);
        }
        ArrayNode laps = JSON.createArrayNode();
        ObjectNode current = null;
        for (int i = offset; i < Math.min(rows.timings.size(), offset + limit); i++) {
            Timing timing = rows.timings.get(i);
            if (current == null || !current.get("number").asText().equals(timing.lap)) {
                current = laps.addObject();
                current.put("number", timing.lap);
                current.putArray("Timings");
            }
            ((ArrayNode) current.get("Timings")).add(timing.row);
        }
        ObjectNode answer = rows.envelope.deepCopy();
        ArrayNode races = page(answer, url, limit, offset, rows.timings.size());
        if (!laps.isEmpty()) {
            ObjectNode race = rows.race.deepCopy();
            race.set("Laps", laps);
            races.add(race);
        }
        return JSON.writeValueAsBytes(answer);
    }

    /**
     * The page {@code limit}/{@code offset} of a round's pit stops, cut from every stop of the recorded
     * {@code pitstops.json} and {@code pitstops_page_NNN.json} (a recording may hold all stops in one file).
     */
    private byte[] pitStops(Path roundDir, String url, int limit, int offset, String season, String round) throws IOException {
        StopRows rows;
        synchronized (stopRows) {
            rows = stopRows.get(roundDir);
            if (rows == null) {
                rows = StopRows.load(roundDir);
                if (rows != null) {
                    stopRows.put(roundDir, rows);
                }
            }
        }
        if (rows == null || rows.stops.isEmpty()) {
            return empty(url, limit, offset, season, round, false);
        }
        ObjectNode answer = rows.envelope.deepCopy();
        ArrayNode races = page(answer, url, limit, offset, rows.stops.size());
        if (offset < rows.stops.size()) {
            ObjectNode race = rows.race.deepCopy();
            ArrayNode stops = race.putArray("PitStops");
            rows.stops.subList(offset, Math.min(rows.stops.size(), offset + limit)).forEach(stops::add);
            races.add(race);
        }
        return JSON.writeValueAsBytes(answer);
    }

    /** Sets a recorded answer's paging fields for this request and empties its races: @return the races to fill */
    private static ArrayNode page(ObjectNode answer, String url, int limit, int offset, int total) {
        ObjectNode mrData = (ObjectNode) answer.get("MRData");
        mrData.put("url", url);
        mrData.put("limit", Integer.toString(limit));
        mrData.put("offset", Integer.toString(offset));
        mrData.put("total", Integer.toString(total));
        return ((ObjectNode) mrData.get("RaceTable")).putArray("Races");
    }

    private static byte[] empty(String url, int limit, int offset, String season, String round, boolean standings) throws IOException {
        Map<String, Object> raceTable = new LinkedHashMap<>();
        raceTable.put("season", season);
        if (round != null) {
            raceTable.put("round", round);
        }
        raceTable.put(standings ? "StandingsLists" : "Races", List.of());
        Map<String, Object> mrData = new LinkedHashMap<>();
        mrData.put("xmlns", "");
        mrData.put("series", "f1");
        mrData.put("url", url);
        mrData.put("limit", Integer.toString(limit));
        mrData.put("offset", Integer.toString(offset));
        mrData.put("total", "0");
        mrData.put(standings ? "StandingsTable" : "RaceTable", raceTable);
        return JSON.writeValueAsBytes(Map.of("MRData", mrData));
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return params;
    }

    private static int intParam(Map<String, String> query, String name, int fallback) {
        String value = query.get(name);
        return value != null && value.matches("\\d{1,9}") ? Integer.parseInt(value) : fallback;
    }

    /** Every recorded stop of a round (each driver/stop once), plus the envelope and race object to answer with. */
    private record StopRows(JsonNode envelope, JsonNode race, List<JsonNode> stops) {
        static StopRows load(Path roundDir) throws IOException {
            JsonNode envelope = null;
            JsonNode race = null;
            List<JsonNode> stops = new ArrayList<>();
            Map<String, Boolean> seen = new HashMap<>();
            for (int page = 0; ; page++) {
                Path file = roundDir.resolve(page == 0 ? "pitstops.json" : String.format("pitstops_page_%03d.json", page));
                if (!Files.isRegularFile(file)) {
                    break;
                }
                JsonNode doc = JSON.readTree(file.toFile());
                envelope = envelope == null ? doc : envelope;
                for (JsonNode r : doc.path("MRData").path("RaceTable").path("Races")) {
                    race = race == null ? ((ObjectNode) r.deepCopy()).without("PitStops") : race;
                    for (JsonNode stop : r.path("PitStops")) {
                        if (seen.putIfAbsent(stop.path("driverId").asText() + "/" + stop.path("stop").asText(), true) == null) {
                            stops.add(stop);
                        }
                    }
                }
            }
            return envelope == null ? null : new StopRows(envelope, race, stops);
        }
    }

    private record Timing(String lap, JsonNode row) {}

    /** The merged timing rows of a round's recorded pages, plus the envelope and race object to answer with. */
    private record LapRows(JsonNode envelope, JsonNode race, List<Timing> timings) {
        static LapRows load(Path roundDir) throws IOException {
            JsonNode envelope = null;
            JsonNode race = null;
            List<Timing> timings = new ArrayList<>();
            Map<String, Boolean> seen = new HashMap<>();
            for (int page = 0; ; page++) {
                Path file = roundDir.resolve(String.format("laps_page_%03d.json", page));
                if (!Files.isRegularFile(file)) {
                    break;
                }
                JsonNode doc = JSON.readTree(file.toFile());
                if (envelope == null) {
                    envelope = doc;
                }
                for (JsonNode r : doc.path("MRData").path("RaceTable").path("Races")) {
                    if (race == null) {
                        race = ((ObjectNode) r.deepCopy()).without("Laps");
                    }
                    for (JsonNode lap : r.path("Laps")) {
                        for (JsonNode row : lap.path("Timings")) {
                            String lapNumber = lap.path("number").asText();
                            if (seen.putIfAbsent(lapNumber + "/" + row.path("driverId").asText(), true) == null) {
                                timings.add(new Timing(lapNumber, row));
                            }
                        }
                    }
                }
            }
            return envelope == null || race == null ? null : new LapRows(envelope, race, timings);
        }
    }
}
