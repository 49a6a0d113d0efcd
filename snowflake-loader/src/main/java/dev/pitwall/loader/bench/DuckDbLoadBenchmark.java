package dev.pitwall.loader.bench;

import dev.pitwall.loader.warehouse.DuckDbWarehouse;
import dev.pitwall.loader.warehouse.FileToLoad;
import dev.pitwall.loader.warehouse.GroupOutcome;
import dev.pitwall.schemas.avro.FileWritten;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * Rows per second loaded into DuckDB (one transaction per file: rows + manifest row) for laps
 * files of several sizes, in the sink's format; and, for many small files (live mode), one
 * transaction per file against one {@code loadAll} transaction per group. Measures and prints;
 * asserts nothing.
 */
public final class DuckDbLoadBenchmark {
    private static final String[] DRIVERS = {"max_verstappen", "perez", "leclerc", "sainz", "hamilton", "russell",
        "norris", "piastri", "alonso", "stroll", "gasly", "ocon", "albon", "sargeant", "tsunoda", "ricciardo",
        "bottas", "zhou", "hulkenberg", "kevin_magnussen"};

    /** One file size's numbers: median of the repetitions. */
    public record Measurement(int rows, long gzipBytes, int files, double medianMillis, double rowsPerSecond) {
        @Override
        public String toString() {
            return String.format("%,9d rows/file  %,11d B gzip  %d files  median %,9.1f ms/file  %,12.0f rows/s",
                    rows, gzipBytes, files, medianMillis, rowsPerSecond);
        }
    }

    public record Result(List<Measurement> measurements, int cores) {
        @Override
        public String toString() {
            return "DuckDB load (laps, one transaction per file, " + cores + " cores)\n"
                    + measurements.stream().map(m -> "  " + m).collect(Collectors.joining("\n"));
        }
    }

    /** One way of loading the same many small files: totals over all of them. */
    public record SmallFiles(String mode, int files, int rowsPerFile, int filesPerCall, double millis) {
        public double filesPerSecond() {
            return files / (millis / 1000);
        }

        public double rowsPerSecond() {
            return (double) files * rowsPerFile / (millis / 1000);
        }

        @Override
        public String toString() {
            return String.format("%-22s %,6d files x %,6d rows  %4d files/call  %,9.1f ms  %,9.0f files/s  %,12.0f rows/s",
                    mode, files, rowsPerFile, filesPerCall, millis, filesPerSecond(), rowsPerSecond());
        }
    }

    public record SmallFilesResult(List<SmallFiles> measurements, int cores) {
        @Override
        public String toString() {
            return "DuckDB load of many small laps files (" + cores + " cores)\n"
                    + measurements.stream().map(m -> "  " + m).collect(Collectors.joining("\n"));
        }
    }

    private DuckDbLoadBenchmark() {}

