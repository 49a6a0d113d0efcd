package dev.pitwall.app.sql;

import dev.pitwall.loader.warehouse.QueryResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Sends one query to a running pitwall's {@link QueryServer}. */
public final class QueryClient {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .proxy(HttpClient.Builder.NO_PROXY)
            .build();

    private QueryClient() {}

    /**
     * @param endpoint what {@link QueryServer#start()} returned (a bare {@code http://host:port} works too)
     * @throws QueryException when the query fails or the server cannot be reached
     */
    public static QueryResult query(URI endpoint, String sql) {
        URI target = endpoint.getPath() == null || endpoint.getPath().isEmpty() || "/".equals(endpoint.getPath())
                ? endpoint.resolve(QueryServer.PATH) : endpoint;
        HttpRequest request = HttpRequest.newBuilder(target)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new QueryException("cannot reach the pitwall query server at " + target + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryException("interrupted while waiting for the query server at " + target, e);
        }
        if (response.statusCode() != 200) {
            String error = ResultJson.errorIn(response.body());
            throw new QueryException(error != null ? error
                    : "the query server at " + target + " answered HTTP " + response.statusCode());
        }
        return ResultJson.parse(response.body());
    }
}
