package dev.pitwall.sink.object;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.BatchRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * The bytes of one batch object: gzip of one JSON line per row, in row order. The same batch
 * always gives the same bytes (GZIPOutputStream writes no timestamp or file name), so a batch
 * written twice is recognisably the same object.
 */
public final class BatchFile {
    private static final JsonFactory JSON = JsonFactory.builder().build();

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
        try (GZIPOutputStream zip = new GZIPOutputStream(bytes, 64 * 1024);
             JsonGenerator json = JSON.createGenerator(zip, JsonEncoding.UTF8)) {
            // no separator between root values: each line ends with its own newline
            json.setPrettyPrinter(new MinimalPrettyPrinter(""));
            for (BatchRow row : batch.getRows()) {
                RowJson.write(json, batch.getBatchId(), row);
                json.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode batch " + batch.getBatchId(), e);
        }
        return new BatchFile(bytes.toByteArray(), batch.getRows().size());
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
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
