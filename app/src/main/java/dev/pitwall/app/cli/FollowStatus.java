package dev.pitwall.app.cli;

import dev.pitwall.app.log.ConsoleLines;
import dev.pitwall.producer.follow.FollowAction;
import dev.pitwall.producer.follow.FollowClock;
import dev.pitwall.producer.follow.Follower;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;

/**
 * What {@code pitwall follow} tells its operator: on a terminal one status line redrawn in place (what it waits
 * for, when, and how long until then), with what it did printed above; otherwise a line per new wait and per step.
 */
final class FollowStatus implements Follower.Listener, ConsoleLines.Above, AutoCloseable {
    private final PrintWriter err;
    private final Terminal terminal;
    private final Display display;
    private final FollowClock clock;
    private String waitingFor;
    private boolean shown;

    FollowStatus(PrintWriter err, Terminal terminal, FollowClock clock) {
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
        if (terminal != null) {
            display = new Display(terminal, false);
            display.resize(Math.max(terminal.getHeight(), 5), Math.max(terminal.getWidth(), 40));
            ConsoleLines.showing(this);
        } else {
            display = null;
        }
    }

    @Override
    public synchronized void waiting(FollowAction next, Instant now) {
        String line = "waiting to " + next.describe() + " at " + FollowCommand.when(next.due());
        if (display == null) {
            if (!line.equals(waitingFor)) {
                err.println(line + " (in " + left(Duration.between(now, next.due())) + ")");
                err.flush();
            }
        } else {
            List<AttributedString> lines = List.of(new AttributedString(line + "  in " + left(Duration.between(now, next.due())))
                    .columnSubSequence(0, Math.max(1, display.getColumns() - 1)));
            display.update(lines, -1);
            terminal.writer().flush();
            shown = true;
        }
        waitingFor = line;
    }

    @Override
    public void starting(FollowAction action) {
        printAbove(FollowCommand.when(clock.now()) + "  " + action.describe() + " ...");
    }

    @Override
    public void finished(FollowAction action, String outcome) {
        printAbove(FollowCommand.when(clock.now()) + "  " + action.describe() + ": " + outcome);
    }

    @Override
    public void deferred(FollowAction action, String why, Instant until) {
        printAbove(FollowCommand.when(clock.now()) + "  " + action.describe() + ": " + why + "; again at " + FollowCommand.when(until));
    }

    @Override
    public synchronized void printAbove(String text) {
        waitingFor = null;
        if (display == null) {
            err.println(text);
            err.flush();
            return;
        }
        if (shown) {
            display.update(List.of(), 0);
            display.reset();
            shown = false;
        }
        terminal.writer().println(text);
        terminal.writer().flush();
    }

    static String left(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s >= 86_400) {
            return String.format("%dd %02dh %02dm", s / 86_400, s / 3600 % 24, s / 60 % 60);
        }
        return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    @Override
    public synchronized void close() {
        if (display != null) {
            ConsoleLines.release(this);
            if (shown) {
                display.update(List.of(), 0);
            }
            try {
                terminal.close();
            } catch (IOException e) {
                // best effort: the terminal's attributes are restored by the shell anyway
            }
        }
    }
}
