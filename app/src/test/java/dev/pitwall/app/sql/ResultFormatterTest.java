package dev.pitwall.app.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitwall.loader.warehouse.QueryResult;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultFormatterTest {

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    void tableAlignsNumbersRightAndTextLeft() {
        QueryResult r = new QueryResult(List.of("driver", "laps", "points", "status"), List.of(
                row("VER", 57L, new BigDecimal("1E+1"), "Finished"),
                row("HAM", 1234567L, new BigDecimal("0.50"), null)));

        assertThat(ResultFormatter.format(r, OutputFormat.TABLE)).isEqualTo("""
                driver |    laps | points | status
                -------+---------+--------+---------
                VER    |      57 |     10 | Finished
                HAM    | 1234567 |   0.50 | NULL
                (2 rows)
                """);
    }

    @Test
    void tableShowsNullInNumericColumnsRightAlignedAndCountsOneRow() {
        QueryResult r = new QueryResult(List.of("round", "name"), List.of(row(null, "Bahrain\tGP")));
        // a column with no values at all is not known to be numeric: left-aligned
        assertThat(ResultFormatter.format(r, OutputFormat.TABLE)).isEqualTo("""
                round | name
                ------+------------
                NULL  | Bahrain\\tGP
                (1 row)
                """);
    }

    @Test
    void tableOfNoRowsStillHasItsHeader() {
        QueryResult r = new QueryResult(List.of("season"), List.of());
        assertThat(ResultFormatter.format(r, OutputFormat.TABLE)).isEqualTo("""
                season
                ------
                (0 rows)
                """);
    }

    @Test
    void tablePrintsTimesIsoWithSeconds() {
        QueryResult r = new QueryResult(List.of("at", "day"), List.of(
                row(LocalDateTime.of(2024, 3, 2, 15, 0), LocalDate.of(2024, 3, 2)),
                row(OffsetDateTime.of(2024, 3, 2, 15, 0, 0, 0, ZoneOffset.UTC), java.sql.Date.valueOf("2024-03-09"))));
        assertThat(ResultFormatter.format(r, OutputFormat.TABLE)).isEqualTo("""
                at                   | day
                ---------------------+-----------
                2024-03-02T15:00:00  | 2024-03-02
                2024-03-02T15:00:00Z | 2024-03-09
                (2 rows)
                """);
    }

    @Test
    void csvQuotesCommasQuotesAndLineBreaksAndLeavesNullsEmpty() {
        QueryResult r = new QueryResult(List.of("driver", "note", "points", "at"), List.of(
                row("VER", "fastest, \"lap\"", new BigDecimal("1E+1"), LocalDateTime.of(2024, 3, 2, 15, 0)),
                row("HAM", null, null, ""),
                row("NOR", "two\nlines", new BigDecimal("1E-7"), null)));

        assertThat(ResultFormatter.format(r, OutputFormat.CSV)).isEqualTo(
                "driver,note,points,at\n"
                + "VER,\"fastest, \"\"lap\"\"\",10,2024-03-02T15:00:00\n"
                + "HAM,,,\"\"\n"
                + "NOR,\"two\nlines\",0.0000001,\n");
    }

    @Test
    void csvQuotesHeaderNamesThatNeedIt() {
        QueryResult r = new QueryResult(List.of("a,b", "c"), List.of(row(1, 2.5d)));
        assertThat(ResultFormatter.format(r, OutputFormat.CSV)).isEqualTo("\"a,b\",c\n1,2.5\n");
    }

    @Test
    void jsonIsAnArrayOfObjectsOnePerRow() throws Exception {
        QueryResult r = new QueryResult(List.of("season", "driver", "points", "fastest", "day", "gap"), List.of(
                row(2024, "VER", new BigDecimal("1E+1"), true, LocalDate.of(2024, 3, 2), 1.0E20),
                row(2024L, "O\"Ward", null, false, null, Double.NaN)));

        String json = ResultFormatter.format(r, OutputFormat.JSON);

        assertThat(json).isEqualTo("""
                [
                  {"season":2024,"driver":"VER","points":10,"fastest":true,"day":"2024-03-02","gap":100000000000000000000},
                  {"season":2024,"driver":"O\\"Ward","points":null,"fastest":false,"day":null,"gap":"NaN"}
                ]
                """);
        assertThat(new ObjectMapper().readTree(json).get(1).get("driver").asText()).isEqualTo("O\"Ward");
    }

    @Test
    void jsonOfNoRowsIsAnEmptyArray() {
        assertThat(ResultFormatter.format(new QueryResult(List.of("x"), List.of()), OutputFormat.JSON)).isEqualTo("[]\n");
    }
}
