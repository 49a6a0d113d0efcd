package dev.pitwall.producer.replay;

import dev.pitwall.producer.source.RaceSource;
import dev.pitwall.producer.source.SourceDocument;
import java.util.List;
import java.util.Optional;

/** Passes every document a source delivers on to {@link ReplayProgress#documentFetched}. */
final class ObservedSource implements RaceSource {
    private final RaceSource source;
    private final ReplayProgress progress;

    ObservedSource(RaceSource source, ReplayProgress progress) {
        this.source = source;
        this.progress = progress;
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public String scheduleLocation(int season) {
        return source.scheduleLocation(season);
    }

    @Override
    public Optional<SourceDocument> schedule(int season) {
        return seen(source.schedule(season));
    }

    @Override
    public Optional<SourceDocument> results(int season, int round) {
        return seen(source.results(season, round));
    }

    @Override
    public Optional<SourceDocument> sprint(int season, int round) {
        return seen(source.sprint(season, round));
    }

    @Override
    public List<SourceDocument> lapPages(int season, int round) {
        List<SourceDocument> pages = source.lapPages(season, round);
        pages.forEach(page -> progress.documentFetched(page.location()));
        return pages;
    }

    @Override
    public Optional<SourceDocument> qualifying(int season, int round) {
        return seen(source.qualifying(season, round));
    }

    @Override
    public List<SourceDocument> pitStopPages(int season, int round) {
        List<SourceDocument> pages = source.pitStopPages(season, round);
        pages.forEach(page -> progress.documentFetched(page.location()));
        return pages;
    }

    @Override
    public Optional<SourceDocument> driverStandings(int season, int round) {
        return seen(source.driverStandings(season, round));
    }

    @Override
    public Optional<SourceDocument> constructorStandings(int season, int round) {
        return seen(source.constructorStandings(season, round));
    }

    @Override
    public boolean probesFreely() {
        return source.probesFreely();
    }

    @Override
    public void close() {
        source.close();
    }

    private Optional<SourceDocument> seen(Optional<SourceDocument> document) {
        document.ifPresent(d -> progress.documentFetched(d.location()));
        return document;
    }
}
