package dev.pitwall.app.grafana;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes every dashboard of {@link Dashboards} for every {@link Datasource} under
 * {@code <dir>/<datasource>/<uid>.json}. The JSON is committed; {@code GrafanaDashboardsTest} fails
 * when it is not what this generates, so a panel is only ever changed here. Run from the repository root:
 * {@code java -cp "app/target/pitwall.jar:app/target/lib/*" dev.pitwall.app.grafana.DashboardGenerator grafana/dashboards}.
 */
public final class DashboardGenerator {
    private DashboardGenerator() {}

    /** File name relative to the dashboards folder, and its content. */
    public static Map<String, String> render() {
        Map<String, String> files = new LinkedHashMap<>();
        for (Datasource ds : Datasource.values()) {
            for (Dashboard d : Dashboards.all()) {
                files.put(ds.folder() + "/" + d.uid() + ".json", DashboardJson.render(d, ds));
            }
        }
        return files;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "grafana/dashboards");
        for (Map.Entry<String, String> file : render().entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            System.out.println("wrote " + path);
        }
    }
}
