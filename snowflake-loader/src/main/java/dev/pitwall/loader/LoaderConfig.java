package dev.pitwall.loader;

import java.util.Objects;

/**
 * Settings of the loader stage.
 *
 * @param groupId         consumer group on {@code f1.files}; its committed offsets say which notifications are done
 * @param maxFilesPerLoad most files of one table handed to the warehouse in one call (one Snowflake COPY, one
 *                        Snowpipe insertFiles, one DuckDB transaction); also the consumer's {@code max.poll.records}
 *                        unless the Kafka properties set it. 1 loads file by file as before.
 */
public record LoaderConfig(String groupId, int maxFilesPerLoad) {
    public static final String DEFAULT_GROUP_ID = "pitwall-loader";
    /** Snowflake's limit on names in one COPY FILES list, and so the loader's. */
    public static final int MAX_FILES_PER_LOAD = 1000;

    public LoaderConfig {
        Objects.requireNonNull(groupId, "groupId");
        if (groupId.isBlank()) {
            throw new IllegalArgumentException("loader groupId must not be blank");
        }
        if (maxFilesPerLoad < 1 || maxFilesPerLoad > MAX_FILES_PER_LOAD) {
            throw new IllegalArgumentException("maxFilesPerLoad must be 1 to " + MAX_FILES_PER_LOAD + ", got " + maxFilesPerLoad);
        }
    }

    /** The group with up to {@link #MAX_FILES_PER_LOAD} files per warehouse call. */
    public LoaderConfig(String groupId) {
        this(groupId, MAX_FILES_PER_LOAD);
    }

    public static LoaderConfig defaults() {
        return new LoaderConfig(DEFAULT_GROUP_ID);
    }

    public LoaderConfig withMaxFilesPerLoad(int files) {
        return new LoaderConfig(groupId, files);
    }
}
