package dev.pitwall.loader.it;

import dev.pitwall.embedded.LocalPostgres;
import dev.pitwall.loader.warehouse.Warehouse;
import dev.pitwall.loader.warehouse.Warehouses;
import java.nio.file.Path;
import java.util.Map;

/**
 * Every case of FileLoaderIT (restarts, re-announced files, a crash between the warehouse commit
 * and the offset commit, groups, retries) with a real PostgreSQL server as the warehouse.
 */
class PostgresFileLoaderIT extends FileLoaderIT {
    private LocalPostgres postgres;

    @Override
    Warehouse openWarehouse(Path dir) {
        postgres = LocalPostgres.start(dir.resolve("postgres"), Path.of("target", "embedded-pg").toAbsolutePath());
        return Warehouses.open(postgres.warehouseUrl(), dir, Map.of());
    }

    @Override
    void closeWarehouseServer() {
        if (postgres != null) {
            postgres.close();
        }
    }
}
