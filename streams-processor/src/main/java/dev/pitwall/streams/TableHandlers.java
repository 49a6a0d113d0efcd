package dev.pitwall.streams;

import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.avro.CleanConstructorStanding;
import dev.pitwall.schemas.avro.CleanDriverStanding;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.CleanOpenF1Lap;
import dev.pitwall.schemas.avro.CleanOpenF1Pit;
import dev.pitwall.schemas.avro.CleanPitStop;
import dev.pitwall.schemas.avro.CleanQualifying;
import dev.pitwall.schemas.avro.CleanRaceControl;
import dev.pitwall.schemas.avro.CleanResult;
import dev.pitwall.schemas.avro.CleanStint;
import dev.pitwall.schemas.avro.CleanWeather;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawOpenF1;
import dev.pitwall.schemas.avro.RawPitStop;
import dev.pitwall.schemas.avro.RawQualifying;
import dev.pitwall.schemas.avro.RawResult;
import dev.pitwall.schemas.avro.RawStanding;
import dev.pitwall.schemas.serde.PitwallSerdes;
import dev.pitwall.streams.batch.Table;
import dev.pitwall.streams.clean.FieldWarnings;
import dev.pitwall.streams.clean.LapCleaner;
import dev.pitwall.streams.clean.OpenF1LapCleaner;
import dev.pitwall.streams.clean.OpenF1PitCleaner;
import dev.pitwall.streams.clean.PitStopCleaner;
import dev.pitwall.streams.clean.QualifyingCleaner;
import dev.pitwall.streams.clean.RaceControlCleaner;
import dev.pitwall.streams.clean.ResultCleaner;
import dev.pitwall.streams.clean.StandingCleaner;
import dev.pitwall.streams.clean.StintCleaner;
import dev.pitwall.streams.clean.WeatherCleaner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The registry: one {@link TableHandler} per table fed from a raw topic. Adding a source table means
 * adding a {@link Table} constant and one entry here; the processor and topology pick it up.
 */
final class TableHandlers {
    private final Map<Table, TableHandler<?, ?>> byTable = new EnumMap<>(Table.class);
    private final FieldWarnings warnings = new FieldWarnings();

    /** A fresh set of handlers (cleaners and codecs are not shared between stream threads). */
    TableHandlers() {
        ResultCleaner results = new ResultCleaner(warnings);
        LapCleaner laps = new LapCleaner(warnings);
        StandingCleaner standings = new StandingCleaner();
        register(new TableHandler<>(Table.RESULTS, PitwallSerdes.rawResultCodec(), PitwallSerdes.cleanResultCodec(),
                results::clean, TableHandlers::resultKey));
        register(new TableHandler<>(Table.LAPS, PitwallSerdes.rawLapCodec(), PitwallSerdes.cleanLapCodec(),
                laps::clean, (CleanLap c) -> session(c.getSeason(), c.getRound(), c.getSession()) + c.getDriverId() + "/" + c.getLap()));
        register(new TableHandler<>(Table.QUALIFYING, PitwallSerdes.codec(RawQualifying.class), PitwallSerdes.codec(CleanQualifying.class),
                new QualifyingCleaner()::clean, (CleanQualifying c) -> session(c.getSeason(), c.getRound(), c.getSession()) + c.getDriverId()));
        register(new TableHandler<>(Table.PITSTOPS, PitwallSerdes.codec(RawPitStop.class), PitwallSerdes.codec(CleanPitStop.class),
                new PitStopCleaner()::clean,
                (CleanPitStop c) -> session(c.getSeason(), c.getRound(), c.getSession()) + c.getDriverId() + "/" + c.getStop()));
        register(new TableHandler<>(Table.DRIVER_STANDINGS, PitwallSerdes.codec(RawStanding.class), PitwallSerdes.codec(CleanDriverStanding.class),
                standings::driver, (CleanDriverStanding c) -> session(c.getSeason(), c.getRound(), c.getSession()) + c.getDriverId()));
        register(new TableHandler<>(Table.CONSTRUCTOR_STANDINGS, PitwallSerdes.codec(RawStanding.class),
                PitwallSerdes.codec(CleanConstructorStanding.class), standings::constructor,
                (CleanConstructorStanding c) -> session(c.getSeason(), c.getRound(), c.getSession()) + c.getConstructorId()));
        register(new TableHandler<>(Table.OPENF1_LAPS, PitwallSerdes.codec(RawOpenF1.class), PitwallSerdes.codec(CleanOpenF1Lap.class),
                new OpenF1LapCleaner()::clean,
                (CleanOpenF1Lap c) -> session(c.getSeason(), c.getRound(), c.getSession()) + c.getDriverNumber() + "/" + c.getLap()));
        register(new TableHandler<>(Table.STINTS, PitwallSerdes.codec(RawOpenF1.class), PitwallSerdes.codec(CleanStint.class),
                new StintCleaner()::clean,
                (CleanStint c) -> session(c.getSeason(), c.getRound(), c.getSession()) + c.getDriverNumber() + "/" + c.getStintNumber()));
        register(new TableHandler<>(Table.OPENF1_PIT, PitwallSerdes.codec(RawOpenF1.class), PitwallSerdes.codec(CleanOpenF1Pit.class),
                new OpenF1PitCleaner()::clean,
                (CleanOpenF1Pit c) -> session(c.getSeason(), c.getRound(), c.getSession()) + c.getDriverNumber() + "/" + c.getDateUtc()));
        register(new TableHandler<>(Table.WEATHER, PitwallSerdes.codec(RawOpenF1.class), PitwallSerdes.codec(CleanWeather.class),
                new WeatherCleaner()::clean, (CleanWeather c) -> session(c.getSeason(), c.getRound(), c.getSession()) + c.getDateUtc()));
        register(new TableHandler<>(Table.RACE_CONTROL, PitwallSerdes.codec(RawOpenF1.class), PitwallSerdes.codec(CleanRaceControl.class),
                new RaceControlCleaner()::clean,
                (CleanRaceControl c) -> session(c.getSeason(), c.getRound(), c.getSession()) + c.getDateUtc() + "/" + messageHash(c.getMessage())));
        for (Table table : Table.fed()) {
            if (!table.liveTiming() && !byTable.containsKey(table)) {
                throw new IllegalStateException("no handler for table " + table.tableName());
            }
        }
    }

    /** The fields the last record's cleaner nulled; the processor drains them after each record. */
    FieldWarnings warnings() {
        return warnings;
    }

    /**
     * A result is one car's: in the 1950s-60s a driver could take over a team-mate's car and score in
     * both (a shared drive, points split), so the car number is part of its identity; a changed status or
     * points of the same car is still a revision. A number the source does not know keys as empty.
     */
    static String resultKey(CleanResult c) {
        return session(c.getSeason(), c.getRound(), c.getSession()) + c.getDriverId() + "/"
                + (c.getDriverNumber() == null ? "" : c.getDriverNumber());
    }

    private void register(TableHandler<?, ?> handler) {
        byTable.put(handler.table(), handler);
    }

    Optional<TableHandler<?, ?>> ofRawTopic(String topic) {
        return Table.ofRawTopic(topic).map(byTable::get);
    }

    /** {@code season/round/session/}: every natural key starts with its session. */
    private static String session(int season, int round, String session) {
        return RecordKeys.session(season, round, session) + "/";
    }

    /**
     * Two race-control messages can share a timestamp to the millisecond (a flag and a penalty note);
     * the message text tells them apart. 12 hex digits of its SHA-256 keep the key short.
     */
    static String messageHash(String message) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(message.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
