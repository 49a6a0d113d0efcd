package dev.pitwall.streams.clean;

/**
 * Why a raw record went to {@code f1.dlq}. The codes are stable: operators and dashboards match on
 * them, so never renumber one; add new reasons at the end.
 */
public enum RejectReason {
    UNDECODABLE("PW-2001", "value is not a record of the topic's Avro schema: check the producer's schema version"),
    BAD_LAP_TIME("PW-2002", "lap time is not H:MM:SS.mmm, M:SS.mmm, MM:SS.mmm or SS.mmm: check the source row"),
    BAD_POSITION("PW-2003", "position is not a whole number from 1 to 40: check the source row"),
    BAD_LAP_NUMBER("PW-2004", "lap number is not a whole number of at least 1: check the source row"),
    MISSING_DRIVER("PW-2005", "the row names no driverId: the source row cannot be attributed"),
    BAD_RESULT_JSON("PW-2006", "result payload is not the expected JSON object: check the source response"),
    SESSION_MISMATCH("PW-2007", "the record's season/round/session differs from its key's: check the producer's keying"),
    BAD_PAYLOAD_JSON("PW-2008", "payload is not a JSON object of the endpoint's shape: check the source response"),
    BAD_DURATION("PW-2009", "duration is not seconds (SS.mmm, M:SS.mmm, MM:SS.mmm, H:MM:SS.mmm or a JSON number of seconds) of at least 0: check the source row"),
    BAD_TIME_OF_DAY("PW-2010", "time of day is not HH:MM:SS: check the source row"),
    BAD_NUMBER("PW-2011", "a required number is missing, or a number is malformed or out of range: check the source row"),
    MISSING_CONSTRUCTOR("PW-2012", "the row names no constructorId: the source row cannot be attributed"),
    MISSING_DRIVER_NUMBER("PW-2013", "the OpenF1 object has no driver_number: it cannot be attributed to a car"),
    BAD_DATE("PW-2014", "date is missing or not ISO-8601 (with T or a space, optional offset): check the source row"),
    WRONG_KIND("PW-2015", "the record's kind/endpoint does not belong on this topic: check the producer's topic routing"),
    MISSING_FIELD("PW-2016", "a required text field (e.g. the race-control message) is missing: check the source row"),
    BAD_FEED_MESSAGE("PW-2017", "a live-timing message is not JSON (or, for a .z topic, not base64 raw DEFLATE of JSON): the feed line is broken; the session goes on without it");

    private final String code;
    private final String remedy;

    RejectReason(String code, String remedy) {
        this.code = code;
        this.remedy = remedy;
    }

    public String code() {
        return code;
    }

    public String remedy() {
        return remedy;
    }

    /** What the {@code pitwall.error.code} header carries, e.g. {@code PW-2002 BAD_LAP_TIME}. */
    public String headerValue() {
        return code + " " + name();
    }
}
