package dev.pitwall.loader.warehouse;

import java.nio.file.Path;

/** {@link OfficialStandingsContract} on DuckDB. */
class OfficialStandingsTest extends OfficialStandingsContract {

    @Override
    protected Warehouse openWarehouse(Path dir) {
        DuckDbWarehouse duckdb = new DuckDbWarehouse(dir.resolve("pitwall.duckdb"));
        duckdb.migrate();
        return duckdb;
    }

    @Override
    protected void closeWarehouse() {
        if (warehouse != null) {
            warehouse.close();
        }
    }
}
