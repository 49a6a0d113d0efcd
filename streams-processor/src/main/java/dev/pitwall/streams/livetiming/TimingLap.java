package dev.pitwall.streams.livetiming;

/**
 * One driver's completed lap as the live-timing feed tells it. Times in milliseconds; null where the
 * feed had no value (the first race lap has no lap time; a lap ended in the pit may lack sectors).
 *
 * @param gapToLeaderLaps laps behind the leader when the feed gives the gap in laps ("1L"), else null
 * @param completedAtMs   feed time (stream offset or epoch ms, as fed) at which the lap count reached {@code lap}
 */
public record TimingLap(int driverNumber, int lap, Long lapTimeMs, Long sector1Ms, Long sector2Ms, Long sector3Ms,
                        Integer speedI1, Integer speedI2, Integer speedFl, Integer speedSt, Integer position,
                        Long gapToLeaderMs, Integer gapToLeaderLaps, Long intervalMs, boolean pitIn, boolean pitOut,
                        String compound, Integer tyreAgeLaps, Integer stint, long completedAtMs) {}
