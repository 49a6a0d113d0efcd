package dev.pitwall.loader;

import java.util.Objects;

/**
 * Settings of the loader stage.
 *
 * @param groupId consumer group on {@code f1.files}; its committed offsets say which notifications are done
 */
public record LoaderConfig(String groupId) {
    public static final String DEFAULT_GROUP_ID = "pitwall-loader";

    public LoaderConfig {
        Objects.requireNonNull(groupId, "groupId");
        if (groupId.isBlank()) {
            throw new IllegalArgumentException("loader groupId must not be blank");
        }
    }

    public static LoaderConfig defaults() {
        return new LoaderConfig(DEFAULT_GROUP_ID);
    }
}
