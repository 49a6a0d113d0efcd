package dev.pitwall.schemas.serde;

import dev.pitwall.schemas.registry.RegistrySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's wire format. Codecs are built in static fields all over the stages, and one process
 * writes one format, so the command line installs it once at start instead of threading it through
 * every stage's configuration.
 */
public final class WireFormats {
    private static final Logger LOG = LoggerFactory.getLogger(WireFormats.class);
    private static volatile WireFormat current = SingleObjectFormat.INSTANCE;

    private WireFormats() {}

    public static WireFormat current() {
        return current;
    }

    /**
     * Builds the registry format of {@code settings}, registers (or looks up) every Avro topic's subjects and
     * installs it. @throws dev.pitwall.schemas.registry.SchemaRegistryException when the registry says no
     */
    public static WireFormat useRegistry(RegistrySettings settings) {
        WireFormat format = settings.serdeClass().isPresent() ? new NamedSerdeFormat(settings) : new ConfluentFormat(settings);
        format.prepare(TopicSchemas.values());
        install(format);
        return format;
    }

    public static void install(WireFormat format) {
        current = format;
        LOG.info("topics carry {}", format.describe());
    }

    /** Back to single-object encoding (tests that installed a registry format). */
    public static void reset() {
        current = SingleObjectFormat.INSTANCE;
    }
}
