package dev.pitwall.sink.object;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.BatchRow;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * Streams the bytes of a batch object (gzip of one JSON line per row) into any output, so a large
 * batch never needs its JSON or its gzip held whole. The same batch always gives the same bytes
 * (GZIPOutputStream writes no timestamp or file name), so writing it twice is recognisable.
 */
public final class BatchEncoding {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int GZIP_BUFFER = 64 * 1024;

    private BatchEncoding() {}

    /** Writes the object bytes to {@code out} and finishes the gzip stream; {@code out} stays open. */
    public static void write(Batch batch, OutputStream out) throws IOException {
        GZIPOutputStream zip = new GZIPOutputStream(new Unclosable(out), GZIP_BUFFER);
        try (JsonGenerator json = JSON.createGenerator(zip, JsonEncoding.UTF8)) {
            // no separator between root values: each line ends with its own newline
            json.setPrettyPrinter(new MinimalPrettyPrinter(""));
            for (BatchRow row : batch.getRows()) {
                RowJson.write(json, batch.getBatchId(), row);
                json.writeRaw('\n');
            }
        }
    }

    /**
     * One encoding pass that yields size and sha256, keeping the bytes only while they fit in
     * {@code keepAtMost}: small objects are then PUT from memory, large ones streamed again.
     */
    public static EncodedBatch measure(Batch batch, long keepAtMost) {
        DigestingOutput sink = new DigestingOutput(keepAtMost);
        try {
            write(batch, sink);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode batch " + batch.getBatchId(), e);
        }
        return new EncodedBatch(batch.getRows().size(), sink.count(), sink.sha256Hex(), sink.kept());
    }

    /** Lets the gzip stream finish its trailer without closing the caller's output. */
    private static final class Unclosable extends FilterOutputStream {
        Unclosable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
