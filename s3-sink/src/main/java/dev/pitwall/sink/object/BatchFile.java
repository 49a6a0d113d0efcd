package dev.pitwall.sink.object;

import dev.pitwall.schemas.avro.Batch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/**
 * The bytes of one batch object held in memory (see {@link BatchEncoding} for the format); for
 * small objects and tests. The sink itself streams large batches instead.
 */
public final class BatchFile {
    private final byte[] gzip;
    private final long rows;
    private final String sha256;

    private BatchFile(byte[] gzip, long rows) {
        this.gzip = gzip;
        this.rows = rows;
        this.sha256 = sha256Hex(gzip);
    }

    public static BatchFile of(Batch batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        try {
            BatchEncoding.write(batch, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode batch " + batch.getBatchId(), e);
        }
        return new BatchFile(bytes.toByteArray(), batch.getRows().size());
    }

    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(DigestingOutput.newSha256().digest(data));
    }

    /** The object bytes; callers must not modify the array. */
    public byte[] gzip() {
        return gzip;
    }

    public long rows() {
        return rows;
    }

    public long bytes() {
        return gzip.length;
    }

    public String sha256() {
        return sha256;
    }
}
