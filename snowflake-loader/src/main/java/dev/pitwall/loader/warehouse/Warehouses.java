package dev.pitwall.loader.warehouse;

import dev.pitwall.loader.postgres.PgPassFile;
import dev.pitwall.loader.postgres.PostgresSettings;
import dev.pitwall.loader.postgres.PostgresWarehouse;
import dev.pitwall.loader.snowflake.PrivateKeyReader;
import dev.pitwall.loader.snowflake.SnowflakeSettings;
import dev.pitwall.loader.snowflake.SnowflakeMode;
import dev.pitwall.loader.snowflake.SnowflakeWarehouse;
import dev.pitwall.loader.snowflake.SnowpipeWarehouse;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Opens the warehouse named by {@code --warehouse}: {@code duckdb:PATH} (default
 * {@code <data dir>/warehouse.duckdb}),
 * {@code postgresql://USER@HOST[:PORT]/DATABASE[?passfile=PATH&sslmode=..&connect_timeout=S&socket_timeout=S]}
 * (the password as libpq finds it: {@code PGPASSWORD}, else the password file {@code passfile=},
 * {@code PGPASSFILE} or {@code ~/.pgpass}; never in the URL) or
 * {@code snowflake://ACCOUNT/DATABASE/SCHEMA?warehouse=W&role=R&user=U[&private_key_file=PATH]}, loading
 * with the loader's own COPY ({@code mode=copy}, default) or through Snowpipe ({@code mode=snowpipe},
 * pipes named {@code <pipe>_<TABLE>}, {@code pipe} default {@value SnowflakeSettings#DEFAULT_PIPE}).
 * The private key comes from the file, or from the environment variable named by
 * {@code private_key_env} (default {@value #KEY_ENV}); its passphrase only ever from the
 * environment ({@code passphrase_env}, default {@value #PASSPHRASE_ENV}) so it stays out of URLs.
 */
public final class Warehouses {
    public static final String KEY_ENV = "PITWALL_SNOWFLAKE_PRIVATE_KEY";
    public static final String PASSPHRASE_ENV = "PITWALL_SNOWFLAKE_PRIVATE_KEY_PASSPHRASE";
    public static final String DEFAULT_DUCKDB_FILE = "warehouse.duckdb";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern ON_ERROR = Pattern.compile(
            "CONTINUE|SKIP_FILE|SKIP_FILE_\\d+|'SKIP_FILE_\\d+%'|ABORT_STATEMENT", Pattern.CASE_INSENSITIVE);
    private static final Set<String> POSTGRES_PARAMETERS = Set.of("passfile", "sslmode", "connect_timeout", "socket_timeout");
    private static final Pattern POSTGRES_DATABASE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$-]*");
    private static final Pattern SSL_MODE = Pattern.compile("disable|allow|prefer|require|verify-ca|verify-full");
    private static final Set<String> PARAMETERS = Set.of("warehouse", "role", "user", "private_key_file",
            "private_key_env", "passphrase_env", "stage", "integration", "on_error", "endpoint",
            "login_timeout", "network_timeout", "max_http_retries", "mode", "pipe", "report_timeout");

    private Warehouses() {}

    /** Opens (does not migrate) the warehouse, reading key material from the process environment. */
    public static Warehouse open(String url, Path dataDir) {
        return open(url, dataDir, System.getenv());
    }

    public static Warehouse open(String url, Path dataDir, Map<String, String> env) {
        if (url == null || url.isBlank() || url.startsWith("duckdb:")) {
            return new DuckDbWarehouse(duckDbFile(url, dataDir));
        }
        if (isPostgres(url)) {
            return new PostgresWarehouse(postgresql(url, env));
        }
        SnowflakeSettings settings = snowflake(url, env);
        return settings.mode() == SnowflakeMode.SNOWPIPE ? new SnowpipeWarehouse(settings) : new SnowflakeWarehouse(settings);
    }

    /** The DuckDB file of a {@code duckdb:PATH} URL, or the default under the data dir for none. */
    public static Path duckDbFile(String url, Path dataDir) {
        if (url == null || url.isBlank()) {
            return dataDir.resolve(DEFAULT_DUCKDB_FILE);
        }
        if (!url.startsWith("duckdb:")) {
            throw bad(url, "it is not a duckdb: URL");
        }
        String path = url.substring("duckdb:".length());
        if (path.isBlank()) {
            throw bad(url, "the path after duckdb: is empty");
        }
        return Path.of(path);
    }

    /** Whether the URL names a PostgreSQL warehouse ({@code postgresql://}, or libpq's {@code postgres://}). */
    public static boolean isPostgres(String url) {
        return url != null && (url.startsWith("postgresql://") || url.startsWith("postgres://"));
    }

    /**
     * Parses and checks a {@code postgresql://} URL and finds the password as libpq does:
     * {@code PGPASSWORD}, else the first matching line of the password file ({@code passfile=},
     * else {@code PGPASSFILE}, else {@code ~/.pgpass}), else none. A password in the URL is refused.
     */
    public static PostgresSettings postgresql(String url, Map<String, String> env) {
        if (!isPostgres(url)) {
            throw bad(url, "the scheme must be postgresql://");
        }
        String rest = url.substring(url.indexOf("://") + 3);
        int q = rest.indexOf('?');
        String authority = q < 0 ? rest : rest.substring(0, q);
        int lastAt = authority.lastIndexOf('@');
        if (lastAt > 0 && authority.substring(0, lastAt).contains(":")) {
            throw bad(url, "a password does not belong in the URL, where shells and logs keep it: "
                    + "set PGPASSWORD or put it in a password file (passfile=PATH, PGPASSFILE or ~/.pgpass)");
        }
        Map<String, String> params = query(url, q < 0 ? "" : rest.substring(q + 1), POSTGRES_PARAMETERS);
        int slash = authority.indexOf('/');
        if (slash < 0 || slash == authority.length() - 1) {
            throw bad(url, "the URL must name a database: postgresql://USER@HOST[:PORT]/DATABASE");
        }
        String database = URLDecoder.decode(authority.substring(slash + 1), StandardCharsets.UTF_8);
        if (!POSTGRES_DATABASE.matcher(database).matches()) {
            throw bad(url, "database '" + database + "' is not a plain name (letters, digits, _, $ and -)");
        }
        String hostPart = authority.substring(0, slash);
        int at = hostPart.lastIndexOf('@');
        if (at <= 0) {
            throw bad(url, "the URL must name a user: postgresql://USER@HOST[:PORT]/DATABASE");
        }
        String userInfo = hostPart.substring(0, at);
        String user = URLDecoder.decode(userInfo, StandardCharsets.UTF_8);
        String host;
        int port = PostgresSettings.DEFAULT_PORT;
        String hostPort = hostPart.substring(at + 1);
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw bad(url, "host '" + hostPort + "' has no closing ]");
            }
            host = hostPort.substring(1, close);
            hostPort = hostPort.substring(close + 1);
            if (!hostPort.isEmpty()) {
                if (!hostPort.startsWith(":")) {
                    throw bad(url, "expected :PORT after the host, got '" + hostPort + "'");
                }
                port = port(url, hostPort.substring(1));
            }
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            if (colon >= 0) {
                port = port(url, hostPort.substring(colon + 1));
            }
        }
        if (host.isEmpty()) {
            throw bad(url, "the URL must name a host: postgresql://USER@HOST[:PORT]/DATABASE");
        }
        String sslMode = params.get("sslmode");
        if (sslMode != null && !SSL_MODE.matcher(sslMode).matches()) {
            throw bad(url, "sslmode '" + sslMode + "' is not disable, allow, prefer, require, verify-ca or verify-full");
        }
        Duration connectTimeout = Duration.ofSeconds(positive(url, params, "connect_timeout", 10));
        Duration socketTimeout = Duration.ofSeconds(positive(url, params, "socket_timeout", 300));
        String password = env.get("PGPASSWORD");
        String source = "PGPASSWORD";
        if (password == null || password.isEmpty()) {
            password = null;
            source = "none";
            Path passFile = passFile(params, env);
            if (passFile != null) {
                PgPassFile file = new PgPassFile(passFile);
                if (params.containsKey("passfile") && !Files.isRegularFile(passFile)) {
                    throw bad(url, "passfile " + passFile + " does not exist");
                }
                if (file.usable()) {
                    try {
                        password = file.passwordFor(host, port, database, user).orElse(null);
                    } catch (IOException e) {
                        throw bad(url, "cannot read passfile " + passFile + ": " + e.getMessage());
                    }
                    source = password == null ? "none (no line of " + passFile + " matches)" : "passfile " + passFile;
                } else if (Files.isRegularFile(passFile)) {
                    source = "none (" + passFile + " is ignored: group or others may read it; chmod 600 it)";
                }
            }
        }
        return new PostgresSettings(host, port, database, user, password, source, sslMode, connectTimeout, socketTimeout);
    }

    private static Path passFile(Map<String, String> params, Map<String, String> env) {
        if (params.containsKey("passfile")) {
            return Path.of(params.get("passfile"));
        }
        String fromEnv = env.get("PGPASSFILE");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return home == null ? null : Path.of(home, ".pgpass");
    }

    private static int port(String url, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(url, "port '" + text + "' is not a number from 1 to 65535");
    }

    /** Parses and checks a {@code snowflake://} URL, loading the private key it points at. */
    public static SnowflakeSettings snowflake(String url, Map<String, String> env) {
        return snowflake(url, env, true);
    }

    /**
     * The names a {@code snowflake://} URL gives (account, database, schema, stage, integration, role),
     * without loading a key: what an admin needs for the one-time setup SQL.
     */
    public static SnowflakeSettings snowflakeNames(String url) {
        return snowflake(url, Map.of(), false);
    }

    private static SnowflakeSettings snowflake(String url, Map<String, String> env, boolean withKey) {
        if (url == null || !url.startsWith("snowflake://")) {
            throw bad(url, "the scheme must be duckdb:, postgresql:// or snowflake://");
        }
        String rest = url.substring("snowflake://".length());
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        Map<String, String> params = query(url, q < 0 ? "" : rest.substring(q + 1), PARAMETERS);
        String[] parts = path.split("/", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw bad(url, "the path must be ACCOUNT/DATABASE/SCHEMA, got '" + path + "'");
        }
        String account = parts[0];
        if (!ACCOUNT.matcher(account).matches()) {
            throw bad(url, "account '" + account + "' is not an account identifier");
        }
        String database = identifier(url, "database", parts[1]);
        String schema = identifier(url, "schema", parts[2]);
        String warehouse = identifier(url, "warehouse", required(url, params, "warehouse"));
        String role = identifier(url, "role", required(url, params, "role"));
        String user = required(url, params, "user");
        String stage = identifier(url, "stage", params.getOrDefault("stage", "PITWALL_FILES"));
        String integration = identifier(url, "integration", params.getOrDefault("integration", "PITWALL_S3"));
        String onError = params.getOrDefault("on_error", "ABORT_STATEMENT").toUpperCase(java.util.Locale.ROOT);
        if (!ON_ERROR.matcher(onError).matches()) {
            throw bad(url, "on_error '" + onError + "' is not CONTINUE, SKIP_FILE, SKIP_FILE_<n>, 'SKIP_FILE_<n>%' or ABORT_STATEMENT");
        }
        URI endpoint = endpoint(url, params.getOrDefault("endpoint", "https://" + account + ".snowflakecomputing.com"));
        Duration loginTimeout = Duration.ofSeconds(positive(url, params, "login_timeout", 30));
        Duration networkTimeout = Duration.ofSeconds(positive(url, params, "network_timeout", 60));
        int retries = positive(url, params, "max_http_retries", 3);
        SnowflakeMode mode = mode(url, params.getOrDefault("mode", "copy"));
        String pipe = identifier(url, "pipe", params.getOrDefault("pipe", SnowflakeSettings.DEFAULT_PIPE));
        Duration reportTimeout = Duration.ofSeconds(positive(url, params, "report_timeout",
                (int) SnowflakeSettings.DEFAULT_REPORT_TIMEOUT.toSeconds()));
        PrivateKey key = withKey ? privateKey(url, params, env) : null;
        return new SnowflakeSettings(account, database, schema, warehouse, role, user, key, endpoint, stage,
                integration, onError, loginTimeout, networkTimeout, retries, mode, pipe, reportTimeout);
    }

    private static SnowflakeMode mode(String url, String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "copy" -> SnowflakeMode.COPY;
            case "snowpipe" -> SnowflakeMode.SNOWPIPE;
            default -> throw bad(url, "mode '" + value + "' is not copy or snowpipe");
        };
    }

    private static PrivateKey privateKey(String url, Map<String, String> params, Map<String, String> env) {
        String passphraseEnv = params.getOrDefault("passphrase_env", PASSPHRASE_ENV);
        String passphrase = env.get(passphraseEnv);
        String pem;
        String from;
        if (params.containsKey("private_key_file")) {
            Path file = Path.of(params.get("private_key_file"));
            from = "private_key_file " + file;
            try {
                pem = Files.readString(file);
            } catch (IOException e) {
                throw bad(url, "cannot read private_key_file " + file + ": " + e.getMessage());
            }
        } else {
            String keyEnv = params.getOrDefault("private_key_env", KEY_ENV);
            from = "environment variable " + keyEnv;
            pem = env.get(keyEnv);
            if (pem == null || pem.isBlank()) {
                throw bad(url, "no private key: set private_key_file=PATH or the environment variable " + keyEnv);
            }
        }
        try {
            return PrivateKeyReader.read(pem, passphrase == null ? null : passphrase.toCharArray());
        } catch (IllegalArgumentException e) {
            throw bad(url, "the key in " + from + " cannot be used (" + e.getMessage()
                    + (passphrase == null ? "; passphrase variable " + passphraseEnv + " is not set" : "") + ")");
        }
    }

    private static Map<String, String> query(String url, String query, Set<String> known) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw bad(url, "query part '" + pair + "' is not name=value");
            }
            String name = pair.substring(0, eq);
            if (!known.contains(name)) {
                throw bad(url, "unknown parameter '" + name + "'; known: " + new java.util.TreeSet<>(known));
            }
            params.put(name, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String required(String url, Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            throw bad(url, "parameter '" + name + "' is missing");
        }
        return value;
    }

    private static String identifier(String url, String what, String value) {
        if (!IDENTIFIER.matcher(value).matches()) {
            throw bad(url, what + " '" + value + "' is not a plain identifier (letters, digits, _ and $)");
        }
        return value;
    }

    private static int positive(String url, Map<String, String> params, String name, int fallback) {
        String value = params.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the parameter's name
        }
        throw bad(url, "parameter '" + name + "' must be a positive whole number, got '" + value + "'");
    }

    private static URI endpoint(String url, String value) {
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the parameter's name
        }
        throw bad(url, "endpoint '" + value + "' is not an http(s)://host[:port] address");
    }

    private static WarehouseException bad(String url, String what) {
        return new WarehouseException(WarehouseError.BAD_URL, "bad --warehouse " + redact(url) + ": " + what);
    }

    /** URLs carry no secrets by design, but a user might paste one: never echo a query value named like a key, nor user:password@. */
    private static String redact(String url) {
        return url == null ? "(none)" : url.replaceAll("(?i)(pass[a-z_]*|secret|token)=[^&]*", "$1=***")
                .replaceAll("(://[^/:@?]*):[^?]*@", "$1:***@");
    }
}
