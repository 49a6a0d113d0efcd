package dev.pitwall.loader.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.loader.warehouse.FileToLoad;
import dev.pitwall.loader.warehouse.GroupOutcome;
import dev.pitwall.loader.warehouse.LoadOutcome;
import dev.pitwall.loader.warehouse.MigrationScript;
import dev.pitwall.loader.warehouse.StagingTable;
import dev.pitwall.loader.warehouse.WarehouseError;
import dev.pitwall.loader.warehouse.WarehouseException;
import dev.pitwall.loader.warehouse.Warehouses;
import dev.pitwall.schemas.avro.FileWritten;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real snowflake-jdbc driver against {@link LocalSnowflake}: the exact statements, their order
 * and the transaction boundaries. Snowflake's SQL semantics are not checked here.
 */
class SnowflakeWarehouseTest {
    /** How the driver opens a transaction for {@code setAutoCommit(false)}. */
    private static final String BEGIN = "alter session /* JDBC:SnowflakeConnectionImpl.setAutoCommit*/ set autocommit=false";
    private static String pem;

    @TempDir
    Path dir;
    private LocalSnowflake snowflake;
    private SnowflakeWarehouse warehouse;

    @BeforeAll
    static void key() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    @BeforeEach
    void start() throws Exception {
        snowflake = new LocalSnowflake();
        warehouse = open("ABORT_STATEMENT");
    }

    @AfterEach
    void stop() {
        warehouse.close();
        snowflake.close();
    }

    private SnowflakeWarehouse open(String onError) throws Exception {
        Path keyFile = dir.resolve("rsa_key.p8");
        Files.writeString(keyFile, pem);
        return (SnowflakeWarehouse) Warehouses.open("snowflake://xy12345/PITWALL/LOADER?warehouse=LOAD_WH&role=PITWALL_LOADER"
                + "&user=PITWALL&private_key_file=" + keyFile + "&on_error=" + onError + "&endpoint=" + snowflake.endpoint()
                + "&login_timeout=5&network_timeout=2&max_http_retries=1", dir, Map.of());
    }

    @Test
    void migrationsRunStatementByStatementThenRecordTheirVersion() {
        warehouse.migrate();

        List<String> expected = new ArrayList<>();
        expected.add("CREATE TABLE IF NOT EXISTS pitwall_schema_version (version INTEGER PRIMARY KEY, script VARCHAR NOT NULL, "
                + "sha256 VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)");
        expected.add("SELECT version, sha256 FROM pitwall_schema_version");
        for (MigrationScript script : MigrationScript.forDialect("snowflake")) {
            expected.add(BEGIN);
            expected.addAll(script.statements());
            expected.add("INSERT INTO pitwall_schema_version (version, script, sha256, applied_at) VALUES (?, ?, ?, current_timestamp) "
                    + List.of(Integer.toString(script.version()), script.name(), script.sha256()));
            expected.add("commit");
        }
        assertThat(sessionStatements()).containsExactlyElementsOf(expected);

        snowflake.clearStatements();
        warehouse.migrate();
        assertThat(sessionStatements()).containsExactly(expected.get(0), expected.get(1));
    }

    @Test
    void loadsAFileWithCopyAndTheManifestRowInOneTransaction() {
        FileWritten file = file("results", 20);
        snowflake.reportCopy(file.getKey(), new LocalSnowflake.CopyReport("LOADED", 20, 20, 0, null));

        LoadOutcome outcome = warehouse.load(file);

        assertThat(outcome).isEqualTo(new LoadOutcome(file.getKey(), 20, false));
        assertThat(sessionStatements()).containsExactly(
                BEGIN,
                manifestCheck(file),
                "COPY INTO staging.results FROM @PITWALL.LOADER.PITWALL_FILES FILES = ('" + file.getKey() + "')"
                        + " FILE_FORMAT = (TYPE = JSON COMPRESSION = GZIP) MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE"
                        + " INCLUDE_METADATA = (_file = METADATA$FILENAME, _row = METADATA$FILE_ROW_NUMBER, ingested_at = METADATA$START_SCAN_TIME)"
                        + " ON_ERROR = ABORT_STATEMENT FORCE = TRUE",
                manifestInsert(file),
                "commit");
        assertThat(snowflake.manifest()).containsExactly(file.getKey());

        snowflake.clearStatements();
        assertThat(warehouse.load(file)).isEqualTo(new LoadOutcome(file.getKey(), 0, true));
        assertThat(sessionStatements()).containsExactly(
                BEGIN,
                manifestCheck(file),
                "rollback");
    }

