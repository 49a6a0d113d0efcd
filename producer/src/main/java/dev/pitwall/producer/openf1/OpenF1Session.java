package dev.pitwall.producer.openf1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.producer.source.SourceException;
import java.time.Instant;

/**
 * One object of OpenF1's {@code /v1/sessions}: what pitwall needs to name the session and to know
 * when it is over.
 */
public record OpenF1Session(int sessionKey, int meetingKey, int year, String sessionName, String sessionType,
                            Instant dateStart, Instant dateEnd) {

    /** @throws SourceException BAD_RESPONSE when a field pitwall needs is missing */
    public static OpenF1Session from(JsonNode object, String location) {
        JsonNode key = object.get("session_key");
        JsonNode year = object.get("year");
        if (key == null || !key.canConvertToInt() || year == null || !year.canConvertToInt()) {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE, "a session in " + location + " has no session_key or year");
        }
        try {
            return new OpenF1Session(key.asInt(), object.path("meeting_key").asInt(0), year.asInt(),
                    object.path("session_name").asText(""), object.path("session_type").asText(""),
                    OpenF1Dates.parse(object.path("date_start").asText(null)), OpenF1Dates.parse(object.path("date_end").asText(null)));
        } catch (IllegalArgumentException e) {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE, "session " + key.asInt() + " in " + location + ": " + e.getMessage());
        }
    }

    /** The OpenF1 job name of a historical replay: {@code openf1/<session_key>}. */
    public String replayJob() {
        return "openf1/" + sessionKey;
    }
}
