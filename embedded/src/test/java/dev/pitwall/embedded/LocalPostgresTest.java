package dev.pitwall.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalPostgresTest {
    private static LocalPostgres postgres;

    @BeforeAll
    static void start() {
        postgres = LocalPostgres.start(Path.of("target", "local-postgres-test"));
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void servesSqlOnLoopbackWithThePassword() throws SQLException {
        try (Connection c = postgres.connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT inet_server_addr()::text, current_setting('server_version_num')::int")) {
            rs.next();
            assertThat(rs.getString(1)).startsWith("127.0.0.1");
            assertThat(rs.getInt(2)).isGreaterThanOrEqualTo(140000);
        }
    }

    @Test
    void refusesALoginWithoutTheRightPassword() {
        Properties props = new Properties();
        props.setProperty("user", postgres.user());
        props.setProperty("password", "not-" + postgres.password());
        assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl("postgres"), props).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void warehouseUrlNamesThePassFileNotThePassword() throws Exception {
        assertThat(postgres.warehouseUrl())
                .startsWith("postgresql://postgres@127.0.0.1:" + postgres.port() + "/postgres?passfile=")
                .doesNotContain(postgres.password());
        assertThat(Files.readString(postgres.passFile()))
                .isEqualTo("127.0.0.1:" + postgres.port() + ":*:postgres:" + postgres.password() + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(postgres.passFile()))).isEqualTo("rw-------");
        assertThat(postgres.environment()).containsEntry("PGPASSWORD", postgres.password());
    }

    @Test
    void createsSeparateDatabases() throws SQLException {
        String url = postgres.createDatabase("separate_one");
        assertThat(url).contains("/separate_one?passfile=");
        try (Connection c = postgres.connect("separate_one"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("separate_one");
        }
        assertThatThrownBy(() -> postgres.createDatabase("Bad-Name")).isInstanceOf(IllegalArgumentException.class);
    }
}
