package dev.pitwall.streams.deadletter;

import dev.pitwall.streams.clean.RejectReason;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a dead-lettered record: which stage rejected it, why, and where the original sits,
 * so an operator can fix the source and replay exactly that record.
 */
public final class DeadLetter {
    public static final String STAGE = "pitwall.stage";
    public static final String ERROR_CODE = "pitwall.error.code";
    public static final String ERROR_MESSAGE = "pitwall.error.message";
    public static final String SOURCE_TOPIC = "pitwall.source.topic";
    public static final String SOURCE_PARTITION = "pitwall.source.partition";
    public static final String SOURCE_OFFSET = "pitwall.source.offset";

    static final String STAGE_NAME = "streams";

    private DeadLetter() {}

    /** The original record's headers, with the pitwall headers added (replacing any from an earlier stage). */
    public static Headers headers(Headers original, RejectReason reason, String message,
                                  String topic, int partition, long offset) {
        RecordHeaders headers = new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
        for (String name : new String[] {STAGE, ERROR_CODE, ERROR_MESSAGE, SOURCE_TOPIC, SOURCE_PARTITION, SOURCE_OFFSET}) {
            headers.remove(name);
        }
        headers.add(STAGE, utf8(STAGE_NAME));
        headers.add(ERROR_CODE, utf8(reason.headerValue()));
        headers.add(ERROR_MESSAGE, utf8(message));
        headers.add(SOURCE_TOPIC, utf8(topic));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
        return headers;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
