package dev.pitwall.producer.archive;

import dev.pitwall.producer.source.RaceSource;
import dev.pitwall.producer.source.SourceDocument;
import dev.pitwall.producer.source.SourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/** Reads Jolpica documents from a raw archive tree (DESIGN §7). Never touches the network. */
public final class RawArchiveSource implements RaceSource {
    private final Path archive;

    public RawArchiveSource(Path archive) {
        this.archive = archive;
    }

    @Override
    public String name() {
        return "archive";
    }

    @Override
    public String scheduleLocation(int season) {
        return ArchiveLayout.schedule(archive, season).toString();
    }

    @Override
    public Optional<SourceDocument> schedule(int season) {
        return read(ArchiveLayout.schedule(archive, season));
    }

    @Override
    public Optional<SourceDocument> results(int season, int round) {
        return read(ArchiveLayout.endpoint(archive, season, round, ArchiveLayout.RESULTS));
    }

    @Override
    public Optional<SourceDocument> sprint(int season, int round) {
        return read(ArchiveLayout.endpoint(archive, season, round, ArchiveLayout.SPRINT));
    }

    @Override
    public List<SourceDocument> lapPages(int season, int round) {
        return pages(index -> ArchiveLayout.lapPage(archive, season, round, index));
    }

    /** A missing file is "this archive has none": old seasons were recorded with results and laps only. */
    @Override
    public Optional<SourceDocument> qualifying(int season, int round) {
        return read(ArchiveLayout.endpoint(archive, season, round, ArchiveLayout.QUALIFYING));
    }

    @Override
    public List<SourceDocument> pitStopPages(int season, int round) {
        return pages(index -> ArchiveLayout.pitStopPage(archive, season, round, index));
    }

    @Override
    public Optional<SourceDocument> driverStandings(int season, int round) {
        return read(ArchiveLayout.endpoint(archive, season, round, ArchiveLayout.DRIVER_STANDINGS));
    }

    @Override
    public Optional<SourceDocument> constructorStandings(int season, int round) {
        return read(ArchiveLayout.endpoint(archive, season, round, ArchiveLayout.CONSTRUCTOR_STANDINGS));
    }

    private static List<SourceDocument> pages(IntFunction<Path> file) {
        List<SourceDocument> pages = new ArrayList<>();
        for (int index = 0; ; index++) {
            Optional<SourceDocument> page = read(file.apply(index));
            if (page.isEmpty()) {
                return pages;
            }
            pages.add(page.get());
        }
    }

    @Override
    public boolean probesFreely() {
        return true;
    }

    @Override
    public void close() {}

    private static Optional<SourceDocument> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SourceDocument.parse(file.toString(), Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE, "cannot read archive file " + file + ": " + e.getMessage(), e);
        }
    }
}
