package dev.pitwall.loader.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.loader.snowflake.SnowflakeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehousesTest {
    private static final String BASE = "snowflake://xy12345.eu-west-1/PITWALL/LOADER?warehouse=LOAD_WH&role=LOADER&user=pitwall";
    private static KeyPair keys;
    private static String pem;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        pem = pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    @Test
    void duckDbUrlsNameAFileAndNoneMeansTheDataDir() {
        assertThat(Warehouses.duckDbFile(null, dir)).isEqualTo(dir.resolve("warehouse.duckdb"));
        assertThat(Warehouses.duckDbFile("duckdb:/var/lib/pitwall/w.duckdb", dir)).isEqualTo(Path.of("/var/lib/pitwall/w.duckdb"));
        assertBad(() -> Warehouses.duckDbFile("duckdb:", dir), "the path after duckdb: is empty");
        try (Warehouse warehouse = Warehouses.open("duckdb:" + dir.resolve("x/w.duckdb"), dir)) {
            assertThat(warehouse).isInstanceOf(DuckDbWarehouse.class);
            assertThat(((DuckDbWarehouse) warehouse).databaseFile()).isEqualTo(dir.resolve("x/w.duckdb"));
        }
    }

    @Test
    void aSnowflakeUrlWithTheKeyInTheEnvironment() {
        SnowflakeSettings s = Warehouses.snowflake(BASE + "&stage=F1_FILES&on_error=skip_file_3", Map.of(Warehouses.KEY_ENV, pem));
        assertThat(s.account()).isEqualTo("xy12345.eu-west-1");
        assertThat(s.database()).isEqualTo("PITWALL");
        assertThat(s.schema()).isEqualTo("LOADER");
        assertThat(s.warehouse()).isEqualTo("LOAD_WH");
        assertThat(s.role()).isEqualTo("LOADER");
        assertThat(s.user()).isEqualTo("pitwall");
        assertThat(s.stage()).isEqualTo("F1_FILES");
        assertThat(s.storageIntegration()).isEqualTo("PITWALL_S3");
        assertThat(s.onError()).isEqualTo("SKIP_FILE_3");
        assertThat(s.privateKey().getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
        assertThat(s.loginTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.maxHttpRetries()).isEqualTo(3);
        assertThat(s.toString()).doesNotContain(((java.security.interfaces.RSAPrivateCrtKey) keys.getPrivate()).getPrivateExponent().toString());
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:snowflake://https://xy12345.eu-west-1.snowflakecomputing.com:443/?account=xy12345.eu-west-1");
    }

    @Test
    void anEncryptedKeyFileWithItsPassphraseFromTheEnvironment() throws Exception {
        char[] passphrase = "pit lane".toCharArray();
        byte[] salt = new byte[8];
        new SecureRandom().nextBytes(salt);
        String algorithm = "PBEWithSHA1AndDESede";
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.ENCRYPT_MODE, SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(passphrase)),
                new PBEParameterSpec(salt, 2048));
        EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(cipher.getParameters(), cipher.doFinal(keys.getPrivate().getEncoded()));
        Path file = dir.resolve("rsa_key.p8");
        Files.writeString(file, pem("ENCRYPTED PRIVATE KEY", info.getEncoded()));

        SnowflakeSettings s = Warehouses.snowflake(BASE + "&private_key_file=" + file,
                Map.of(Warehouses.PASSPHRASE_ENV, new String(passphrase)));
        assertThat(s.privateKey().getEncoded()).isEqualTo(keys.getPrivate().getEncoded());

        assertBad(() -> Warehouses.snowflake(BASE + "&private_key_file=" + file, Map.of()), "passphrase");
        assertBad(() -> Warehouses.snowflake(BASE + "&private_key_file=" + file, Map.of(Warehouses.PASSPHRASE_ENV, "wrong")),
                "wrong passphrase");
    }

    /** What Snowflake's key-pair guide has people run: openssl's default PBES2 (AES-256) encryption. */
    @Test
    void anOpensslEncryptedKey() throws Exception {
        Path plain = dir.resolve("plain.pem");
        Path encrypted = dir.resolve("rsa_key.p8");
        Files.writeString(plain, pem);
        ProcessBuilder command = new ProcessBuilder("openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", plain.toString(),
                "-out", encrypted.toString(), "-passout", "env:KEY_PASS").redirectErrorStream(true);
        command.environment().put("KEY_PASS", "box box");
        Process openssl;
        try {
            openssl = command.start();
        } catch (java.io.IOException e) {
            Assumptions.abort("openssl is not installed: " + e.getMessage());
            return;
        }
        assertThat(openssl.waitFor()).isZero();
        assertThat(Files.readString(encrypted)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        SnowflakeSettings s = Warehouses.snowflake(BASE + "&private_key_file=" + encrypted + "&passphrase_env=KEY_PASS",
                Map.of("KEY_PASS", "box box"));
        assertThat(s.privateKey().getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
    }

    @Test
    void errorsNameTheBadPart() {
        Map<String, String> env = Map.of(Warehouses.KEY_ENV, pem);
        assertBad(() -> Warehouses.open("mysql://x", dir, env), "the scheme must be duckdb:, postgresql:// or snowflake://");
        assertBad(() -> Warehouses.snowflake("snowflake://acct/PITWALL?warehouse=W&role=R&user=U", env), "ACCOUNT/DATABASE/SCHEMA");
        assertBad(() -> Warehouses.snowflake("snowflake://acct/PITWALL/LOADER?role=R&user=U", env), "parameter 'warehouse' is missing");
        assertBad(() -> Warehouses.snowflake(BASE.replace("role=LOADER", "role=LOADER;DROP"), env), "role 'LOADER;DROP'");
        assertBad(() -> Warehouses.snowflake(BASE + "&colour=red", env), "unknown parameter 'colour'");
        assertBad(() -> Warehouses.snowflake(BASE + "&on_error=IGNORE", env), "on_error 'IGNORE'");
        assertBad(() -> Warehouses.snowflake(BASE + "&login_timeout=0", env), "parameter 'login_timeout'");
        assertBad(() -> Warehouses.snowflake(BASE + "&endpoint=ftp://h", env), "endpoint 'ftp://h'");
        assertBad(() -> Warehouses.snowflake(BASE, Map.of()), "environment variable " + Warehouses.KEY_ENV);
        assertBad(() -> Warehouses.snowflake(BASE, Map.of(Warehouses.KEY_ENV, "not a key")), "not PKCS#8 PEM");
        assertBad(() -> Warehouses.snowflake(BASE + "&private_key_file=" + dir.resolve("missing.p8"), env), "cannot read private_key_file");
    }

    private static void assertBad(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String part) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WarehouseException.class, e -> {
            assertThat(e.error()).isEqualTo(WarehouseError.BAD_URL);
            assertThat(e).hasMessageStartingWith("PW-0406").hasMessageContaining(part);
        });
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    void snowpipeModeWithItsPipeAndReportTimeout() {
        Map<String, String> env = Map.of(Warehouses.KEY_ENV, pem);
        SnowflakeSettings copy = Warehouses.snowflake(BASE, env);
        assertThat(copy.mode()).isEqualTo(dev.pitwall.loader.snowflake.SnowflakeMode.COPY);
        assertThat(copy.pipe()).isEqualTo("PITWALL_PIPE");
        assertThat(copy.reportTimeout()).isEqualTo(Duration.ofMinutes(5));

        SnowflakeSettings pipe = Warehouses.snowflake(BASE + "&mode=SnowPipe&pipe=F1_PIPE&report_timeout=90", env);
        assertThat(pipe.mode()).isEqualTo(dev.pitwall.loader.snowflake.SnowflakeMode.SNOWPIPE);
        assertThat(pipe.reportTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(pipe.qualifiedPipe(StagingTable.LAPS)).isEqualTo("PITWALL.LOADER.F1_PIPE_LAPS");
        try (Warehouse warehouse = Warehouses.open(BASE + "&mode=snowpipe", dir, env)) {
            assertThat(warehouse).isInstanceOf(dev.pitwall.loader.snowflake.SnowpipeWarehouse.class);
            assertThat(warehouse.readsObjectsItself()).isTrue();
        }
        try (Warehouse warehouse = Warehouses.open(BASE + "&mode=copy", dir, env)) {
            assertThat(warehouse).isInstanceOf(dev.pitwall.loader.snowflake.SnowflakeWarehouse.class);
        }
        assertBad(() -> Warehouses.snowflake(BASE + "&mode=stream", env), "mode 'stream' is not copy or snowpipe");
        assertBad(() -> Warehouses.snowflake(BASE + "&mode=snowpipe&pipe=a-b", env), "pipe 'a-b'");
        assertBad(() -> Warehouses.snowflake(BASE + "&report_timeout=-1", env), "parameter 'report_timeout'");
    }

    @Test
    void setupNamesNeedNoKey() {
        var names = Warehouses.snowflakeNames("snowflake://xy12345/F1/RAW?warehouse=LOAD_WH&role=LOADER&user=PITWALL&stage=FILES");
        assertThat(names.privateKey()).isNull();
        assertThat(names.stage()).isEqualTo("FILES");
        assertThat(names.toString()).contains("privateKey=(none)");
        String sql = dev.pitwall.loader.snowflake.SnowflakeSetup.sql(names, "f1-batches", "arn:aws:iam::1:role/r");
        assertThat(sql).contains("CREATE STAGE IF NOT EXISTS F1.RAW.FILES").contains("s3://f1-batches/");
    }
}
