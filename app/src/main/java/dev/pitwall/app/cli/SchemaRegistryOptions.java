package dev.pitwall.app.cli;

import dev.pitwall.schemas.registry.RegistrySettings;
import dev.pitwall.schemas.registry.SchemaRegistryException;
import dev.pitwall.schemas.serde.WireFormats;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The topics' wire format: single-object encoding, or the Confluent wire format against a schema registry. */
public final class SchemaRegistryOptions {
    @Option(names = "--schema-registry-url", paramLabel = "URL", defaultValue = "${env:PITWALL_SCHEMA_REGISTRY_URL}",
            description = {"Write every Avro topic in the Confluent wire format against this Confluent-compatible registry "
                    + "(env PITWALL_SCHEMA_REGISTRY_URL), e.g. http://127.0.0.1:8081 or Apicurio's http://HOST:PORT/apis/ccompat/v7.",
                    "Basic auth from env " + RegistrySettings.USER_ENV + " and " + RegistrySettings.PASSWORD_ENV
                            + ". Default: Avro single-object encoding, no registry. Either way both encodings are read."})
    String url;

    @Option(names = "--schema-auto-register", negatable = true, defaultValue = "${env:PITWALL_SCHEMA_AUTO_REGISTER:-true}",
            fallbackValue = "true",
            description = "Register pitwall's schemas under <topic>-key/<topic>-value at start and set those subjects BACKWARD "
                    + "(default; env PITWALL_SCHEMA_AUTO_REGISTER). --no-schema-auto-register only looks them up: they must exist.")
    boolean autoRegister;

    @Option(names = "--schema-serde", paramLabel = "CLASS", defaultValue = "${env:PITWALL_SCHEMA_SERDE}",
            description = {"A Kafka Serde class for values instead of pitwall's own registry client, e.g. Confluent's "
                    + "io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde on the class path (env PITWALL_SCHEMA_SERDE; needs "
                    + "--schema-registry-url). Not tested here: Confluent's jars are not on Maven Central."})
    String serdeClass;

    /** Checks the options and installs the process's wire format, registering the subjects; a no-op without a URL. */
    public void install(CommandLine cl, Map<String, String> environment) {
        RegistrySettings settings = settings(cl, environment).orElse(null);
        if (settings == null) {
            WireFormats.reset();
            return;
        }
        try {
            WireFormats.useRegistry(settings);
        } catch (SchemaRegistryException e) {
            throw new PitwallException(ErrorCode.SCHEMA_REGISTRY, e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--schema-serde: " + e.getMessage());
        }
    }

    Optional<RegistrySettings> settings(CommandLine cl, Map<String, String> environment) {
        if (url == null || url.isBlank()) {
            if (serdeClass != null && !serdeClass.isBlank()) {
                throw new CommandLine.ParameterException(cl, "--schema-serde needs --schema-registry-url");
            }
            return Optional.empty();
        }
        try {
            return Optional.of(new RegistrySettings(URI.create(url), RegistrySettings.credentialsFrom(environment), autoRegister,
                    Optional.ofNullable(serdeClass == null || serdeClass.isBlank() ? null : serdeClass)));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--schema-registry-url: " + e.getMessage());
        }
    }
}
