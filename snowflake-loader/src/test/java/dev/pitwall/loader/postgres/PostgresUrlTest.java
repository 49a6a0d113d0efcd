package dev.pitwall.loader.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.loader.warehouse.WarehouseError;
import dev.pitwall.loader.warehouse.WarehouseException;
import dev.pitwall.loader.warehouse.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** postgresql:// URLs and where the password comes from, without a server. */
class PostgresUrlTest {
    @TempDir
    Path dir;

    @Test
    void aUrlNamesUserHostPortAndDatabase() {
        PostgresSettings s = Warehouses.postgresql("postgresql://loader@db.internal:6543/pitwall?sslmode=require&connect_timeout=3",
                Map.of("HOME", dir.toString()));
        assertThat(s.user()).isEqualTo("loader");
        assertThat(s.host()).isEqualTo("db.internal");
        assertThat(s.port()).isEqualTo(6543);
        assertThat(s.database()).isEqualTo("pitwall");
        assertThat(s.sslMode()).isEqualTo("require");
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.socketTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(s.password()).isNull();
        assertThat(s.passwordSource()).isEqualTo("none");
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/pitwall");

        PostgresSettings defaults = Warehouses.postgresql("postgres://grafana@[::1]/f1", Map.of("HOME", dir.toString()));
        assertThat(defaults.host()).isEqualTo("::1");
        assertThat(defaults.port()).isEqualTo(5432);
        assertThat(defaults.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/f1");
        assertThat(Warehouses.isPostgres("postgresql://a@b/c")).isTrue();
        assertThat(Warehouses.isPostgres("duckdb:/x")).isFalse();
    }

    @Test
    void thePasswordComesFromPgpasswordFirst() throws Exception {
        Path file = passFile("127.0.0.1:5432:pitwall:loader:from-the-file\n");
        PostgresSettings s = Warehouses.postgresql("postgresql://loader@127.0.0.1/pitwall?passfile=" + file,
                Map.of("PGPASSWORD", "from-the-environment"));
        assertThat(s.password()).isEqualTo("from-the-environment");
        assertThat(s.passwordSource()).isEqualTo("PGPASSWORD");
        assertThat(s.toString()).doesNotContain("from-the-environment");
    }

    @Test
    void thenFromThePassFileOfTheUrlThenPgpassfileThenHomePgpass() throws Exception {
        Path file = passFile("""
                # comments and lines for other servers are skipped
                other:5432:*:loader:not-this-one
                127.0.0.1:5432:pitwall:loader:pa\\:ss\\\\word:with:colons
                *:*:*:*:the-fallback
                """);
        PostgresSettings fromUrl = Warehouses.postgresql("postgresql://loader@127.0.0.1/pitwall?passfile=" + file, Map.of());
        assertThat(fromUrl.password()).isEqualTo("pa:ss\\word:with:colons");
        assertThat(fromUrl.passwordSource()).isEqualTo("passfile " + file);

        PostgresSettings fromEnv = Warehouses.postgresql("postgresql://grafana@127.0.0.1:5433/f1", Map.of("PGPASSFILE", file.toString()));
        assertThat(fromEnv.password()).isEqualTo("the-fallback");

        Files.copy(file, dir.resolve(".pgpass"));
        Files.setPosixFilePermissions(dir.resolve(".pgpass"), PosixFilePermissions.fromString("rw-------"));
        PostgresSettings fromHome = Warehouses.postgresql("postgresql://loader@127.0.0.1/pitwall", Map.of("HOME", dir.toString()));
        assertThat(fromHome.password()).isEqualTo("pa:ss\\word:with:colons");
    }

    @Test
    void aPassFileOthersMayReadIsIgnoredAsLibpqDoes() throws Exception {
        Path file = passFile("*:*:*:*:secret-for-all\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        PostgresSettings s = Warehouses.postgresql("postgresql://loader@127.0.0.1/pitwall?passfile=" + file, Map.of());
        assertThat(s.password()).isNull();
        assertThat(s.passwordSource()).contains("is ignored").contains("chmod 600");
    }

    @Test
    void aPasswordInTheUrlIsRefusedWithoutEchoingIt() {
        for (String url : new String[] {"postgresql://loader:s3cr3t-pw@127.0.0.1:5432/pitwall",
                "postgresql://loader:s3cr3t/pw@127.0.0.1/pitwall", "postgresql://loader@127.0.0.1/pitwall?password=s3cr3t-pw"}) {
            assertThatThrownBy(() -> Warehouses.postgresql(url, Map.of()))
                    .isInstanceOfSatisfying(WarehouseException.class, e -> {
                        assertThat(e.error()).isEqualTo(WarehouseError.BAD_URL);
                        assertThat(e.getMessage()).startsWith("PW-0406").doesNotContain("s3cr3t");
                    });
        }
        assertThatThrownBy(() -> Warehouses.postgresql("postgresql://loader:s3cr3t-pw@127.0.0.1/pitwall", Map.of()))
                .hasMessageContaining("set PGPASSWORD or put it in a password file");
    }

    @Test
    void badUrlsSayWhatIsWrong() {
        assertBad("postgresql://127.0.0.1/pitwall", "must name a user");
        assertBad("postgresql://loader@127.0.0.1", "must name a database");
        assertBad("postgresql://loader@127.0.0.1:99999/pitwall", "port '99999'");
        assertBad("postgresql://loader@/pitwall", "must name a host");
        assertBad("postgresql://loader@127.0.0.1/pitwall?sslmode=sometimes", "sslmode 'sometimes'");
        assertBad("postgresql://loader@127.0.0.1/pitwall?schema=x", "unknown parameter 'schema'");
        assertBad("postgresql://loader@127.0.0.1/pitwall?passfile=" + dir.resolve("missing"), "does not exist");
        assertBad("postgresql://loader@127.0.0.1/pit;wall", "not a plain name");
    }

    private void assertBad(String url, String why) {
        assertThatThrownBy(() -> Warehouses.postgresql(url, Map.of("HOME", dir.toString())))
                .isInstanceOfSatisfying(WarehouseException.class, e -> assertThat(e.error()).isEqualTo(WarehouseError.BAD_URL))
                .hasMessageContaining(why);
    }

    private Path passFile(String content) throws Exception {
        Path file = dir.resolve("pgpass-" + System.nanoTime());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
