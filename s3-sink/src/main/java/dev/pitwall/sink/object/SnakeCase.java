package dev.pitwall.sink.object;

/** Avro camelCase field names to the snake_case column names the warehouse uses. */
public final class SnakeCase {
    private SnakeCase() {}

    /** {@code driverId -> driver_id}, {@code lapTimeMs -> lap_time_ms}, {@code fastestLapURL -> fastest_lap_url}. */
    public static String of(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean afterLowerOrDigit = i > 0 && (Character.isLowerCase(name.charAt(i - 1)) || Character.isDigit(name.charAt(i - 1)));
                boolean endsAcronym = i > 0 && Character.isUpperCase(name.charAt(i - 1))
                        && i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                if (afterLowerOrDigit || endsAcronym) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
