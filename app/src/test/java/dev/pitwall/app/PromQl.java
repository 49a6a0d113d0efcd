package dev.pitwall.app;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression reads: what is left after functions, keywords, label sets, ranges and grouping labels. */
final class PromQl {
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern LABELS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?");
    private static final Set<String> FUNCTIONS = Set.of("sum", "min", "max", "avg", "count", "rate", "increase", "irate",
            "histogram_quantile", "topk", "bottomk", "time", "abs", "clamp_min", "clamp_max", "delta", "deriv", "sort", "sort_desc",
            "max_over_time", "min_over_time", "avg_over_time", "last_over_time", "label_replace", "vector", "scalar", "absent");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool",
            "offset", "and", "or", "unless");

    private PromQl() {}

    static Set<String> metricNames(String expr) {
        String rest = STRING.matcher(expr).replaceAll(" ");
        rest = GROUPING.matcher(rest).replaceAll(" ");
        rest = LABELS.matcher(rest).replaceAll(" ");
        rest = RANGE.matcher(rest).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(rest);
        while (m.find()) {
            String word = m.group().replaceAll("\\s*\\($", "");
            if (m.group(1) != null) {
                if (!FUNCTIONS.contains(word)) {
                    throw new IllegalArgumentException("unknown PromQL function " + word + " in " + expr);
                }
            } else if (!KEYWORDS.contains(word)) {
                names.add(word);
            }
        }
        return names;
    }
}
