package dev.pitwall.producer.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.producer.jolpica.ResponseEnvelope;
import dev.pitwall.producer.source.RaceSource;
import dev.pitwall.producer.source.SourceDocument;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a document from the raw archive a previous replay kept (the bronze layer under the data
 * dir) and asks the API only for what the archive lacks, so replaying a round again costs no
 * requests. A kept answer that holds nothing yet (a round not run when it was fetched) or an
 * incomplete set of lap or pit stop pages (a replay killed mid-round) counts as missing; an empty
 * qualifying, pit stop or standings answer kept alongside non-empty results is final and used.
 * {@code --refresh}
 * bypasses this class, for results restated since they were kept.
 */
public final class ArchiveFirstSource implements RaceSource {
    private static final Logger log = LoggerFactory.getLogger(ArchiveFirstSource.class);

    private final RaceSource archive;
    private final RaceSource api;
    private int servedFromArchive;

    public ArchiveFirstSource(RaceSource archive, RaceSource api) {
        this.archive = archive;
        this.api = api;
    }

    /** How many documents (pages counted one by one) came from the archive instead of the API. */
    public int servedFromArchive() {
        return servedFromArchive;
    }

    @Override
    public String name() {
        // the documents are the API's own answers, kept verbatim
        return api.name();
    }

    @Override
    public String scheduleLocation(int season) {
        return api.scheduleLocation(season);
    }

    @Override
    public Optional<SourceDocument> schedule(int season) {
        return kept(archive.schedule(season)).or(() -> api.schedule(season));
    }

    @Override
    public Optional<SourceDocument> results(int season, int round) {
        return kept(archive.results(season, round)).or(() -> api.results(season, round));
    }

    @Override
    public Optional<SourceDocument> sprint(int season, int round) {
        return kept(archive.sprint(season, round)).or(() -> api.sprint(season, round));
    }

    @Override
    public List<SourceDocument> lapPages(int season, int round) {
        List<SourceDocument> pages = archive.lapPages(season, round);
        if (complete(pages, ArchiveFirstSource::lapRows)) {
            servedFromArchive += pages.size();
            return pages;
        }
        if (!pages.isEmpty()) {
            log.info("kept lap pages of {}/{} are incomplete; fetching them again", season, round);
        }
        return api.lapPages(season, round);
    }

    @Override
    public Optional<SourceDocument> qualifying(int season, int round) {
        return keptOptional(archive.qualifying(season, round), season, round).or(() -> api.qualifying(season, round));
    }

    @Override
    public List<SourceDocument> pitStopPages(int season, int round) {
        List<SourceDocument> pages = archive.pitStopPages(season, round);
        if (complete(pages, ArchiveFirstSource::pitStopRows) || (!pages.isEmpty() && finalEmpty(pages.get(0), season, round))) {
            servedFromArchive += pages.size();
            return pages;
        }
        if (!pages.isEmpty()) {
            log.info("kept pit stop pages of {}/{} are incomplete; fetching them again", season, round);
        }
        return api.pitStopPages(season, round);
    }

    @Override
    public Optional<SourceDocument> driverStandings(int season, int round) {
        return keptOptional(archive.driverStandings(season, round), season, round).or(() -> api.driverStandings(season, round));
    }

    @Override
    public Optional<SourceDocument> constructorStandings(int season, int round) {
        return keptOptional(archive.constructorStandings(season, round), season, round).or(() -> api.constructorStandings(season, round));
    }

    @Override
    public boolean probesFreely() {
        return api.probesFreely();
    }

    @Override
    public void close() {
        try {
            archive.close();
        } finally {
            api.close();
        }
    }

    private Optional<SourceDocument> kept(Optional<SourceDocument> document) {
        Optional<SourceDocument> usable = document.filter(d -> ResponseEnvelope.totalOf(d) > 0);
        usable.ifPresent(d -> servedFromArchive++);
        return usable;
    }

    /**
     * A kept answer of an optional endpoint (qualifying, standings) is used when it holds rows, and
     * also when it holds none but the round's kept results do: it was fetched after the race, so
     * "none" is the source's final word (old seasons have no qualifying or standings), not "not yet".
     */
    private Optional<SourceDocument> keptOptional(Optional<SourceDocument> document, int season, int round) {
        Optional<SourceDocument> usable = document.filter(d -> ResponseEnvelope.totalOf(d) > 0 || finalEmpty(d, season, round));
        usable.ifPresent(d -> servedFromArchive++);
        return usable;
    }

    private boolean finalEmpty(SourceDocument document, int season, int round) {
        return ResponseEnvelope.totalOf(document) == 0
                && archive.results(season, round).filter(results -> ResponseEnvelope.totalOf(results) > 0).isPresent();
    }

    /** Every row the pages announce is in them. */
    private static boolean complete(List<SourceDocument> pages, ToLongFunction<SourceDocument> rowsOf) {
        if (pages.isEmpty()) {
            return false;
        }
        int total = ResponseEnvelope.of(pages.get(0)).total();
        long rows = 0;
        for (SourceDocument page : pages) {
            rows += rowsOf.applyAsLong(page);
        }
        return total > 0 && rows == total;
    }

    private static long lapRows(SourceDocument page) {
        long rows = 0;
        for (JsonNode race : ResponseEnvelope.of(page).races()) {
            for (JsonNode lap : race.path("Laps")) {
                rows += lap.path("Timings").size();
            }
        }
        return rows;
    }

    private static long pitStopRows(SourceDocument page) {
        long rows = 0;
        for (JsonNode race : ResponseEnvelope.of(page).races()) {
            rows += race.path("PitStops").size();
        }
        return rows;
    }
}
