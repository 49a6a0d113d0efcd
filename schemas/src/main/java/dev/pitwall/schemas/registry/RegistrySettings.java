package dev.pitwall.schemas.registry;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where the schema registry is and how pitwall uses it.
 *
 * @param url base URL of a Confluent-compatible REST API (Confluent SR, Apicurio's {@code /apis/ccompat/v7}, Karapace, Redpanda)
 * @param credentials basic-auth user and password, or empty
 * @param autoRegister register pitwall's schemas at start (and set their subjects' compatibility to BACKWARD);
 *     when off, every subject must already hold the schema
 * @param serdeClass a Kafka {@code Serde} class to encode and decode values instead of pitwall's own client
 *     (e.g. Confluent's {@code SpecificAvroSerde}), or empty
 */
public record RegistrySettings(URI url, Optional<Credentials> credentials, boolean autoRegister, Optional<String> serdeClass) {
    public static final String USER_ENV = "PITWALL_SCHEMA_REGISTRY_USER";
    public static final String PASSWORD_ENV = "PITWALL_SCHEMA_REGISTRY_PASSWORD";

    public RegistrySettings {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException(url + " is not an http(s) URL");
        }
    }

    /** Basic-auth credentials; {@link #toString()} never shows the password. */
    public record Credentials(String user, String password) {
        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password=***]";
        }
    }

    public static RegistrySettings of(URI url) {
        return new RegistrySettings(url, Optional.empty(), true, Optional.empty());
    }

    /** Credentials from {@value #USER_ENV} and {@value #PASSWORD_ENV}; one without the other is a mistake worth stopping for. */
    public static Optional<Credentials> credentialsFrom(Map<String, String> environment) {
        String user = blankToNull(environment.get(USER_ENV));
        String password = blankToNull(environment.get(PASSWORD_ENV));
        if (user == null && password == null) {
            return Optional.empty();
        }
        if (user == null || password == null) {
            throw new IllegalArgumentException("set both " + USER_ENV + " and " + PASSWORD_ENV + ", or neither");
        }
        return Optional.of(new Credentials(user, password));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
