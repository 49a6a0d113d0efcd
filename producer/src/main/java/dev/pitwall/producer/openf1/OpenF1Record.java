package dev.pitwall.producer.openf1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.schemas.avro.RawOpenF1;

/**
 * One OpenF1 object ready for its raw topic: key {@code season/round/session} + the endpoint's suffix
 * and the {@link RawOpenF1} value whose payload is the object as received (compact, field order and
 * number text kept).
 */
public record OpenF1Record(OpenF1Endpoint endpoint, String key, RawOpenF1 value) {

    public static OpenF1Record of(ResolvedSession session, OpenF1Endpoint endpoint, JsonNode object, String source) {
        String key = session.key() + endpoint.keySuffix(object);
        RawOpenF1 value = new RawOpenF1(source, session.season(), session.round(), session.session(), session.sessionKey(),
                endpoint.path(), OpenF1Endpoint.driverNumber(object), endpoint.date(object), OpenF1Client.compact(object));
        return new OpenF1Record(endpoint, key, value);
    }
}