    /**
     * The same {@code files} files of {@code rowsPerFile} lines loaded into a fresh database each way:
     * one {@code load} (transaction) per file, as the loader did before grouping, then {@code loadAll}
     * with groups of {@code groupSize}. Files are written before the clock starts; one warm-up file
     * per database is not counted. Each way runs {@code rounds} times on fresh databases, the median counts.
     */
    public static SmallFilesResult runManySmallFiles(Path workDir, int files, int rowsPerFile, int groupSize, int rounds) {
        try {
            Files.createDirectories(workDir);
            List<FileWritten> written = new ArrayList<>();
            List<Path> paths = new ArrayList<>();
            for (int i = 0; i < files; i++) {
                String batchId = "laps-small-" + rowsPerFile + "-" + i;
                Path file = workDir.resolve(batchId + ".jsonl.gz");
                written.add(write(file, batchId, rowsPerFile));
                paths.add(file);
            }
            Path warmUpFile = workDir.resolve("laps-small-warmup.jsonl.gz");
            FileWritten warmUp = write(warmUpFile, "laps-small-warmup", rowsPerFile);
            double[] perFile = new double[rounds];
            double[] grouped = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                try (DuckDbWarehouse warehouse = freshWarehouse(workDir, warmUp, warmUpFile)) {
                    long start = System.nanoTime();
                    for (int i = 0; i < files; i++) {
                        warehouse.load(written.get(i), paths.get(i));
                    }
                    perFile[r] = (System.nanoTime() - start) / 1e6;
                }
                try (DuckDbWarehouse warehouse = freshWarehouse(workDir, warmUp, warmUpFile)) {
                    long start = System.nanoTime();
                    for (int from = 0; from < files; from += groupSize) {
                        List<FileToLoad> group = new ArrayList<>();
                        for (int i = from; i < Math.min(files, from + groupSize); i++) {
                            group.add(new FileToLoad(written.get(i), paths.get(i)));
                        }
                        GroupOutcome outcome = warehouse.loadAll(group);
                        if (!outcome.failed().isEmpty()) {
                            throw outcome.failure().orElseThrow();
                        }
                    }
                    grouped[r] = (System.nanoTime() - start) / 1e6;
                }
            }
            for (Path p : paths) {
                Files.delete(p);
            }
            Files.delete(warmUpFile);
            Arrays.sort(perFile);
            Arrays.sort(grouped);
            return new SmallFilesResult(List.of(
                    new SmallFiles("one transaction/file", files, rowsPerFile, 1, perFile[rounds / 2]),
                    new SmallFiles("loadAll (grouped)", files, rowsPerFile, groupSize, grouped[rounds / 2])),
                    Runtime.getRuntime().availableProcessors());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DuckDbWarehouse freshWarehouse(Path workDir, FileWritten warmUp, Path warmUpFile) {
        DuckDbWarehouse warehouse = new DuckDbWarehouse(workDir.resolve("bench-" + System.nanoTime() + ".duckdb"));
        warehouse.migrate();
        warehouse.load(warmUp, warmUpFile);
        return warehouse;
    }

    /**
     * @param workDir scratch directory for the files and the database (left in place)
     * @param rowsPerFile file sizes to measure, e.g. 1 000, 10 000, 100 000 lines
     * @param filesPerSize files loaded per size after one warm-up file; the median time counts
     */
    public static Result run(Path workDir, int[] rowsPerFile, int filesPerSize) {
        try {
            Files.createDirectories(workDir);
            List<Measurement> measurements = new ArrayList<>();
            try (DuckDbWarehouse warehouse = new DuckDbWarehouse(workDir.resolve("bench-" + System.nanoTime() + ".duckdb"))) {
                warehouse.migrate();
                int batch = 0;
                for (int rows : rowsPerFile) {
                    double[] millis = new double[filesPerSize];
                    long bytes = 0;
                    for (int i = -1; i < filesPerSize; i++) {
                        String batchId = "laps-bench-" + rows + "-" + (batch++);
                        Path file = workDir.resolve(batchId + ".jsonl.gz");
                        FileWritten written = write(file, batchId, rows);
                        bytes = written.getBytes();
                        long start = System.nanoTime();
                        warehouse.load(written, file);
                        long elapsed = System.nanoTime() - start;
                        Files.delete(file);
                        if (i >= 0) {
                            millis[i] = elapsed / 1e6;
                        }
                    }
                    Arrays.sort(millis);
                    double median = millis[millis.length / 2];
                    measurements.add(new Measurement(rows, bytes, filesPerSize, median, rows / (median / 1000)));
                }
            }
            return new Result(measurements, Runtime.getRuntime().availableProcessors());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code main 1000 10000 100000} (file sizes), or {@code main --small FILES ROWS [GROUP]} (many small files). */
    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("--small")) {
            int files = args.length > 1 ? Integer.parseInt(args[1]) : 500;
            int rows = args.length > 2 ? Integer.parseInt(args[2]) : 20;
            int group = args.length > 3 ? Integer.parseInt(args[3]) : 500;
            System.out.println(runManySmallFiles(Files.createTempDirectory("pitwall-bench"), files, rows, group, 3));
            return;
        }
        int[] sizes = args.length > 0 ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray() : new int[] {1_000, 10_000, 100_000};
        System.out.println(run(Files.createTempDirectory("pitwall-bench"), sizes, 5));
    }

    /** Laps of a race in the sink's line format: 20 drivers lap after lap, lineage offsets counting up. */
    private static FileWritten write(Path file, String batchId, int rows) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (OutputStream out = new GZIPOutputStream(new DigestOutputStream(Files.newOutputStream(file), sha), 65536)) {
            StringBuilder line = new StringBuilder(256);
            for (int i = 0; i < rows; i++) {
                int lap = i / DRIVERS.length + 1;
                int position = i % DRIVERS.length + 1;
                line.setLength(0);
                line.append("{\"season\":2024,\"round\":1,\"session\":\"R\",\"driver_id\":\"").append(DRIVERS[i % DRIVERS.length])
                        .append("\",\"lap\":").append(lap).append(",\"position\":").append(position)
                        .append(",\"lap_time_ms\":").append(92_000 + (i * 7919L) % 5_000)
                        .append(",\"source\":\"jolpica\",\"revision\":1,\"_batch_id\":\"").append(batchId)
                        .append("\",\"_topic\":\"f1.clean.laps\",\"_partition\":0,\"_offset\":").append(i).append("}\n");
                out.write(line.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return FileWritten.newBuilder().setBucket("bench").setKey("pitwall/laps/season=2024/round=01/session=R/" + batchId + ".jsonl.gz")
                .setTable("laps").setSeason(2024).setRound(1).setSession("R").setBatchId(batchId)
                .setRows(rows).setBytes(Files.size(file)).setSha256(HexFormat.of().formatHex(sha.digest()))
                .setCloseReason("COUNT").build();
    }
}
