package dev.pitwall.sink.bench;

import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.BatchRow;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.CloseReason;
import dev.pitwall.sink.SinkConfig;
import dev.pitwall.sink.object.BatchFile;
import dev.pitwall.sink.object.ObjectKey;
import dev.pitwall.sink.s3.BatchObjectStore;
import dev.pitwall.sink.s3.EncodeAhead;
import dev.pitwall.sink.s3.S3Connection;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The sink's S3 path as the sink runs it (encode to gzip JSON lines and hash, the next object
 * while the current one goes up in a conditional PUT with metadata) against plain SDK PUTs of the
 * very same object bytes, in one run on one client: the ratio is the cost of what the sink adds.
 * Kafka is not in the loop. Measures and prints; asserts nothing.
 */
public final class SinkBenchmark {
    private static final double MIB = 1024.0 * 1024.0;

    private SinkBenchmark() {}

    /** Throughput of both paths; {@code toString()} is the report. */
    public record Result(int objects, int rowsPerObject, long bytes,
                         double sinkSeconds, double rawSeconds) {
        public double sinkObjectsPerSecond() {
            return objects / sinkSeconds;
        }

        public double rawObjectsPerSecond() {
            return objects / rawSeconds;
        }

        public double sinkMibPerSecond() {
            return bytes / MIB / sinkSeconds;
        }

        public double rawMibPerSecond() {
            return bytes / MIB / rawSeconds;
        }

        /** Sink throughput as a fraction of raw PUT throughput (1.0 = no overhead). */
        public double ratio() {
            return rawSeconds / sinkSeconds;
        }

        @Override
        public String toString() {
            return String.format("%d objects x %d lap rows, %.2f MiB gzip in total (%.1f KiB each)%n"
                            + "  sink path : %8.1f objects/s  %6.2f MiB/s  (%.2f s)%n"
                            + "  raw PUT   : %8.1f objects/s  %6.2f MiB/s  (%.2f s)%n"
                            + "  ratio sink/raw: %.2f",
                    objects, rowsPerObject, bytes / MIB, bytes / 1024.0 / objects,
                    sinkObjectsPerSecond(), sinkMibPerSecond(), sinkSeconds,
                    rawObjectsPerSecond(), rawMibPerSecond(), rawSeconds, ratio());
        }
    }

    /**
     * Writes {@code objects} lap batches of {@code rowsPerObject} rows twice under a fresh prefix
     * of {@code bucket} (which must exist): once through the sink's store, once as raw PUTs.
     */
    public static Result run(S3Client s3, String bucket, int objects, int rowsPerObject) {
        if (objects < 1 || rowsPerObject < 1) {
            throw new IllegalArgumentException("objects and rowsPerObject must be positive");
        }
        String run = "bench-" + UUID.randomUUID();
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < objects; i++) {
            batches.add(lapBatch(i, rowsPerObject));
        }
        BatchObjectStore store = new BatchObjectStore(s3, bucket, SinkConfig.DEFAULT_MULTIPART_THRESHOLD, SinkConfig.DEFAULT_PART_SIZE);
        List<byte[]> rawBodies = new ArrayList<>();
        long bytes = 0;
        for (Batch b : batches) {
            byte[] body = BatchFile.of(b).gzip();
            rawBodies.add(body);
            bytes += body.length;
        }
        try (EncodeAhead ahead = new EncodeAhead("bench-sink-encode")) {
            // warm both paths (connections, JIT) on keys outside the measured ones
            int warm = Math.min(20, objects);
            sinkPath(store, ahead, run + "/warm", batches, 0, warm);
            rawPath(s3, bucket, run + "/warm-raw", batches, rawBodies, 0, warm);
            // two halves in the order sink, raw, raw, sink: neither path always runs on the colder JIT
            int half = objects / 2;
            long t0 = System.nanoTime();
            sinkPath(store, ahead, run + "/sink", batches, 0, half);
            long t1 = System.nanoTime();
            rawPath(s3, bucket, run + "/raw", batches, rawBodies, 0, half);
            rawPath(s3, bucket, run + "/raw", batches, rawBodies, half, objects);
            long t2 = System.nanoTime();
            sinkPath(store, ahead, run + "/sink", batches, half, objects);
            long t3 = System.nanoTime();
            return new Result(objects, rowsPerObject, bytes, ((t1 - t0) + (t3 - t2)) / 1e9, (t2 - t1) / 1e9);
        }
    }

    /** What the sink does with a poll of batches: each encoded while the one before it is PUT. */
    private static void sinkPath(BatchObjectStore store, EncodeAhead ahead, String prefix, List<Batch> batches, int from, int to) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = from; i < to; i++) {
            indexes.add(i);
        }
        ahead.map(indexes, i -> store.prepare(ObjectKey.of(prefix, batches.get(i)), batches.get(i), i, i), (i, prepared) -> store.write(prepared));
    }

    /** Plain SDK PUTs of the very same bytes, encoded beforehand. */
    private static void rawPath(S3Client s3, String bucket, String prefix, List<Batch> batches, List<byte[]> bodies, int from, int to) {
        for (int i = from; i < to; i++) {
            String key = ObjectKey.of(prefix, batches.get(i)).value();
            byte[] body = bodies.get(i);
            s3.putObject(p -> p.bucket(bucket).key(key).contentType("application/gzip"), RequestBody.fromBytes(body));
        }
    }

    /** Laps shaped like a real race (20 drivers, ~95 s laps with noise), seeded so runs compare. */
    static Batch lapBatch(int sequence, int rows) {
        Random random = new Random(sequence);
        List<BatchRow> batchRows = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            CleanLap lap = CleanLap.newBuilder()
                    .setSeason(2024).setRound(1 + sequence % 24).setSession("R")
                    .setDriverId("driver_" + (i % 20)).setLap(1 + i / 20).setPosition(1 + i % 20)
                    .setLapTimeMs(92_000L + random.nextInt(6_000))
                    .setSource("jolpica").setRevision(1)
                    .build();
            batchRows.add(BatchRow.newBuilder().setTopic(Topics.CLEAN_LAPS).setPartition(i % Topics.SESSION_PARTITIONS)
                    .setOffset((long) sequence * rows + i).setRecord(lap).build());
        }
        return Batch.newBuilder()
                .setBatchId(String.format("laps-2024-%d-R-%06d", 1 + sequence % 24, sequence))
                .setTable("laps").setSeason(2024).setRound(1 + sequence % 24).setSession("R").setSequence(sequence)
                .setCloseReason(CloseReason.SESSION_FINISHED)
                .setRows(batchRows)
                .build();
    }

    /** Args: endpoint bucket accessKey secretKey [objects=200] [rowsPerObject=1100]. */
    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: SinkBenchmark <endpoint> <bucket> <accessKey> <secretKey> [objects] [rowsPerObject]");
            System.exit(2);
        }
        int objects = args.length > 4 ? Integer.parseInt(args[4]) : 200;
        int rows = args.length > 5 ? Integer.parseInt(args[5]) : 1100;
        try (S3Client s3 = S3Connection.local(URI.create(args[0]), args[2], args[3]).open()) {
            System.out.println(run(s3, args[1], objects, rows));
        }
    }
}
