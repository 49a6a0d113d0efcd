package dev.pitwall.app.cli;

import dev.pitwall.producer.replay.ReplayProgress;
import java.io.PrintWriter;

/**
 * Shows a replay's progress: a one-line bar redrawn in place on a terminal (rounds, documents
 * fetched, records committed), plain lines — one per session — when the output is a file or pipe.
 */
final class ReplayProgressPrinter implements ReplayProgress {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private int season;
    private int roundsPlanned;
    private int roundsDone;
    private long documents;
    private long records;
    private long lastDraw;

    ReplayProgressPrinter(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void roundsPlanned(int season, int rounds, int alreadyDone) {
        this.season = season;
        this.roundsPlanned = rounds;
        this.roundsDone = alreadyDone;
        if (alreadyDone > 0) {
            line(String.format("  %d: resuming an interrupted replay, %d of %d rounds already produced", season, alreadyDone, rounds));
        }
        draw(true);
    }

    @Override
    public void roundDone(int season, int round) {
        roundsDone++;
        draw(true);
    }

    @Override
    public void documentFetched(String location) {
        documents++;
        draw(false);
    }

    @Override
    public void recordsCommitted(int season, int round, String session, long records) {
        this.records += records;
        draw(false);
    }

    @Override
    public void sessionProduced(int season, int round, String session, long results, long laps) {
        // the line is printed by sessionTables, which follows with every table's count
    }

    /** One plain line per session, e.g. {@code 2024 round 6 R: 20 results, 1110 laps, 43 pitstops, ...}. */
    @Override
    public void sessionTables(int season, int round, String session, java.util.Map<String, Long> records) {
        if (!terminal) {
            String counts = records.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                    .collect(java.util.stream.Collectors.joining(", "));
            line(String.format("  %d round %d %s: %s", season, round, session, counts));
        }
    }

    /** Ends the bar's line so what follows starts on a fresh one. */
    void finish() {
        if (terminal && lastDraw != 0) {
            err.println();
            err.flush();
        }
    }

    private void line(String text) {
        if (terminal && lastDraw != 0) {
            err.print("\r\033[K");
        }
        err.println(text);
        err.flush();
    }

    private void draw(boolean force) {
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int filled = roundsPlanned == 0 ? 0 : (int) ((long) WIDTH * roundsDone / roundsPlanned);
        err.printf("\r\033[K  %d [%s%s] rounds %d/%d  documents %d  records %,d", season,
                "#".repeat(filled), ".".repeat(WIDTH - filled), roundsDone, roundsPlanned, documents, records);
        err.flush();
    }
}
