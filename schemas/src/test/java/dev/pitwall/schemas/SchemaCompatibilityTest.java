package dev.pitwall.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.CleanResult;
import dev.pitwall.schemas.avro.FileWritten;
import dev.pitwall.schemas.avro.ProducerCheckpoint;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawResult;
import dev.pitwall.schemas.avro.RejectedRecord;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.RawQualifying;
import dev.pitwall.schemas.avro.RawPitStop;
import dev.pitwall.schemas.avro.RawStanding;
import dev.pitwall.schemas.avro.RawOpenF1;
import dev.pitwall.schemas.avro.RawLiveTiming;
import dev.pitwall.schemas.avro.CleanTimingLap;
import dev.pitwall.schemas.avro.CleanTrackStatus;
import dev.pitwall.schemas.avro.CleanTimingStint;
import dev.pitwall.schemas.avro.CleanTimingRaceControl;
import dev.pitwall.schemas.avro.CleanTimingWeather;
import dev.pitwall.schemas.avro.CleanQualifying;
import dev.pitwall.schemas.avro.CleanPitStop;
import dev.pitwall.schemas.avro.CleanDriverStanding;
import dev.pitwall.schemas.avro.CleanConstructorStanding;
import dev.pitwall.schemas.avro.CleanOpenF1Lap;
import dev.pitwall.schemas.avro.CleanStint;
import dev.pitwall.schemas.avro.CleanOpenF1Pit;
import dev.pitwall.schemas.avro.CleanWeather;
import dev.pitwall.schemas.avro.CleanRaceControl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every schema must read data written with each of its earlier versions (backward compatible),
 * and every change must be recorded as a new version under {@code schemas/history/<Name>/vN.avsc}.
 */
class SchemaCompatibilityTest {
    private static final Path HISTORY = Path.of("history");

    static Stream<Schema> currentSchemas() {
        return Stream.of(RawResult.getClassSchema(), RawLap.getClassSchema(), SessionEvent.getClassSchema(),
                CleanResult.getClassSchema(), CleanLap.getClassSchema(), Batch.getClassSchema(),
                FileWritten.getClassSchema(), RejectedRecord.getClassSchema(), ProducerCheckpoint.getClassSchema(),
                RawQualifying.getClassSchema(), RawPitStop.getClassSchema(), RawStanding.getClassSchema(),
                RawOpenF1.getClassSchema(), CleanQualifying.getClassSchema(), CleanPitStop.getClassSchema(),
                CleanDriverStanding.getClassSchema(), CleanConstructorStanding.getClassSchema(),
                CleanOpenF1Lap.getClassSchema(), CleanStint.getClassSchema(), CleanOpenF1Pit.getClassSchema(),
                CleanWeather.getClassSchema(), CleanRaceControl.getClassSchema(), RawLiveTiming.getClassSchema(),
                CleanTimingLap.getClassSchema(), CleanTrackStatus.getClassSchema(),
                CleanTimingStint.getClassSchema(), CleanTimingRaceControl.getClassSchema(), CleanTimingWeather.getClassSchema());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void readsEveryEarlierVersion(Schema current) throws IOException {
        List<Path> versions = versionsOf(current);
        assertThat(versions)
                .as("no history for %s: add %s/%s/v1.avsc with the schema's full JSON", current.getName(), HISTORY, current.getName())
                .isNotEmpty();
        for (Path version : versions) {
            Schema old = new Schema.Parser().parse(version.toFile());
            SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(current, old);
            assertThat(result.getType())
                    .as("%s cannot read data written with %s: %s", current.getName(), version, result.getDescription())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void latestVersionIsTheCurrentSchema(Schema current) throws IOException {
        List<Path> versions = versionsOf(current);
        Path latest = versions.get(versions.size() - 1);
        Schema recorded = new Schema.Parser().parse(latest.toFile());
        assertThat(SchemaNormalization.parsingFingerprint64(recorded))
                .as("%s changed since %s: add the next version file to %s", current.getName(), latest, HISTORY)
                .isEqualTo(SchemaNormalization.parsingFingerprint64(current));
    }

    private static List<Path> versionsOf(Schema schema) throws IOException {
        Path dir = HISTORY.resolve(schema.getName());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("v\\d+\\.avsc"))
                    .sorted((a, b) -> Integer.compare(versionNumber(a), versionNumber(b)))
                    .toList();
        }
    }

    private static int versionNumber(Path p) {
        String name = p.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.length() - ".avsc".length()));
    }
}
