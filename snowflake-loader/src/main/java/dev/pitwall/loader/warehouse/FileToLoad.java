package dev.pitwall.loader.warehouse;

import dev.pitwall.schemas.avro.FileWritten;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One file handed to {@link Warehouse#loadAll}: its notification and, for a warehouse that does not
 * read objects itself (DuckDB), the verified local copy the loader downloaded.
 *
 * @param localCopy the gzip JSON-lines file, or null when {@link Warehouse#readsObjectsItself()}
 */
public record FileToLoad(FileWritten file, Path localCopy) {
    public FileToLoad {
        Objects.requireNonNull(file, "file");
    }

    /** A file the warehouse reads from its own stage (Snowflake). */
    public static FileToLoad staged(FileWritten file) {
        return new FileToLoad(file, null);
    }

    public String key() {
        return file.getKey();
    }
}
