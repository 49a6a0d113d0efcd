package dev.pitwall.app.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.loader.warehouse.QueryResult;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class QueryServerTest {

    /** A stand-in warehouse: answers with facts computed from the query text, fails on "boom". */
    private static final Function<String, QueryResult> ENGINE = sql -> {
        if (sql.contains("boom")) {
            throw new IllegalArgumentException("Parser Error: syntax error at or near \"boom\"\n\nLINE 1: " + sql);
        }
        return new QueryResult(List.of("query", "chars", "points", "missing", "finished", "at"), List.of(
                Arrays.asList(sql, sql.length(), new BigDecimal("12.50"), null, true, LocalDateTime.of(2024, 3, 2, 15, 0)),
                Arrays.asList(sql.toUpperCase(), (long) Integer.MAX_VALUE + sql.length(), new BigDecimal("1E+2"), null, false, null)));
    };

    @Test
    void answersAQueryOverLoopback() {
        try (QueryServer server = new QueryServer(ENGINE)) {
            URI endpoint = server.start();
            assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
            String sql = "select * from analytics.results where driver_id = 'pérez'";

            QueryResult result = QueryClient.query(endpoint, sql);

            assertThat(result.columns()).containsExactly("query", "chars", "points", "missing", "finished", "at");
            assertThat(result.rows()).hasSize(2);
            assertThat(result.rows().get(0)).containsExactly(sql, sql.length(), new BigDecimal("12.50"), null, true,
                    "2024-03-02T15:00:00");
            assertThat(result.rows().get(1)).containsExactly(sql.toUpperCase(), (long) Integer.MAX_VALUE + sql.length(),
                    100, null, false, null);
        }
    }

    @Test
    void aBareHostAndPortEndpointWorksToo() {
        try (QueryServer server = new QueryServer(ENGINE)) {
            URI endpoint = server.start();
            URI bare = URI.create("http://127.0.0.1:" + endpoint.getPort());

            assertThat(QueryClient.query(bare, "select 1").rows().get(0).get(1)).isEqualTo(8);
        }
    }

    @Test
    void reportsTheEnginesErrorAsOneLineWithTheDetailKept() {
        try (QueryServer server = new QueryServer(ENGINE)) {
            URI endpoint = server.start();

            assertThatThrownBy(() -> QueryClient.query(endpoint, "selec boom"))
                    .isInstanceOfSatisfying(QueryException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("Parser Error: syntax error at or near \"boom\"");
                        assertThat(e.detail()).endsWith("LINE 1: selec boom");
                    });
            assertThat(QueryClient.query(endpoint, "select 2").rows()).hasSize(2);
        }
    }

    @Test
    void refusesOtherMethodsAndEmptyQueries() throws Exception {
        try (QueryServer server = new QueryServer(ENGINE)) {
            URI endpoint = server.start();
            HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

            HttpResponse<String> get = http.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(get.body()).contains("\"error\"");

            assertThatThrownBy(() -> QueryClient.query(endpoint, "  ")).isInstanceOf(QueryException.class).hasMessage("empty query");
        }
    }

    @Test
    void failsClearlyWhenNobodyListens() {
        URI endpoint;
        try (QueryServer server = new QueryServer(ENGINE)) {
            endpoint = server.start();
        }

        assertThatThrownBy(() -> QueryClient.query(endpoint, "select 1"))
                .isInstanceOf(QueryException.class)
                .hasMessageStartingWith("cannot reach the pitwall query server at " + endpoint);
    }
}
