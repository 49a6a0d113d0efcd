package dev.pitwall.producer.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local OpenF1-compatible HTTP server (127.0.0.1, free port) answering {@code /v1/sessions},
 * {@code /v1/laps}, {@code /v1/stints}, {@code /v1/pit}, {@code /v1/weather}, {@code /v1/race_control}
 * and {@code POST /token} from the recorded {@code openf1/} fixtures, so no test calls the real API.
 *
 * <p><b>Test scaffolding, not production behaviour:</b> the fixtures hold no {@code /v1/sessions}
 * answers for their sessions, so this server BUILDS one per session from its laps: session_key,
 * meeting_key, year, {@code date_start} = first lap start minus 5 minutes, {@code date_end} = last lap
 * end, session_name and session_type "Race" (every recorded session is a race). Pit stops and race
 * control come from {@code <session>/pit.json}/{@code race_control.json} when recorded, else from the
 * official docs' examples in {@code _docs_examples} filtered by session_key (only session 9102 has one).
 *
 * <p>Filters: {@code field=value}, {@code field>value}, {@code >=}, {@code <}, {@code <=} on any field
 * (times compared as instants, numbers as numbers), {@code session_key=latest}. With a {@link Clock}
 * (a {@link VirtualClock} shared with the follower) only what exists at its "now" is served: laps from
 * their {@code date_start}, with {@code lap_duration} null until the lap has ended; stints from their
 * first lap's start, {@code lap_end} growing with the driver's laps; weather, pit, race control from
 * their {@code date}; objects without a time only once the session's last lap has ended. A filter
 * on a time field never matches an object whose time is null, as in a database.
 *
 * <p>Optional auth ({@link #requireLogin}) answers 401 without a valid, unexpired bearer token. Faults
 * can be injected through {@link FixtureHttp} (429 with {@code Retry-After}, 5xx, slow, cut-off and
 * dropped answers) and every request's arrival time and URL is logged.
 */
public final class FixtureOpenF1Server extends FixtureHttp {
    public static final String BASE_PATH = "/v1";
    private static final Pattern ENDPOINT = Pattern.compile(BASE_PATH + "/([a-z_]+)");
    private static final List<String> ENDPOINTS = List.of("laps", "stints", "pit", "weather", "race_control");
    private static final DateTimeFormatter OPENF1_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final Map<Integer, SessionData> sessions = new TreeMap<>();
    private final Clock clock;
    private volatile String username;
    private volatile String password;
    private volatile String staticToken;
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private final Map<String, Long> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final List<String> issued = new ArrayList<>();
    private final AtomicInteger unauthorized = new AtomicInteger();

    private FixtureOpenF1Server(Path openf1Dir, List<Integer> sessionKeys, Clock clock) throws IOException {
        super("Rate limit exceeded");
        this.clock = clock;
        for (int key : sessionKeys) {
            sessions.put(key, SessionData.load(openf1Dir, key));
        }
        // answer without Nagle's delay: a client waiting for the rest of a small answer would stall ~40 ms per request
        System.setProperty("sun.net.httpserver.nodelay", "true");
        start();
    }

    /**
     * @param openf1Dir the {@code openf1} folder of the fixtures
     * @param sessionKeys the recorded sessions to serve
     * @param clock the virtual "now" that decides what is visible, or null to serve everything
     */
    public static FixtureOpenF1Server start(Path openf1Dir, List<Integer> sessionKeys, Clock clock) {
        try {
            return new FixtureOpenF1Server(openf1Dir, sessionKeys, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fixture OpenF1 server", e);
        }
    }

    /** e.g. {@code http://127.0.0.1:PORT/v1} */
    public URI baseUrl() {
        return baseUrl(BASE_PATH);
    }

    /** The sessions object this server built for a recorded session (see the class comment). */
    public JsonNode sessionObject(int sessionKey) {
        return sessions.get(sessionKey).listing;
    }

    /** Every object of an endpoint as recorded, all visible (what a finished session serves). */
    public List<JsonNode> recorded(int sessionKey, String endpoint) {
        return List.copyOf(sessions.get(sessionKey).endpoints.get(endpoint));
    }

    /** From now on every endpoint needs a bearer token from {@code POST /token} with these credentials. */
    public void requireLogin(String username, String password, Duration tokenLifetime) {
        this.username = username;
        this.password = password;
        this.tokenLifetime = tokenLifetime;
    }

    /** From now on every endpoint needs {@code Authorization: Bearer <token>} with this ready token. */
    public void requireToken(String token) {
        this.staticToken = token;
    }

    /** Invalidates every token issued so far (the next request with one answers 401). */
    public void revokeTokens() {
        tokens.clear();
    }

    /** Every token this server issued (to check they never reach a log line or a message). */
    public List<String> issuedTokens() {
        synchronized (issued) {
            return List.copyOf(issued);
        }
    }

    public int logins() {
        return logins.get();
    }

    /** Requests answered 401. */
    public int unauthorizedAnswers() {
        return unauthorized.get();
    }

    @Override
    void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (path.equals("/token")) {
            token(exchange);
            return;
        }
        Matcher endpoint = ENDPOINT.matcher(path);
        if (!endpoint.matches() || !(endpoint.group(1).equals("sessions") || ENDPOINTS.contains(endpoint.group(1)))) {
            send(exchange, 404, "{\"detail\":\"Not Found\"}");
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "{\"detail\":\"Method Not Allowed\"}");
            return;
        }
        if (!authorised(exchange)) {
            unauthorized.incrementAndGet();
            send(exchange, 401, "{\"detail\":\"Not authenticated\"}");
            return;
        }
        List<Filter> filters = filters(rawQuery);
        Instant now = clock == null ? null : clock.instant();
        ArrayNode answer = JSON.createArrayNode();
        for (SessionData session : selectSessions(filters, now)) {
            List<JsonNode> objects = endpoint.group(1).equals("sessions") ? List.of(session.listing)
                    : session.visible(endpoint.group(1), now);
            for (JsonNode object : objects) {
                if (filters.stream().allMatch(f -> f.name.equals("session_key") || f.matches(object))) {
                    answer.add(object);
                }
            }
        }
        send(exchange, 200, JSON.writeValueAsString(answer));
    }

    private List<SessionData> selectSessions(List<Filter> filters, Instant now) {
        List<SessionData> selected = new ArrayList<>();
        for (Filter filter : filters) {
            if (filter.name.equals("session_key") && filter.value.equals("latest")) {
                SessionData latest = null;
                for (SessionData s : sessions.values()) {
                    boolean started = now == null || !s.start.isAfter(now);
                    if (started && (latest == null || s.start.isAfter(latest.start))) {
                        latest = s;
                    }
                }
                return latest == null ? List.of() : List.of(latest);
            }
        }
        for (SessionData s : sessions.values()) {
            if (filters.stream().filter(f -> f.name.equals("session_key")).allMatch(f -> f.matches(s.listing))) {
                selected.add(s);
            }
        }
        return selected;
    }

    private boolean authorised(HttpExchange exchange) {
        if (username == null && staticToken == null) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        String token = header.substring("Bearer ".length());
        if (staticToken != null && staticToken.equals(token)) {
            return true;
        }
        Long expiry = tokens.get(token);
        return expiry != null && System.nanoTime() - expiry < 0;
    }

    private void token(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "{\"detail\":\"Method Not Allowed\"}");
            return;
        }
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (username == null || !username.equals(form.get("username")) || !password.equals(form.get("password"))) {
            unauthorized.incrementAndGet();
            send(exchange, 401, "{\"detail\":\"Invalid username or password\"}");
            return;
        }
        logins.incrementAndGet();
        String token = "tok-" + UUID.randomUUID();
        tokens.put(token, System.nanoTime() + tokenLifetime.toNanos());
        synchronized (issued) {
            issued.add(token);
        }
        send(exchange, 200, JSON.writeValueAsString(Map.of("access_token", token,
                "expires_in", Math.max(1, tokenLifetime.toSeconds()), "token_type", "bearer")));
    }

    private void send(HttpExchange exchange, int status, String text) throws IOException {
        send(exchange, status, text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Filter> filters(String rawQuery) {
        List<Filter> filters = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return filters;
        }
        for (String part : rawQuery.split("&")) {
            String decoded = URLDecoder.decode(part, StandardCharsets.UTF_8);
            int op = -1;
            for (int i = 0; i < decoded.length(); i++) {
                char c = decoded.charAt(i);
                if (c == '=' || c == '<' || c == '>') {
                    op = i;
                    break;
                }
            }
            if (op <= 0) {
                continue;
            }
            String operator = decoded.substring(op, decoded.length() > op + 1 && decoded.charAt(op + 1) == '=' && decoded.charAt(op) != '=' ? op + 2 : op + 1);
            filters.add(new Filter(decoded.substring(0, op), operator, decoded.substring(op + operator.length())));
        }
        return filters;
    }

    /** One query filter applied to an object's field. */
    private record Filter(String name, String operator, String value) {
        boolean matches(JsonNode object) {
            JsonNode field = object.get(name);
            if (field == null || field.isNull()) {
                return false;
            }
            int cmp;
            if (name.startsWith("date")) {
                Instant at = time(field.asText());
                if (at == null) {
                    return false;
                }
                cmp = at.compareTo(time(value));
            } else if (field.isNumber()) {
                try {
                    cmp = field.decimalValue().compareTo(new BigDecimal(value));
                } catch (NumberFormatException e) {
                    return false;
                }
            } else {
                cmp = field.asText().compareTo(value);
                if (!operator.equals("=")) {
                    return false;
                }
            }
            return switch (operator) {
                case "=" -> cmp == 0;
                case ">" -> cmp > 0;
                case ">=" -> cmp >= 0;
                case "<" -> cmp < 0;
                case "<=" -> cmp <= 0;
                default -> false;
            };
        }
    }

    private static final Map<String, Instant> TIMES = new ConcurrentHashMap<>();

    // memoised: every request compares thousands of recorded times
    static Instant time(String text) {
        if (text == null) {
            return null;
        }
        Instant known = TIMES.get(text);
        if (known != null) {
            return known;
        }
        Instant parsed = parseTime(text);
        if (parsed != null) {
            TIMES.put(text, parsed);
        }
        return parsed;
    }

    private static Instant parseTime(String text) {
        String iso = text.trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException unreadable) {
                // e.g. "NaT" written by the collector for a missing time: treated as no time at all
                return null;
            }
        }
    }

    /** One recorded session: its objects per endpoint and the sessions object built from its laps. */
    private static final class SessionData {
        final Map<String, List<JsonNode>> endpoints = new HashMap<>();
        ObjectNode listing;
        Instant start;
        Instant end;

        static SessionData load(Path openf1Dir, int key) throws IOException {
            SessionData data = new SessionData();
            Path dir = openf1Dir.resolve(Integer.toString(key));
            for (String endpoint : ENDPOINTS) {
                List<JsonNode> objects = new ArrayList<>();
                Path whole = dir.resolve(endpoint + ".json");
                if (Files.isRegularFile(whole)) {
                    JSON.readTree(whole.toFile()).forEach(objects::add);
                } else {
                    TreeMap<Integer, Path> byDriver = new TreeMap<>();
                    if (Files.isDirectory(dir)) {
                        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, endpoint + "_driver_*.json")) {
                            for (Path file : files) {
                                String name = file.getFileName().toString();
                                byDriver.put(Integer.parseInt(name.substring(endpoint.length() + 8, name.length() - 5)), file);
                            }
                        }
                    }
                    for (Path file : byDriver.values()) {
                        JSON.readTree(file.toFile()).forEach(objects::add);
                    }
                    Path example = openf1Dir.resolve("_docs_examples").resolve(endpoint + ".json");
                    if (byDriver.isEmpty() && (endpoint.equals("pit") || endpoint.equals("race_control")) && Files.isRegularFile(example)) {
                        for (JsonNode object : JSON.readTree(example.toFile())) {
                            if (object.path("session_key").asInt() == key) {
                                objects.add(object);
                            }
                        }
                    }
                }
                data.endpoints.put(endpoint, objects);
            }
            List<JsonNode> laps = data.endpoints.get("laps");
            if (laps.isEmpty()) {
                throw new IllegalArgumentException("no recorded laps for OpenF1 session " + key + " under " + dir);
            }
            Instant first = null;
            Instant last = null;
            for (JsonNode lap : laps) {
                Instant start = time(lap.path("date_start").asText(null));
                if (start == null) {
                    continue;
                }
                Instant end = lap.path("lap_duration").isNumber()
                        ? start.plusNanos(lap.path("lap_duration").decimalValue().movePointRight(9).longValue()) : start;
                first = first == null || start.isBefore(first) ? start : first;
                last = last == null || end.isAfter(last) ? end : last;
            }
            data.start = first.minus(Duration.ofMinutes(5));
            data.end = last;
            ObjectNode listing = JSON.createObjectNode();
            listing.put("date_end", OPENF1_TIME.format(data.end.atOffset(ZoneOffset.UTC)));
            listing.put("date_start", OPENF1_TIME.format(data.start.atOffset(ZoneOffset.UTC)));
            listing.put("meeting_key", laps.get(0).path("meeting_key").asInt());
            listing.put("session_key", key);
            listing.put("session_name", "Race");
            listing.put("session_type", "Race");
            listing.put("year", first.atOffset(ZoneOffset.UTC).getYear());
            data.listing = listing;
            return data;
        }

        /** What the endpoint serves at {@code now} (everything when now is null). */
        List<JsonNode> visible(String endpoint, Instant now) {
            List<JsonNode> all = endpoints.get(endpoint);
            if (now == null || !now.isBefore(end)) {
                return all;
            }
            List<JsonNode> visible = new ArrayList<>();
            switch (endpoint) {
                case "laps" -> {
                    for (JsonNode lap : all) {
                        visibleLap(lap, now).ifPresent(visible::add);
                    }
                }
                case "stints" -> {
                    Map<Integer, Integer> lastLap = new HashMap<>();
                    for (JsonNode lap : endpoints.get("laps")) {
                        Instant start = time(lap.path("date_start").asText(null));
                        if (start != null && !start.isAfter(now)) {
                            lastLap.merge(lap.path("driver_number").asInt(), lap.path("lap_number").asInt(), Math::max);
                        }
                    }
                    for (JsonNode stint : all) {
                        Integer seen = lastLap.get(stint.path("driver_number").asInt());
                        int lapStart = stint.path("lap_start").asInt(1);
                        if (seen != null && seen >= lapStart) {
                            ObjectNode copy = stint.deepCopy();
                            if (stint.path("lap_end").isNumber() && stint.path("lap_end").asInt() > seen) {
                                copy.put("lap_end", seen);
                            }
                            visible.add(copy);
                        }
                    }
                }
                default -> {
                    for (JsonNode object : all) {
                        Instant at = time(object.path("date").asText(null));
                        if (at != null && !at.isAfter(now)) {
                            visible.add(object);
                        }
                    }
                }
            }
            return visible;
        }

        private static java.util.Optional<JsonNode> visibleLap(JsonNode lap, Instant now) {
            Instant start = time(lap.path("date_start").asText(null));
            if (start == null || start.isAfter(now)) {
                return java.util.Optional.empty();
            }
            JsonNode duration = lap.path("lap_duration");
            if (duration.isNumber() && start.plusNanos(duration.decimalValue().movePointRight(9).longValue()).isAfter(now)) {
                ObjectNode copy = lap.deepCopy();
                copy.putNull("lap_duration");
                return java.util.Optional.of(copy);
            }
            return java.util.Optional.of(lap);
        }
    }
}
