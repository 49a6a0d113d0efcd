package dev.pitwall.schemas.serde;

import java.nio.charset.StandardCharsets;

/**
 * The Confluent wire format's frame: magic byte 0, a 4-byte big-endian schema id, then Avro binary.
 * Single-object encoding starts {@code C3 01} and a string key starts with a printable character, so the
 * first byte tells the encodings apart.
 */
public final class ConfluentFraming {
    public static final byte MAGIC = 0;
    public static final int HEADER = 5;

    private ConfluentFraming() {}

    public static boolean isFramed(byte[] bytes) {
        return bytes != null && bytes.length >= HEADER && bytes[0] == MAGIC;
    }

    public static int schemaId(byte[] bytes) {
        return ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
    }

    static void writeHeader(byte[] out, int id) {
        out[0] = MAGIC;
        out[1] = (byte) (id >>> 24);
        out[2] = (byte) (id >>> 16);
        out[3] = (byte) (id >>> 8);
        out[4] = (byte) id;
    }

    /** A framed Avro {@code "string"}: the header, the zig-zag varint length, the UTF-8 bytes. */
    static byte[] frameString(int id, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] len = new byte[10];
        int n = 0;
        long v = ((long) utf8.length << 1) ^ ((long) utf8.length >> 63);
        while ((v & ~0x7FL) != 0) {
            len[n++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        len[n++] = (byte) v;
        byte[] out = new byte[HEADER + n + utf8.length];
        writeHeader(out, id);
        System.arraycopy(len, 0, out, HEADER, n);
        System.arraycopy(utf8, 0, out, HEADER + n, utf8.length);
        return out;
    }

    /**
     * A record key of either encoding: a framed Avro string needs no registry to read (its schema is
     * {@code "string"}), anything else is UTF-8.
     */
    public static String decodeKey(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (!isFramed(bytes)) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        long v = 0;
        int shift = 0;
        int i = HEADER;
        while (i < bytes.length) {
            byte b = bytes[i++];
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                long length = (v >>> 1) ^ -(v & 1);
                if (length == bytes.length - i) {
                    return new String(bytes, i, (int) length, StandardCharsets.UTF_8);
                }
                break;
            }
            shift += 7;
        }
        throw new RecordCodec.CodecException("key starts with the Confluent magic byte but is no Avro string", null);
    }
}
