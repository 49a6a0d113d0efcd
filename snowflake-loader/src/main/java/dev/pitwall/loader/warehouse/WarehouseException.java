package dev.pitwall.loader.warehouse;

/** A warehouse failure with its stable code; the message reads "PW-0401 what happened: what to do". */
public final class WarehouseException extends RuntimeException {
    private final WarehouseError error;

    public WarehouseException(WarehouseError error, String detail, Throwable cause) {
        super(error.code() + " " + detail + ": " + error.remedy(), cause);
        this.error = error;
    }

    public WarehouseException(WarehouseError error, String detail) {
        this(error, detail, null);
    }

    public WarehouseError error() {
        return error;
    }
}
