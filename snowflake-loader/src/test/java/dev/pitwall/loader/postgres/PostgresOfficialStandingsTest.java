package dev.pitwall.loader.postgres;

import dev.pitwall.embedded.LocalPostgres;
import dev.pitwall.loader.warehouse.OfficialStandingsContract;
import dev.pitwall.loader.warehouse.Warehouse;
import dev.pitwall.loader.warehouse.Warehouses;
import java.nio.file.Path;
import java.util.Map;

/** {@link OfficialStandingsContract} on a real PostgreSQL. */
class PostgresOfficialStandingsTest extends OfficialStandingsContract {
    private LocalPostgres postgres;

    @Override
    protected Warehouse openWarehouse(Path dir) {
        postgres = LocalPostgres.start(dir.resolve("postgres"));
        Warehouse pg = Warehouses.open(postgres.warehouseUrl(), dir, Map.of());
        pg.migrate();
        return pg;
    }

    @Override
    protected void closeWarehouse() throws Exception {
        try {
            if (warehouse != null) {
                warehouse.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
