package dev.pitwall.streams.clean;

import dev.pitwall.schemas.avro.RawOpenF1;
import java.util.Locale;

/** What the OpenF1 cleaners check alike: the endpoint, the car, the object's own date. */
final class OpenF1Rows {
    /** Car numbers run from 1 to 99. */
    static final int MAX_CAR_NUMBER = 99;

    private OpenF1Rows() {}

    /** Parses the payload after checking the record was sent from the endpoint its topic carries. */
    static Payload payload(RawOpenF1 raw, String endpoint) throws Rejection {
        if (raw.getEndpoint() == null || !endpoint.equals(raw.getEndpoint().toLowerCase(Locale.ROOT))) {
            throw new Rejection(RejectReason.WRONG_KIND, "an object of endpoint '" + raw.getEndpoint() + "' on the " + endpoint + " topic");
        }
        return Payload.parse(raw.getPayload(), "OpenF1 " + endpoint + " object");
    }

    /** {@code driver_number} of the object, else the raw record's, else a rejection. */
    static int driverNumber(Payload object, RawOpenF1 raw) throws Rejection {
        Integer number = object.wholeNumber("driver_number", 1, MAX_CAR_NUMBER);
        if (number == null) {
            number = raw.getDriverNumber();
        }
        if (number == null) {
            throw new Rejection(RejectReason.MISSING_DRIVER_NUMBER, object.what() + " has no driver_number");
        }
        return number;
    }

    /** The object's date field normalised to UTC, else the raw record's date; a rejection when neither has one. */
    static String requiredDate(Payload object, RawOpenF1 raw, String field) throws Rejection {
        String text = object.text(field);
        return UtcDates.required(text != null ? text : raw.getDate(), object.what());
    }
}
