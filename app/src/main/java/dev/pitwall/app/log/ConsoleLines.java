package dev.pitwall.app.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Log lines on stderr, one per event (a stack trace only with {@code --verbose}), printed above the
 * progress display when one is showing instead of through it.
 */
public final class ConsoleLines extends UnsynchronizedAppenderBase<ILoggingEvent> {
    /** What draws on the terminal right now; it prints log lines itself, above its display. */
    public interface Above {
        void printAbove(String line);
    }

    private static final AtomicReference<Above> DISPLAY = new AtomicReference<>();
    private static volatile boolean stackTraces;
    private static final AtomicLong WARNINGS = new AtomicLong();

    private Encoder<ILoggingEvent> encoder;

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /** A display takes over the console's log lines until {@link #release}. */
    public static void showing(Above display) {
        DISPLAY.set(display);
    }

    public static void release(Above display) {
        DISPLAY.compareAndSet(display, null);
    }

    static void stackTraces(boolean on) {
        stackTraces = on;
    }

    /** Lines printed so far (warnings and errors; everything with --verbose). */
    public static long printed() {
        return WARNINGS.get();
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder for " + name);
            return;
        }
        encoder.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        WARNINGS.incrementAndGet();
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8).stripTrailing();
        if (!stackTraces) {
            line = line.lines().findFirst().orElse(line);
        }
        if (event.getThrowableProxy() != null) {
            line += stackTraces ? System.lineSeparator() + ThrowableProxyUtil.asString(event.getThrowableProxy()).stripTrailing()
                    : " (" + event.getThrowableProxy().getClassName() + ")";
        }
        Above display = DISPLAY.get();
        if (display != null) {
            display.printAbove(line);
            return;
        }
        PrintStream err = System.err;
        synchronized (err) {
            err.println(line);
            err.flush();
        }
    }
}
