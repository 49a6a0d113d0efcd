package dev.pitwall.app.cli;

import dev.pitwall.app.log.ConsoleLines;
import dev.pitwall.producer.replay.ReplayProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;

/**
 * Shows a replay's progress. On a terminal: one display redrawn in place by JLine (rounds and sessions
 * done, records, files loaded, rejects, elapsed, an estimate of the time left), with warnings printed
 * above it one line each. Otherwise plain lines, one per session.
 */
final class ReplayProgressPrinter implements ReplayProgress, ConsoleLines.Above, AutoCloseable {
    private static final int BAR = 24;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final long COUNTS_NANOS = 1_000_000_000L;

    /** Files loaded and records rejected by the pipeline since this replay started. */
    record PipelineCounts(long filesLoaded, long rejected) {
        static final PipelineCounts NONE = new PipelineCounts(0, 0);
    }

    private final PrintWriter err;
    private final Terminal terminal;
    private final Display display;
    private final long started = System.nanoTime();
    private Supplier<PipelineCounts> counts = () -> PipelineCounts.NONE;
    private PipelineCounts lastCounts = PipelineCounts.NONE;
    private long countsAt;
    private int season;
    private int roundsPlanned;
    private int roundsDone;
    private int roundsDoneHere;
    private long sessions;
    private long documents;
    private long records;
    private long lastDraw;
    private boolean shown;
    private boolean finished;
    private final java.util.Timer ticker;

    /** @param terminal where to draw in place; null for plain lines on {@code err} */
    ReplayProgressPrinter(PrintWriter err, Terminal terminal) {
        this.err = err;
        this.terminal = terminal;
        if (terminal != null) {
            display = new Display(terminal, false);
            display.resize(Math.max(terminal.getHeight(), 5), Math.max(terminal.getWidth(), 40));
            ConsoleLines.showing(this);
            // elapsed time and the pipeline's counts move while nothing is produced (the wait for the loader)
            ticker = new java.util.Timer("pitwall-progress", true);
            ticker.schedule(new java.util.TimerTask() {
                @Override
                public void run() {
                    tick();
                }
            }, 1000, 1000);
        } else {
            display = null;
            ticker = null;
        }
    }

    /** The terminal on stderr when both ends are one (not when piped or redirected), else null. */
    static Terminal systemTerminal() {
        if (System.console() == null) {
            return null;
        }
        try {
            // the exec provider (stty) needs no native library; a dumb terminal cannot redraw, so plain lines then
            Terminal t = TerminalBuilder.builder().system(true).systemOutput(TerminalBuilder.SystemOutput.SysErr)
                    .providers("exec").dumb(false).nativeSignals(false).build();
            if (Terminal.TYPE_DUMB.equals(t.getType()) || Terminal.TYPE_DUMB_COLOR.equals(t.getType())) {
                t.close();
                return null;
            }
            return t;
        } catch (IOException | IllegalStateException e) {
            return null;
        }
    }

    /** Where files loaded and rejects come from (read at most once a second). */
    void pipelineCounts(Supplier<PipelineCounts> source) {
        this.counts = source;
    }

    @Override
    public void roundsPlanned(int season, int rounds, int alreadyDone) {
        this.season = season;
        this.roundsPlanned = rounds;
        this.roundsDone = alreadyDone;
        this.roundsDoneHere = 0;
        if (alreadyDone > 0) {
            line(String.format("  %d: resuming an interrupted replay, %d of %d rounds already produced", season, alreadyDone, rounds));
        }
        draw(true);
    }

    @Override
    public void roundDone(int season, int round) {
        roundsDone++;
        roundsDoneHere++;
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
        sessions++;
    }

    /** One plain line per session, e.g. {@code 2024 round 6 R: 20 results, 1110 laps, 43 pitstops, ...}. */
    @Override
    public void sessionTables(int season, int round, String session, Map<String, Long> records) {
        if (display == null) {
            String tables = records.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
            line(String.format("  %d round %d %s: %s", season, round, session, tables));
        } else {
            draw(true);
        }
    }

    /** A line for the operator: above the display on a terminal, plain otherwise. */
    synchronized void line(String text) {
        if (display == null) {
            err.println(text);
            err.flush();
            return;
        }
        printAbove(text);
    }

    /** Log warnings come here while the display shows (see {@link ConsoleLines}). */
    @Override
    public synchronized void printAbove(String text) {
        if (display == null) {
            err.println(text);
            err.flush();
            return;
        }
        display.update(List.of(), 0);
        terminal.writer().println(text);
        terminal.writer().flush();
        display.reset();
        if (shown) {
            render();
        }
    }

    private synchronized void tick() {
        if (shown && !finished) {
            render();
        }
    }

    /** Draws the final state and leaves it on screen; what follows starts below it. */
    synchronized void finish() {
        if (display == null || finished) {
            return;
        }
        finished = true;
        ticker.cancel();
        ConsoleLines.release(this);
        if (shown) {
            countsAt = 0;
            render();
            terminal.writer().println();
            terminal.writer().flush();
        }
    }

    @Override
    public void close() {
        finish();
        if (terminal != null) {
            try {
                terminal.close();
            } catch (IOException e) {
                // the terminal's attributes are restored best effort; nothing else depends on it
            }
        }
    }

    private synchronized void draw(boolean force) {
        if (display == null || finished) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        render();
    }

    private void render() {
        long now = System.nanoTime();
        if (countsAt == 0 || now - countsAt > COUNTS_NANOS) {
            countsAt = now;
            try {
                lastCounts = counts.get();
            } catch (RuntimeException e) {
                // keep the last known counts; the summary reads the warehouse itself
            }
        }
        List<AttributedString> lines = lines(now).stream().map(AttributedString::new)
                .map(s -> s.columnSubSequence(0, Math.max(1, display.getColumns() - 1))).toList();
        display.update(lines, -1);
        terminal.writer().flush();
        shown = true;
    }

    /** The display's text; package-private for the test. */
    List<String> lines(long now) {
        int filled = roundsPlanned == 0 ? 0 : (int) ((long) BAR * roundsDone / roundsPlanned);
        Duration elapsed = Duration.ofNanos(now - started);
        String left = "";
        if (roundsDoneHere > 0 && roundsDone < roundsPlanned) {
            left = "  left ~" + clock(elapsed.multipliedBy(roundsPlanned - roundsDone).dividedBy(roundsDoneHere));
        }
        return List.of(
                String.format("  %d [%s%s] rounds %d/%d  sessions %d  records %,d", season, "#".repeat(filled),
                        ".".repeat(BAR - filled), roundsDone, roundsPlanned, sessions, records),
                String.format("       documents %d  files loaded %d  rejects %d  elapsed %s%s", documents,
                        lastCounts.filesLoaded(), lastCounts.rejected(), clock(elapsed), left));
    }

    static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
