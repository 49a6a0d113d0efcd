package dev.pitwall.loader.warehouse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one {@link Warehouse#loadAll} call did with a group of files. Each file is in at most one of:
 * {@code done} (committed with its manifest row, or skipped because the manifest had it) or
 * {@code failed} (not in the manifest, nothing of it committed, with why). A file in neither was not
 * attempted; the caller retries it.
 *
 * @param done   per file loaded or skipped, in the group's order
 * @param failed object key -> why it is not loaded (e.g. PW-0407 with the file's first error), in the group's order
 */
public record GroupOutcome(List<LoadOutcome> done, Map<String, WarehouseException> failed) {
    public GroupOutcome {
        done = List.copyOf(done);
        failed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failed));
    }

    /** The failure the loader acts on: the first fatal one, else the first one (the loader logs all of them). */
    public Optional<WarehouseException> failure() {
        return failed.values().stream().filter(e -> e.error().fatal()).findFirst()
                .or(() -> failed.values().stream().findFirst());
    }
}
