package dev.pitwall.schemas.serde;

/**
 * Turns records into bytes and back. {@link #encode(Object)} is single-object encoding: stable bytes for
 * state stores and content hashes whatever the topics carry; {@link #encode(String, Object)} is what a
 * topic carries in this process's {@link WireFormat}; {@link #decode} reads either.
 */
public interface RecordCodec<T> {
    byte[] encode(T record);

    /** The record as written to {@code topic}; codecs not tied to the wire format write {@link #encode(Object)}. */
    default byte[] encode(String topic, T record) {
        return encode(record);
    }

    /** @throws CodecException when the bytes are not a record of this type */
    T decode(byte[] bytes);

    final class CodecException extends RuntimeException {
        public CodecException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
