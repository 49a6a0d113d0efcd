package dev.pitwall.producer.jolpica;

import dev.pitwall.producer.source.SourceDocument;
import dev.pitwall.producer.source.SourceException;

/**
 * The {@code MRData.total} of a paged answer, checked the same way for every endpoint Jolpica pages
 * ({@link LapPages}, {@link PitStopPages}): every page must announce the same total, and the distinct
 * rows merged from all pages must add up to it. A mismatch is a BAD_RESPONSE naming the first page.
 */
final class PageTotal {
    private final String pagesName;
    private Integer total;
    private String firstLocation;

    /** @param pagesName how messages name the pages, e.g. {@code "lap pages"} */
    PageTotal(String pagesName) {
        this.pagesName = pagesName;
    }

    /** Opens one page: the first sets the total, each further one must agree with it. */
    ResponseEnvelope open(SourceDocument page) {
        ResponseEnvelope envelope = ResponseEnvelope.of(page);
        if (total == null) {
            total = envelope.total();
            firstLocation = page.location();
        } else if (total != envelope.total()) {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE, pagesName + " disagree on MRData.total: "
                    + total + " at " + firstLocation + ", " + envelope.total() + " at " + page.location());
        }
        return envelope;
    }

    /**
     * @param pagesPhrase the pages as the message counts them, e.g. {@code "lap pages"}
     * @param rowsPhrase the merged rows, e.g. {@code "distinct timings"}
     * @throws SourceException (BAD_RESPONSE) when pages were opened and {@code merged} is not their total
     */
    void checkMerged(int season, int round, int pages, int merged, String pagesPhrase, String rowsPhrase) {
        if (total != null && merged != total) {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE, "season " + season + " round " + round
                    + ": " + pages + " " + pagesPhrase + " hold " + merged + " " + rowsPhrase + " but MRData.total is " + total
                    + " (" + firstLocation + ")");
        }
    }
}
