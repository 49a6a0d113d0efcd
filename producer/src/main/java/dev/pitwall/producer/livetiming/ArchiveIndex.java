package dev.pitwall.producer.livetiming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Reads {@code <year>/Index.json} (Meetings[].Sessions[]) and a session's {@code Index.json} (Feeds). */
final class ArchiveIndex {
    static final ObjectMapper JSON = new ObjectMapper();

    private ArchiveIndex() {}

    static JsonNode parse(String text) throws IOException {
        return JSON.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /** Finished sessions only: no Path = not run yet, Key -1 = a placeholder F1 says to skip. */
    static List<ArchivedSession> sessions(int year, JsonNode index) {
        List<ArchivedSession> out = new ArrayList<>();
        for (JsonNode meeting : index.path("Meetings")) {
            for (JsonNode s : meeting.path("Sessions")) {
                String path = s.path("Path").asText("");
                if (path.isEmpty() || s.path("Key").asInt(0) == -1) {
                    continue;
                }
                String start = s.path("StartDate").asText("");
                out.add(new ArchivedSession(year, path, meeting.path("Name").asText(""), s.path("Name").asText(""),
                        s.path("Type").asText(""), utc(start, s.path("GmtOffset").asText("")),
                        start.length() >= 10 ? start.substring(0, 10) : null));
            }
        }
        return out;
    }

    static List<String> feeds(JsonNode sessionIndex) {
        List<String> out = new ArrayList<>();
        Iterator<String> names = sessionIndex.path("Feeds").fieldNames();
        names.forEachRemaining(out::add);
        return out;
    }

    /** Local start "2018-04-29T16:10:00" with offset "04:00:00" (or "-05:00:00") -> UTC. */
    static Instant utc(String localStart, String gmtOffset) {
        try {
            LocalDateTime local = LocalDateTime.parse(localStart);
            Duration offset = Duration.ZERO;
            if (!gmtOffset.isEmpty()) {
                boolean negative = gmtOffset.startsWith("-");
                String[] hms = gmtOffset.replace("-", "").replace("+", "").split(":");
                offset = Duration.ofHours(Long.parseLong(hms[0])).plusMinutes(hms.length > 1 ? Long.parseLong(hms[1]) : 0);
                if (negative) {
                    offset = offset.negated();
                }
            }
            return local.toInstant(java.time.ZoneOffset.UTC).minus(offset);
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }
}
