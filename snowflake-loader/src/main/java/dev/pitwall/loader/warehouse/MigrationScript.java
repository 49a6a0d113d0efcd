package dev.pitwall.loader.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned SQL script under {@code migrations/<dialect>/}, named {@code V001__what.sql}.
 * Each dialect lists its scripts in {@code index.txt} because a jar cannot be listed portably.
 */
public record MigrationScript(int version, String name, String sql, String sha256) {
    private static final Pattern NAME = Pattern.compile("V(\\d+)__[A-Za-z0-9_]+\\.sql");

    /** The scripts of a dialect in version order, e.g. {@code duckdb}. */
    public static List<MigrationScript> forDialect(String dialect) {
        String base = "migrations/" + dialect + "/";
        List<MigrationScript> scripts = new ArrayList<>();
        for (String line : resource(base + "index.txt").split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalStateException("migration " + base + name + " is not named V<number>__<words>.sql");
            }
            String sql = resource(base + name);
            scripts.add(new MigrationScript(Integer.parseInt(m.group(1)), name, sql, sha256(sql)));
        }
        for (int i = 0; i < scripts.size(); i++) {
            if (scripts.get(i).version() != i + 1) {
                throw new IllegalStateException("migrations of " + dialect + " must be numbered 1, 2, 3... in index.txt; found "
                        + scripts.get(i).name() + " at position " + (i + 1));
            }
        }
        return List.copyOf(scripts);
    }

    /** The script's statements without comment lines, split where a line ends with {@code ;}. */
    public List<String> statements() {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1).strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return List.copyOf(statements);
    }

    private static String resource(String path) {
        try (InputStream in = MigrationScript.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + path, e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
