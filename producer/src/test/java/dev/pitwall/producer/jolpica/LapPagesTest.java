package dev.pitwall.producer.jolpica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.source.SourceDocument;
import dev.pitwall.producer.source.SourceException;
import dev.pitwall.producer.testing.Fixtures;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LapPagesTest {
    private List<SourceDocument> pages;

    @BeforeEach
    void readRecordedPages() {
        try (RawArchiveSource archive = new RawArchiveSource(Fixtures.archive())) {
            pages = archive.lapPages(2023, 1);
        }
        assertThat(pages).hasSizeGreaterThan(1);
    }

    @Test
    void aLapSplitAcrossAPageBoundaryIsKeptOnceWithAllItsTimings() {
        int boundary = splitBoundary(pages);
        String splitLap = lapsOf(pages.get(boundary)).get(lapsOf(pages.get(boundary)).size() - 1).path("number").asText();
        int timingsOfSplitLap = timingsOf(pages.get(boundary), splitLap) + timingsOf(pages.get(boundary + 1), splitLap);

        List<LapTiming> merged = LapPages.merge(2023, 1, pages);

        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < merged.size(); i++) {
            if (merged.get(i).lap().equals(splitLap)) {
                positions.add(i);
            }
        }
        assertThat(positions).hasSize(timingsOfSplitLap);
        assertThat(positions.get(positions.size() - 1) - positions.get(0)).as("one contiguous lap group").isEqualTo(positions.size() - 1);
        assertThat(merged).hasSize(distinctPairs(pages)).hasSize(ResponseEnvelope.of(pages.get(0)).total());
    }

    @Test
    void aPageDeliveredTwiceAddsNoTimings() {
        List<SourceDocument> overlapping = new ArrayList<>(pages);
        int boundary = splitBoundary(pages);
        overlapping.add(boundary + 2, pages.get(boundary + 1));

        assertThat(LapPages.merge(2023, 1, overlapping)).isEqualTo(LapPages.merge(2023, 1, pages));
    }

    @Test
    void aMissingPageIsABadResponse() {
        List<SourceDocument> cut = pages.subList(0, pages.size() - 1);

        assertThatThrownBy(() -> LapPages.merge(2023, 1, cut))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.BAD_RESPONSE))
                .hasMessageContaining("MRData.total is " + ResponseEnvelope.of(pages.get(0)).total());
    }

    @Test
    void aPageShorterThanItsEnvelopePromisesIsABadResponse() {
        JsonNode shortened = pages.get(0).body().deepCopy();
        ArrayNode firstLapTimings = (ArrayNode) shortened.path("MRData").path("RaceTable").path("Races").get(0).path("Laps").get(0).path("Timings");
        firstLapTimings.remove(0);
        List<SourceDocument> broken = new ArrayList<>(pages);
        broken.set(0, new SourceDocument("page 0 shortened", shortened));

        assertThatThrownBy(() -> LapPages.merge(2023, 1, broken))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.BAD_RESPONSE))
                .hasMessageContaining("page 0 shortened");
    }

    @Test
    void pagesOfAnotherRaceAreRejected() {
        assertThatThrownBy(() -> LapPages.merge(2023, 2, pages))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.BAD_RESPONSE))
                .hasMessageContaining("season 2023 round 2");
    }

    /** The first page whose last lap continues on the next page, found from the recorded files. */
    static int splitBoundary(List<SourceDocument> pages) {
        for (int i = 0; i + 1 < pages.size(); i++) {
            List<JsonNode> here = lapsOf(pages.get(i));
            List<JsonNode> next = lapsOf(pages.get(i + 1));
            if (here.get(here.size() - 1).path("number").equals(next.get(0).path("number"))) {
                return i;
            }
        }
        throw new AssertionError("the recording has no lap split across pages");
    }

    static List<JsonNode> lapsOf(SourceDocument page) {
        List<JsonNode> laps = new ArrayList<>();
        page.body().path("MRData").path("RaceTable").path("Races").forEach(race -> race.path("Laps").forEach(laps::add));
        return laps;
    }

    static int timingsOf(SourceDocument page, String lap) {
        return lapsOf(page).stream().filter(l -> l.path("number").asText().equals(lap)).mapToInt(l -> l.path("Timings").size()).sum();
    }

    /** Sum of Timings over all pages minus (lap, driver) pairs seen before. */
    static int distinctPairs(List<SourceDocument> pages) {
        Set<String> pairs = new HashSet<>();
        for (SourceDocument page : pages) {
            for (JsonNode lap : lapsOf(page)) {
                lap.path("Timings").forEach(t -> pairs.add(lap.path("number").asText() + "/" + t.path("driverId").asText()));
            }
        }
        return pairs.size();
    }
}
