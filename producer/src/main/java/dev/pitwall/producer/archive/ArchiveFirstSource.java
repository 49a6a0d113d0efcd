package dev.pitwall.producer.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.producer.jolpica.ResponseEnvelope;
import dev.pitwall.producer.source.RaceSource;
import dev.pitwall.producer.source.SourceDocument;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a document from the raw archive a previous replay kept (the bronze layer under the data
 * dir) and asks the API only for what the archive lacks, so replaying a round again costs no
 * requests. A kept answer that holds nothing yet (a round not run when it was fetched) or an
 * incomplete set of lap pages (a replay killed mid-round) counts as missing. {@code --refresh}
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
        if (complete(pages)) {
            servedFromArchive += pages.size();
            return pages;
        }
        if (!pages.isEmpty()) {
            log.info("kept lap pages of {}/{} are incomplete; fetching them again", season, round);
        }
        return api.lapPages(season, round);
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
        Optional<SourceDocument> usable = document.filter(d -> ResponseEnvelope.of(d).total() > 0);
        usable.ifPresent(d -> servedFromArchive++);
        return usable;
    }

    /** Every timing row the pages announce is in them. */
    private static boolean complete(List<SourceDocument> pages) {
        if (pages.isEmpty()) {
            return false;
        }
        int total = ResponseEnvelope.of(pages.get(0)).total();
        long rows = 0;
        for (SourceDocument page : pages) {
            for (JsonNode race : ResponseEnvelope.of(page).races()) {
                for (JsonNode lap : race.path("Laps")) {
                    rows += lap.path("Timings").size();
                }
            }
        }
        return total > 0 && rows == total;
    }
}
