package dev.pitwall.loader.postgres;

import java.time.Duration;
import java.util.Properties;

/**
 * Where and how to reach a PostgreSQL warehouse, parsed from
 * {@code postgresql://USER@HOST[:PORT]/DATABASE[?passfile=PATH&sslmode=..&connect_timeout=S&socket_timeout=S]}
 * by {@link dev.pitwall.loader.warehouse.Warehouses}. The password never comes from the URL: it is
 * read from {@code PGPASSWORD} or a password file, and {@link #toString()} leaves it out.
 *
 * @param password null when no source holds one (a server that trusts the client)
 * @param passwordSource where the password came from, for messages: {@code PGPASSWORD}, {@code passfile PATH} or {@code none}
 * @param sslMode PgJDBC's {@code sslmode} ({@code disable}, {@code prefer}, {@code require}, {@code verify-full}, ...), or null for its default
 */
public record PostgresSettings(String host, int port, String database, String user, String password,
                               String passwordSource, String sslMode, Duration connectTimeout, Duration socketTimeout) {
    public static final int DEFAULT_PORT = 5432;

    public String jdbcUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + database;
    }

    /** {@code user@host:port/database}: what logs and messages show. */
    public String describe() {
        return user + "@" + host + ":" + port + "/" + database;
    }

    Properties connectionProperties() {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", "pitwall");
        p.setProperty("connectTimeout", Long.toString(connectTimeout.toSeconds()));
        p.setProperty("loginTimeout", Long.toString(connectTimeout.toSeconds()));
        p.setProperty("socketTimeout", Long.toString(socketTimeout.toSeconds()));
        p.setProperty("tcpKeepAlive", "true");
        if (sslMode != null) {
            p.setProperty("sslmode", sslMode);
        }
        return p;
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + describe() + ", password from " + passwordSource
                + (sslMode == null ? "" : ", sslmode " + sslMode) + "]";
    }
}
