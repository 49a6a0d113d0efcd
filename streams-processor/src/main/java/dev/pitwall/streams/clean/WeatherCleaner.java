package dev.pitwall.streams.clean;

import dev.pitwall.schemas.avro.CleanWeather;
import dev.pitwall.schemas.avro.RawOpenF1;

/**
 * Reads one OpenF1 weather sample. The date is required: it is the sample's identity (OpenF1 has sent
 * {@code "NaT"} for it, recorded in session 7787's weather).
 */
public final class WeatherCleaner {
    public CleanWeather clean(RawOpenF1 raw) throws Rejection {
        Payload sample = OpenF1Rows.payload(raw, "weather");
        return CleanWeather.newBuilder()
                .setSeason(raw.getSeason())
                .setRound(raw.getRound())
                .setSession(raw.getSession())
                .setSessionKey(raw.getSessionKey())
                .setDateUtc(OpenF1Rows.requiredDate(sample, raw, "date"))
                .setAirTemperature(sample.real("air_temperature"))
                .setTrackTemperature(sample.real("track_temperature"))
                .setHumidity(sample.real("humidity"))
                .setPressure(sample.real("pressure"))
                .setRainfall(sample.real("rainfall"))
                .setWindSpeed(sample.real("wind_speed"))
                .setWindDirection(sample.wholeNumber("wind_direction", 0, 360))
                .setSource(raw.getSource())
                .setRevision(1)
                .build();
    }
}
