package dev.pitwall.app.runtime;

import dev.pitwall.schemas.Topics;
import java.util.List;

/** The consumer groups of the stages and the topics each consumes: what "caught up" is checked on. */
public final class StageGroups {
    private StageGroups() {}

    public static final String STREAMS = "pitwall-streams";
    public static final String SINK = "pitwall-sink";
    public static final String LOADER = "pitwall-loader";

    public static final List<String> STREAMS_INPUTS = java.util.stream.Stream.concat(Topics.RAW.stream(), java.util.stream.Stream.of(Topics.CONTROL)).toList();
    public static final List<String> SINK_INPUTS = List.of(Topics.BATCHES);
    public static final List<String> LOADER_INPUTS = List.of(Topics.FILES);
}
