package dev.pitwall.producer.source;

import java.util.List;
import java.util.Optional;

/**
 * Where Jolpica-format documents come from: the live API or a raw archive tree. A source only
 * fetches; reading the documents into records is shared by every source.
 *
 * <p>Methods throw {@link SourceException} when the source cannot answer. An empty {@link Optional}
 * or empty list means the source holds nothing for that request.
 */
public interface RaceSource extends AutoCloseable {

    /** {@code jolpica} or {@code archive}: the {@code source} field of the records built from it. */
    String name();

    /** Where the season's schedule is read from, for messages. */
    String scheduleLocation(int season);

    /** The season schedule ({@code races.json}). */
    Optional<SourceDocument> schedule(int season);

    /** Race results ({@code results.json}). */
    Optional<SourceDocument> results(int season, int round);

    /** Sprint results ({@code sprint.json}). */
    Optional<SourceDocument> sprint(int season, int round);

    /** Every page of lap timings in order; empty when the source has no laps for the race. */
    List<SourceDocument> lapPages(int season, int round);

    /** Qualifying results ({@code qualifying.json}); empty when the source has none (an archive without the file). */
    Optional<SourceDocument> qualifying(int season, int round);

    /** Every page of the race's pit stops in order ({@code pitstops.json}); empty when the source has none. */
    List<SourceDocument> pitStopPages(int season, int round);

    /** The drivers' championship after the round ({@code driverStandings.json}); empty when the source has none. */
    Optional<SourceDocument> driverStandings(int season, int round);

    /** The constructors' championship after the round ({@code constructorStandings.json}); empty when the source has none. */
    Optional<SourceDocument> constructorStandings(int season, int round);

    /**
     * Whether asking for a document that may not exist costs nothing (no network). The reader then
     * looks for sprint results even where the schedule does not announce a sprint.
     */
    boolean probesFreely();

    @Override
    void close();
}
