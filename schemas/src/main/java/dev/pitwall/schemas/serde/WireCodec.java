package dev.pitwall.schemas.serde;

import org.apache.avro.specific.SpecificRecord;

/** A record type's codec on topics: single-object for stores, the process's {@link WireFormat} for topics, both read. */
final class WireCodec<T extends SpecificRecord> implements RecordCodec<T> {
    private final Class<T> type;
    private final SingleObjectCodec<T> single;

    WireCodec(Class<T> type, SingleObjectCodec<T> single) {
        this.type = type;
        this.single = single;
    }

    @Override
    public byte[] encode(T record) {
        return single.encode(record);
    }

    @Override
    public byte[] encode(String topic, T record) {
        WireFormat format = WireFormats.current();
        return format == SingleObjectFormat.INSTANCE ? single.encode(record) : format.encodeValue(topic, record);
    }

    @Override
    public T decode(byte[] bytes) {
        return ConfluentFraming.isFramed(bytes) ? WireFormats.current().decodeValue(bytes, type) : single.decode(bytes);
    }
}
