package dev.pitwall.streams.clean;

/**
 * Why a raw record went to {@code f1.dlq}. The codes are stable: operators and dashboards match on
 * them, so never renumber one; add new reasons at the end.
 */
public enum RejectReason {
    UNDECODABLE("PW-2001", "value is not a record of the topic's Avro schema: check the producer's schema version"),
    BAD_LAP_TIME("PW-2002", "lap time is not M:SS.mmm, MM:SS.mmm or SS.mmm: check the source row"),
    BAD_POSITION("PW-2003", "position is not a whole number from 1 to 40: check the source row"),
    BAD_LAP_NUMBER("PW-2004", "lap number is not a whole number of at least 1: check the source row"),
    MISSING_DRIVER("PW-2005", "the row names no driverId: the source row cannot be attributed"),
    BAD_RESULT_JSON("PW-2006", "result payload is not the expected JSON object: check the source response"),
    SESSION_MISMATCH("PW-2007", "the record's season/round/session differs from its key's: check the producer's keying");

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
