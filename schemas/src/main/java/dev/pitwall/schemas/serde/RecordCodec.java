package dev.pitwall.schemas.serde;

/**
 * Turns records into bytes and back. The one seam where a schema registry could replace the
 * built-in single-object encoding later.
 */
public interface RecordCodec<T> {
    byte[] encode(T record);

    /** @throws CodecException when the bytes are not a record of this type */
    T decode(byte[] bytes);

    final class CodecException extends RuntimeException {
        public CodecException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
