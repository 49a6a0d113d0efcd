package dev.pitwall.producer.jolpica;

/** One driver's timing on one lap, the strings as Jolpica sent them. */
public record LapTiming(String lap, String driverId, String position, String time) {}