    @Test
    void theNewSourcesMigrationsCreateEveryStagingTableWithTheLineColumnsThenTheViews() {
        warehouse.migrate();

        List<String> statements = sessionStatements();
        for (StagingTable table : StagingTable.values()) {
            String create = statements.stream()
                    .filter(s -> s.startsWith("CREATE TABLE IF NOT EXISTS " + table.qualifiedName() + " ("))
                    .findFirst().orElseThrow(() -> new AssertionError("no CREATE TABLE for " + table.qualifiedName()));
            // MATCH_BY_COLUMN_NAME fills columns by the JSON field names: every line field must be a column,
            // plus the three INCLUDE_METADATA columns, and nothing else.
            List<String> expected = new ArrayList<>(table.lineColumnNames());
            expected.addAll(List.of("ingested_at", "_file", "_row"));
            // later migrations add columns with ALTER TABLE (a table once created is never recreated)
            List<String> actual = new ArrayList<>(columnNames(create));
            String alter = "ALTER TABLE " + table.qualifiedName() + " ADD COLUMN IF NOT EXISTS ";
            statements.stream().filter(s -> s.startsWith(alter))
                    .forEach(s -> actual.add(s.substring(alter.length()).split("\\s+")[0]));
            assertThat(actual).as(table.qualifiedName()).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(statements).filteredOn(s -> s.startsWith("CREATE OR REPLACE VIEW analytics."))
                .extracting(s -> s.substring("CREATE OR REPLACE VIEW ".length(), s.indexOf(" AS")))
                .contains("analytics.qualifying", "analytics.pit_stops", "analytics.published_driver_standings",
                        "analytics.constructor_standings", "analytics.openf1_laps", "analytics.stints",
                        "analytics.tyre_strategy", "analytics.openf1_pit", "analytics.weather", "analytics.race_control",
                        "analytics.standings_check", "analytics.driver_standings", "analytics.timing_laps", "analytics.track_status");
        assertThat(MigrationScript.forDialect("snowflake")).extracting(MigrationScript::name)
                .startsWith("V001__staging.sql", "V002__analytics.sql", "V003__more_sources.sql", "V004__more_views.sql")
                .anyMatch(n -> n.endsWith("__livetiming.sql"));
    }

    /**
     * The standings migration sends the scoring rules (tables re-created, so a retried migration starts
     * them clean) with the same rows as DuckDB's and PostgreSQL's scripts, then the computed views.
     */
    @Test
    void theStandingsMigrationSendsTheSameScoringRulesAsTheOtherDialectsThenTheViews() {
        warehouse.migrate();

        List<String> statements = sessionStatements();
        assertThat(statements).filteredOn(s -> s.startsWith("CREATE OR REPLACE TABLE scoring."))
                .extracting(s -> s.substring("CREATE OR REPLACE TABLE ".length(), s.indexOf(" (")))
                .containsExactly("scoring.scales", "scoring.seasons", "scoring.rounds", "scoring.exceptions");
        List<String> inserts = statements.stream().filter(s -> s.startsWith("INSERT INTO scoring.")).toList();
        assertThat(inserts).hasSize(4);
        for (String dialect : List.of("duckdb", "postgresql")) {
            List<String> other = MigrationScript.forDialect(dialect).stream()
                    .flatMap(m -> m.statements().stream()).filter(s -> s.startsWith("INSERT INTO scoring.")).toList();
            assertThat(other).as("the scoring rules of %s", dialect).isEqualTo(inserts);
        }
        assertThat(inserts.get(1).split("\n    [(]")).as("one row per season 1950-2026").hasSize(1 + 77);
        int rules = statements.indexOf(inserts.get(3));
        // the standings views follow the rules, before the views of later migrations
        assertThat(statements).filteredOn(s -> s.startsWith("CREATE OR REPLACE VIEW analytics.") && statements.indexOf(s) > rules)
                .extracting(s -> s.substring("CREATE OR REPLACE VIEW ".length(), s.indexOf(" AS")))
                .startsWith("analytics.driver_standings", "analytics.constructor_standings", "analytics.result_points",
                        "analytics.published_constructor_standings", "analytics.standings_check",
                        "analytics.constructor_standings_check");
        assertThat(statements).contains("DROP VIEW IF EXISTS analytics.standings_check",
                "DROP VIEW IF EXISTS analytics.driver_standings", "DROP VIEW IF EXISTS analytics.constructor_standings");
    }

    /**
     * Snowflake SQL cannot run here: the tie-order migration (issue #10) is kept parallel to DuckDB's and
     * PostgreSQL's. The same staging columns, the same views in the same order, and the same accent
     * folding of the drivers' names, whose order decides ties in the published tables.
     */
    @Test
    void theTieOrderMigrationChangesTheSameThingsAsTheOtherDialects() {
        Map<String, MigrationScript> scripts = Map.of(
                "snowflake", script("snowflake", "V009__standings_tie_order.sql"),
                "duckdb", script("duckdb", "V011__standings_tie_order.sql"),
                "postgresql", script("postgresql", "V011__standings_tie_order.sql"));
        Pattern fold = Pattern.compile("translate\\(lower\\(max\\((\\w+)\\)\\),\\s*'([^']*)',\\s*'([^']*)'\\)");
        Map<String, List<String>> folds = new java.util.TreeMap<>();
        Map<String, List<String>> shapes = new java.util.TreeMap<>();
        scripts.forEach((dialect, script) -> {
            Matcher m = fold.matcher(script.sql());
            List<String> found = new ArrayList<>();
            while (m.find()) {
                assertThat(m.group(2).codePointCount(0, m.group(2).length()))
                        .as("%s: one replacement per folded letter", dialect).isEqualTo(m.group(3).length());
                found.add(m.group(0));
            }
            folds.put(dialect, found);
            shapes.put(dialect, script.statements().stream()
                    .map(st -> st.replace(" IF NOT EXISTS", "").lines().findFirst().orElseThrow())
                    .filter(first -> first.startsWith("ALTER TABLE") || first.startsWith("CREATE OR REPLACE VIEW")).toList());
        });
        assertThat(folds.get("snowflake")).hasSize(2).isEqualTo(folds.get("duckdb")).isEqualTo(folds.get("postgresql"));
        assertThat(shapes.get("snowflake")).containsExactly(
                        "ALTER TABLE staging.results ADD COLUMN position_order INTEGER",
                        "ALTER TABLE staging.results ADD COLUMN driver_given_name VARCHAR",
                        "ALTER TABLE staging.results ADD COLUMN driver_family_name VARCHAR",
                        "CREATE OR REPLACE VIEW analytics.results AS",
                        "CREATE OR REPLACE VIEW analytics.race_classification AS",
                        "CREATE OR REPLACE VIEW analytics.driver_standings AS",
                        "CREATE OR REPLACE VIEW analytics.constructor_standings AS")
                .isEqualTo(shapes.get("duckdb")).isEqualTo(shapes.get("postgresql"));
    }

    private static MigrationScript script(String dialect, String name) {
        return MigrationScript.forDialect(dialect).stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + dialect));
    }

    @Test
    void loadsANewTableWithTheSameCopyOptions() {
        FileWritten file = file("stints", 60);
        snowflake.reportCopy(file.getKey(), new LocalSnowflake.CopyReport("LOADED", 60, 60, 0, null));

        assertThat(warehouse.load(file)).isEqualTo(new LoadOutcome(file.getKey(), 60, false));

        assertThat(sessionStatements()).containsExactly(
                BEGIN,
                manifestCheck(file),
                "COPY INTO staging.stints FROM @PITWALL.LOADER.PITWALL_FILES FILES = ('" + file.getKey() + "')"
                        + " FILE_FORMAT = (TYPE = JSON COMPRESSION = GZIP) MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE"
                        + " INCLUDE_METADATA = (_file = METADATA$FILENAME, _row = METADATA$FILE_ROW_NUMBER, ingested_at = METADATA$START_SCAN_TIME)"
                        + " ON_ERROR = ABORT_STATEMENT FORCE = TRUE",
                manifestInsert(file),
                "commit");
        assertThat(snowflake.manifest()).containsExactly(file.getKey());
    }

    /** Column names of a {@code CREATE TABLE ... (name TYPE ..., ...)} statement. */
    private static List<String> columnNames(String create) {
        String body = create.substring(create.indexOf('(') + 1, create.lastIndexOf(')'));
        List<String> names = new ArrayList<>();
        int depth = 0;
        StringBuilder part = new StringBuilder();
        for (char c : (body + ",").toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                names.add(part.toString().strip().split("\\s+")[0]);
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        return names;
    }

    @Test
    void aPartiallyLoadedFileIsReportedWithItsFirstErrorAndNotMarkedLoaded() throws Exception {
        warehouse.close();
        warehouse = open("CONTINUE");
        FileWritten file = file("laps", 1200);
        snowflake.reportCopy(file.getKey(), new LocalSnowflake.CopyReport("PARTIALLY_LOADED", 1200, 1197, 3,
                "Numeric value 'DNF' is not recognized"));

        assertThatThrownBy(() -> warehouse.load(file))
                .isInstanceOfSatisfying(WarehouseException.class, e -> {
                    assertThat(e.error()).isEqualTo(WarehouseError.COPY_INCOMPLETE);
                    assertThat(e.error().fatal()).isTrue();
                    assertThat(e).hasMessageContaining("PARTIALLY_LOADED").hasMessageContaining("1197 of 1200")
                            .hasMessageContaining("Numeric value 'DNF' is not recognized");
                });
        List<String> statements = sessionStatements();
        assertThat(statements.get(2)).startsWith("COPY INTO staging.laps").contains("ON_ERROR = CONTINUE");
        assertThat(statements).noneMatch(s -> s.startsWith("INSERT INTO staging.loaded_files")).endsWith("rollback");
        assertThat(snowflake.manifest()).isEmpty();
    }

    @Test
    void loadsAGroupWithOneCopyOfEveryFileAndOneManifestBatchInOneTransaction() {
        List<FileWritten> files = List.of(file("laps", 1200, 0), file("laps", 1100, 1), file("laps", 900, 2));
        files.forEach(f -> snowflake.reportCopy(f.getKey(), new LocalSnowflake.CopyReport("LOADED", f.getRows(), f.getRows(), 0, null)));

        GroupOutcome outcome = warehouse.loadAll(files.stream().map(FileToLoad::staged).toList());

        assertThat(outcome.failed()).isEmpty();
        assertThat(outcome.done()).containsExactly(new LoadOutcome(files.get(0).getKey(), 1200, false),
                new LoadOutcome(files.get(1).getKey(), 1100, false), new LoadOutcome(files.get(2).getKey(), 900, false));
        assertThat(sessionStatements()).containsExactly(
                BEGIN,
                manifestCheck(files.toArray(FileWritten[]::new)),
                copyInto("laps", "ABORT_STATEMENT", files.toArray(FileWritten[]::new)),
                manifestInsert(files.toArray(FileWritten[]::new)),
                "commit");
        assertThat(snowflake.manifest()).containsExactlyInAnyOrderElementsOf(files.stream().map(FileWritten::getKey).toList());

        // Announced again with one new file: one COPY of the new file only.
        snowflake.clearStatements();
        FileWritten fourth = file("laps", 300, 3);
        snowflake.reportCopy(fourth.getKey(), new LocalSnowflake.CopyReport("LOADED", 300, 300, 0, null));
        List<FileWritten> again = Stream.concat(files.stream(), Stream.of(fourth)).toList();
        GroupOutcome second = warehouse.loadAll(again.stream().map(FileToLoad::staged).toList());
        assertThat(second.done()).filteredOn(LoadOutcome::skipped).hasSize(3);
        assertThat(second.done()).filteredOn(o -> !o.skipped()).containsExactly(new LoadOutcome(fourth.getKey(), 300, false));
        assertThat(sessionStatements()).containsExactly(
                BEGIN, manifestCheck(again.toArray(FileWritten[]::new)), copyInto("laps", "ABORT_STATEMENT", fourth),
                manifestInsert(fourth), "commit");
    }

    @Test
    void aPartiallyLoadedFileOfAGroupIsReportedAndLeftOutWhileTheOthersCommit() throws Exception {
        warehouse.close();
        warehouse = open("CONTINUE");
        FileWritten first = file("laps", 1200, 0);
        FileWritten partial = file("laps", 1100, 1);
        FileWritten third = file("laps", 900, 2);
        snowflake.reportCopy(first.getKey(), new LocalSnowflake.CopyReport("LOADED", 1200, 1200, 0, null));
        snowflake.reportCopy(partial.getKey(), new LocalSnowflake.CopyReport("PARTIALLY_LOADED", 1100, 1097, 3,
                "Numeric value 'DNF' is not recognized"));
        snowflake.reportCopy(third.getKey(), new LocalSnowflake.CopyReport("LOADED", 900, 900, 0, null));

        GroupOutcome outcome = warehouse.loadAll(Stream.of(first, partial, third).map(FileToLoad::staged).toList());

        assertThat(outcome.done()).containsExactly(new LoadOutcome(first.getKey(), 1200, false), new LoadOutcome(third.getKey(), 900, false));
        assertThat(outcome.failed()).containsOnlyKeys(partial.getKey());
        assertThat(outcome.failure()).get().satisfies(e -> {
            assertThat(e.error()).isEqualTo(WarehouseError.COPY_INCOMPLETE);
            assertThat(e).hasMessageStartingWith("PW-0407").hasMessageContaining(partial.getKey())
                    .hasMessageContaining("PARTIALLY_LOADED: 1097 of 1100 rows loaded, 3 errors")
                    .hasMessageContaining("first error: Numeric value 'DNF' is not recognized");
        });
        // The first COPY's transaction holds the partial file's 1097 rows: rolled back, then COPY again without it.
        assertThat(sessionStatements()).containsExactly(
                BEGIN,
                manifestCheck(first, partial, third),
                copyInto("laps", "CONTINUE", first, partial, third),
                "rollback",
                copyInto("laps", "CONTINUE", first, third),
                manifestInsert(first, third),
                "commit");
        assertThat(snowflake.manifest()).containsExactlyInAnyOrder(first.getKey(), third.getKey());
    }

    @Test
    void copyResultsGoToTheLongestKeyTheyEndWith() {
        List<CopyFileResult> rows = List.of(
                new CopyFileResult("s3://b/x/laps/a.jsonl.gz", "LOADED", 5, 5, 0, null),
                new CopyFileResult("s3://b/laps/a.jsonl.gz", "LOAD_FAILED", 5, 0, 1, "bad"));
        Map<String, CopyFileResult> byKey = SnowflakeWarehouse.byKey(List.of("laps/a.jsonl.gz", "x/laps/a.jsonl.gz", "y.gz"), rows);
        assertThat(byKey.get("x/laps/a.jsonl.gz").status()).isEqualTo("LOADED");
        assertThat(byKey.get("laps/a.jsonl.gz").status()).isEqualTo("LOAD_FAILED");
        assertThat(byKey.get("y.gz").status()).isEqualTo("NOT_REPORTED");
    }

    @Test
    void aRefusedLoginIsFatalAndNamesTheAccount() {
        snowflake.rejectLogins("JWT token is invalid.");

        assertThatThrownBy(() -> warehouse.isLoaded("any"))
                .isInstanceOfSatisfying(WarehouseException.class, e -> {
                    assertThat(e.error()).isEqualTo(WarehouseError.LOGIN_FAILED);
                    assertThat(e.error().fatal()).isTrue();
                    assertThat(e).hasMessageContaining("xy12345").hasMessageContaining("JWT token is invalid.");
                });
        assertThat(sessionStatements()).isEmpty();
    }

    @Test
    void aTimedOutCopyCommitsNothingAndTheRetryLoadsTheFileOnce() {
        FileWritten file = file("results", 20);
        snowflake.reportCopy(file.getKey(), new LocalSnowflake.CopyReport("LOADED", 20, 20, 0, null));
        snowflake.stall("COPY INTO", 6_000, 5);

        assertThatThrownBy(() -> warehouse.load(file))
                .isInstanceOfSatisfying(WarehouseException.class, e -> {
                    assertThat(e.error()).isEqualTo(WarehouseError.SQL_FAILED);
                    assertThat(e.error().fatal()).isFalse();
                });
        assertThat(snowflake.manifest()).isEmpty();
        assertThat(sessionStatements()).noneMatch(s -> s.startsWith("INSERT INTO staging.loaded_files"));

        snowflake.stall("COPY INTO", 0, 0);
        snowflake.clearStatements();
        assertThat(warehouse.load(file).rows()).isEqualTo(20);
        assertThat(snowflake.manifest()).containsExactly(file.getKey());
        assertThat(sessionStatements()).filteredOn(s -> s.startsWith("COPY INTO")).hasSize(1);
    }

    @Test
    void printsTheOneTimeSetup() {
        String sql = warehouse.setupSql("pitwall-batches", "arn:aws:iam::123456789012:role/pitwall-snowflake");
        assertThat(sql).contains("CREATE STORAGE INTEGRATION IF NOT EXISTS PITWALL_S3")
                .contains("STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/pitwall-snowflake'")
                .contains("STORAGE_ALLOWED_LOCATIONS = ('s3://pitwall-batches/')")
                .contains("CREATE STAGE IF NOT EXISTS PITWALL.LOADER.PITWALL_FILES")
                .contains("URL = 's3://pitwall-batches/'")
                .contains("STORAGE_INTEGRATION = PITWALL_S3");
        assertThat(snowflake.logins()).isZero();
    }

    /** Every statement the driver sent, in order, with its bound values. */
    private List<String> sessionStatements() {
        return snowflake.statements();
    }

    private static String manifestCheck(FileWritten... files) {
        return "SELECT object_key FROM staging.loaded_files WHERE status = 'LOADED' AND object_key IN ("
                + Stream.of(files).map(f -> "?").collect(Collectors.joining(", ")) + ") "
                + Stream.of(files).map(FileWritten::getKey).toList();
    }

    private static String copyInto(String table, String onError, FileWritten... files) {
        return "COPY INTO staging." + table + " FROM @PITWALL.LOADER.PITWALL_FILES FILES = ("
                + Stream.of(files).map(f -> "'" + f.getKey() + "'").collect(Collectors.joining(", ")) + ")"
                + " FILE_FORMAT = (TYPE = JSON COMPRESSION = GZIP) MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE"
                + " INCLUDE_METADATA = (_file = METADATA$FILENAME, _row = METADATA$FILE_ROW_NUMBER, ingested_at = METADATA$START_SCAN_TIME)"
                + " ON_ERROR = " + onError + " FORCE = TRUE";
    }

    /** One JDBC batch, which the driver sends as one request with array bindings (one row per file). */
    private static String manifestInsert(FileWritten... files) {
        List<List<String>> rows = Stream.of(files).map(f -> List.of(f.getKey(), f.getTable(), f.getBatchId(), f.getSha256(),
                Long.toString(f.getRows()), Long.toString(f.getBytes()))).toList();
        return "INSERT INTO staging.loaded_files (object_key, table_name, batch_id, sha256, rows, bytes, loaded_at, status) "
                + "VALUES (?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP(), 'LOADED') " + rows;
    }

    private static FileWritten file(String table, long rows) {
        return file(table, rows, 0);
    }

    private static FileWritten file(String table, long rows, int sequence) {
        String batchId = table + "-2024-1-R-" + String.format("%06d", sequence);
        return FileWritten.newBuilder().setBucket("pitwall-batches")
                .setKey("pitwall/" + table + "/season=2024/round=01/session=R/" + batchId + ".jsonl.gz")
                .setTable(table).setSeason(2024).setRound(1).setSession("R").setBatchId(batchId)
                .setRows(rows).setBytes(rows * 90).setSha256("ab".repeat(32)).setCloseReason("SESSION_FINISHED").build();
    }
}
