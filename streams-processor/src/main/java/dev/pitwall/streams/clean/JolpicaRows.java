package dev.pitwall.streams.clean;

/** What the Jolpica cleaners read alike: who a row is about. */
final class JolpicaRows {
    private JolpicaRows() {}

    /** {@code Driver.driverId} of the row, else the raw record's own driverId, else a rejection. */
    static String driverId(Payload row, String rawDriverId) throws Rejection {
        String driverId = row.child("Driver").text("driverId");
        if (driverId == null) {
            driverId = row.text("driverId");
        }
        if (driverId == null && rawDriverId != null && !rawDriverId.isBlank()) {
            driverId = rawDriverId.trim();
        }
        if (driverId == null) {
            throw new Rejection(RejectReason.MISSING_DRIVER, row.what() + " has no driverId");
        }
        return driverId;
    }
}
