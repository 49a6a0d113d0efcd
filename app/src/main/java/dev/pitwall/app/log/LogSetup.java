package dev.pitwall.app.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Where the logs go, once the command line says which data dir and whether {@code --verbose}:
 * {@code <data-dir>/logs/pitwall.log}, rotated at 10 MiB keeping 5 gzip archives (at most ~60 MiB),
 * with the levels of logback.xml (INFO for pitwall, WARN for Kafka, s3proxy, Jetty, the AWS SDK);
 * the console keeps warnings and errors only, unless verbose.
 */
public final class LogSetup {
    public static final String FILE_APPENDER = "file";
    static final String MAX_FILE_SIZE = "10MB";
    static final int KEPT_ARCHIVES = 5;

    private static volatile Path logFile;

    private LogSetup() {}

    /** The file the running command logs to, if it logs to one. */
    public static Optional<Path> logFile() {
        return Optional.ofNullable(logFile);
    }

    public static Path logFile(Path dataDir) {
        return dataDir.resolve("logs").resolve("pitwall.log");
    }

    /** Console threshold only (commands that keep no log file, e.g. {@code sql}). */
    public static synchronized void console(boolean verbose) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Appender<ILoggingEvent> console = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console");
        if (console != null) {
            console.clearAllFilters();
            ThresholdFilter threshold = new ThresholdFilter();
            threshold.setLevel((verbose ? Level.INFO : Level.WARN).toString());
            threshold.start();
            console.addFilter(threshold);
            if (!verbose) {
                KafkaRetryFilter retries = new KafkaRetryFilter();
                retries.start();
                console.addFilter(retries);
            }
        }
        ConsoleLines.stackTraces(verbose);
    }

    /** Logs to {@code <dataDir>/logs/pitwall.log} from now on (replacing an earlier command's file in this JVM). */
    public static synchronized void toFile(Path dataDir, boolean verbose) {
        console(verbose);
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Path file = logFile(dataDir.toAbsolutePath().normalize());
        if (file.equals(logFile)) {
            return;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> previous = root.getAppender(FILE_APPENDER);
        if (previous != null) {
            root.detachAppender(previous);
            previous.stop();
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36}: %msg%n");
        encoder.start();

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(FILE_APPENDER);
        appender.setFile(file.toString());
        appender.setEncoder(encoder);

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file.resolveSibling("pitwall.%i.log.gz").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(KEPT_ARCHIVES);
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf(MAX_FILE_SIZE));
        trigger.start();

        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.start();
        root.addAppender(appender);
        logFile = file;
    }
}
