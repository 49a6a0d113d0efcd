package dev.pitwall.streams.clean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitwall.schemas.avro.CleanResult;
import dev.pitwall.schemas.avro.RawResult;
import dev.pitwall.streams.fixture.JolpicaRace;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ResultCleanerTest {
    private final ResultCleaner cleaner = new ResultCleaner();

    /** Qualifying rows have no positionText, points or status: position is the classification. */
    @Test
    void cleansRecordedQualifyingRows() throws IOException, Rejection {
        Path file = JolpicaRace.fixtures().resolve("jolpica/2024/1/qualifying.json");
        JsonNode rows = new ObjectMapper().readTree(file.toFile())
                .path("MRData").path("RaceTable").path("Races").get(0).path("QualifyingResults");
        assertThat(rows.size()).isGreaterThan(0);
        for (JsonNode row : rows) {
            CleanResult clean = cleaner.clean(raw("Q", row.toString()));
            assertThat(clean.getDriverId()).isEqualTo(row.path("Driver").path("driverId").asText());
            assertThat(clean.getPosition()).isEqualTo(row.path("position").asInt());
            assertThat(clean.getPositionText()).isEqualTo(row.path("position").asText());
            assertThat(clean.getPositionOrder()).isEqualTo(clean.getPosition());
            assertThat(clean.getPoints()).isZero();
            assertThat(clean.getStatus()).isNull();
            assertThat(clean.getStatusCategory()).isNull();
        }
    }

    /**
     * 1950 round 1: Leslie Johnson retired (R) and has no classified position, but the source still
     * orders him 21st of the 21 starters; the standings' count-back ranks retirements in that order.
     */
    @Test
    void keepsTheSourcesOrderOfARetirementAndTheDriversName() throws IOException, Rejection {
        Path file = JolpicaRace.fixtures().resolve("jolpica/1950/1/results.json");
        JsonNode rows = new ObjectMapper().readTree(file.toFile())
                .path("MRData").path("RaceTable").path("Races").get(0).path("Results");
        CleanResult johnson = null;
        for (JsonNode row : rows) {
            CleanResult clean = cleaner.clean(raw("R", row.toString()));
            assertThat(clean.getPositionOrder()).isEqualTo(row.path("position").asInt());
            if (clean.getDriverId().equals("leslie_johnson")) {
                johnson = clean;
            }
        }
        assertThat(johnson).isNotNull();
        assertThat(johnson.getPosition()).isNull();
        assertThat(johnson.getPositionText()).isEqualTo("R");
        assertThat(johnson.getPositionOrder()).isEqualTo(21);
        assertThat(johnson.getDriverGivenName()).isEqualTo("Leslie");
        assertThat(johnson.getDriverFamilyName()).isEqualTo("Johnson");
    }

    /** An unreadable position order costs the count-back one entry, not the result: nulled with a warning. */
    @Test
    void anUnreadablePositionOrderIsNulledWithAWarning() throws Rejection {
        FieldWarnings warnings = new FieldWarnings();
        CleanResult clean = new ResultCleaner(warnings).clean(raw("R",
                "{\"number\":\"8\",\"position\":\"None\",\"positionText\":\"R\",\"points\":\"0\","
                        + "\"Driver\":{\"driverId\":\"leslie_johnson\",\"givenName\":\"Leslie\",\"familyName\":\"Johnson\"}}"));
        assertThat(clean.getPositionOrder()).isNull();
        assertThat(clean.getPositionText()).isEqualTo("R");
        assertThat(warnings.drain()).singleElement().satisfies(w -> {
            assertThat(w.reason()).isEqualTo(RejectReason.BAD_NUMBER);
            assertThat(w.message()).isEqualTo("position 'None' of leslie_johnson is not a whole number: nulled");
        });
    }

    @Test
    void rejectsMalformedPayloads() {
        assertReason("[1, 2]", RejectReason.BAD_RESULT_JSON);
        assertReason("{\"Driver\":{\"driverId\":\"alonso\"},\"positionText\":\"3\",\"points\":\"lots\"}", RejectReason.BAD_RESULT_JSON);
        assertReason("{\"Driver\":{\"driverId\":\"alonso\"},\"positionText\":\"41\"}", RejectReason.BAD_POSITION);
        assertReason("{\"Driver\":{\"driverId\":\"alonso\"},\"positionText\":\"0\"}", RejectReason.BAD_POSITION);
        assertReason("{\"Driver\":{\"driverId\":\"alonso\"},\"positionText\":\"R?\"}", RejectReason.BAD_POSITION);
        assertReason("{\"Driver\":{},\"positionText\":\"3\"}", RejectReason.MISSING_DRIVER);
    }

    /** 2024 round 5: Sargeant's recorded fastest lap time is "1". The result is real and must land. */
    @Test
    void aBrokenFastestLapKeepsTheResult() throws IOException, Rejection {
        Path file = JolpicaRace.fixtures().resolve("jolpica/2024/5/results.json");
        JsonNode rows = new ObjectMapper().readTree(file.toFile())
                .path("MRData").path("RaceTable").path("Races").get(0).path("Results");
        int broken = 0;
        for (JsonNode row : rows) {
            CleanResult clean = cleaner.clean(raw("R", row.toString()));
            String fastest = row.path("FastestLap").path("Time").path("time").asText("");
            if (!fastest.contains(":")) {
                broken++;
                assertThat(clean.getFastestLapMs()).isNull();
                assertThat(clean.getPosition()).isEqualTo(row.path("position").asInt());
            } else {
                assertThat(clean.getFastestLapMs()).isPositive();
            }
        }
        assertThat(broken).as("the recorded oddity is still in the fixture").isPositive();
    }

    private void assertReason(String payload, RejectReason reason) {
        assertThatThrownBy(() -> cleaner.clean(raw("R", payload)))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.reason()).isEqualTo(reason));
    }

    private static RawResult raw(String session, String payload) {
        return RawResult.newBuilder().setSource("jolpica").setSeason(2024).setRound(1).setSession(session)
                .setPayload(payload).build();
    }
}
