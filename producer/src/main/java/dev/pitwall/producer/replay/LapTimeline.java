package dev.pitwall.producer.replay;

import dev.pitwall.schemas.avro.RawLap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A race's laps in the order they were completed on the day: a driver's lap completes at the sum of
 * their lap times so far. Laps are grouped by the leader: group k holds every lap completed after the
 * leader finished lap k-1, up to the moment the leader finished lap k; laps that lapped cars complete
 * after the leader's last lap form one more group.
 */
public final class LapTimeline {
    private LapTimeline() {}

    /** Laps completed together, due {@code atMs} after the start of the race (on the day's clock). */
    public record LapGroup(long atMs, List<RawLap> laps) {}

    private record Timed(RawLap lap, int lapNumber, long completedMs, int index) {}

    public static List<LapGroup> groups(List<RawLap> laps) {
        List<Timed> timed = timed(laps);
        Map<Integer, Long> leaderCompletion = new TreeMap<>();
        for (Timed t : timed) {
            leaderCompletion.merge(t.lapNumber(), t.completedMs(), Math::min);
        }
        List<Long> cuts = new ArrayList<>();
        for (long end : leaderCompletion.values()) {
            // a later lap cannot end before an earlier one; keep the cut points increasing
            cuts.add(cuts.isEmpty() ? end : Math.max(end, cuts.get(cuts.size() - 1)));
        }
        List<LapGroup> groups = new ArrayList<>();
        List<RawLap> current = new ArrayList<>();
        int cut = 0;
        long lastMs = 0;
        for (Timed t : timed) {
            while (cut < cuts.size() && t.completedMs() > cuts.get(cut)) {
                if (!current.isEmpty()) {
                    groups.add(new LapGroup(cuts.get(cut), List.copyOf(current)));
                    current.clear();
                }
                cut++;
            }
            current.add(t.lap());
            lastMs = t.completedMs();
        }
        if (!current.isEmpty()) {
            groups.add(new LapGroup(cut < cuts.size() ? cuts.get(cut) : lastMs, List.copyOf(current)));
        }
        return groups;
    }

    /** The laps in the order of their completion on the day. */
    public static List<RawLap> ordered(List<RawLap> laps) {
        return timed(laps).stream().map(Timed::lap).toList();
    }

    private static List<Timed> timed(List<RawLap> laps) {
        Map<String, List<Integer>> byDriver = new HashMap<>();
        for (int i = 0; i < laps.size(); i++) {
            byDriver.computeIfAbsent(String.valueOf(laps.get(i).getDriverId()), d -> new ArrayList<>()).add(i);
        }
        List<Timed> timed = new ArrayList<>(laps.size());
        for (List<Integer> indexes : byDriver.values()) {
            indexes.sort(Comparator.comparingInt(i -> lapNumber(laps.get(i))));
            long elapsed = 0;
            for (int i : indexes) {
                elapsed += millis(laps.get(i).getTime());
                timed.add(new Timed(laps.get(i), lapNumber(laps.get(i)), elapsed, i));
            }
        }
        timed.sort(Comparator.comparingLong(Timed::completedMs).thenComparingInt(Timed::lapNumber).thenComparingInt(Timed::index));
        return timed;
    }

    private static int lapNumber(RawLap lap) {
        String n = lap.getLap();
        return n != null && n.matches("\\d{1,4}") ? Integer.parseInt(n) : 0;
    }

    /** {@code 1:32.456}, {@code 59.123} or {@code 1:02:03.456}; a missing or unreadable time counts as 0. */
    static long millis(String time) {
        if (time == null || !time.matches("(\\d{1,2}:){0,2}\\d{1,2}(\\.\\d{1,3})?")) {
            return 0;
        }
        String[] parts = time.split(":");
        long ms = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            ms = (ms + Long.parseLong(parts[i])) * 60;
        }
        ms *= 1000;
        String last = parts[parts.length - 1];
        int dot = last.indexOf('.');
        String seconds = dot < 0 ? last : last.substring(0, dot);
        String fraction = dot < 0 ? "" : (last.substring(dot + 1) + "00").substring(0, 3);
        return ms + Long.parseLong(seconds) * 1000 + (fraction.isEmpty() ? 0 : Long.parseLong(fraction));
    }
}
