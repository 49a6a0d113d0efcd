package dev.pitwall.loader.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A PostgreSQL password file as libpq reads it: lines {@code hostname:port:database:username:password},
 * {@code *} matching anything in the first four fields, {@code \} escaping {@code :} and {@code \},
 * {@code #} starting a comment, the first matching line winning. Like libpq, a file that group or
 * others may read is ignored.
 */
public final class PgPassFile {
    private final Path file;

    public PgPassFile(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Whether the file is there and private enough to be used. */
    public boolean usable() {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return perms.stream().noneMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"));
        } catch (UnsupportedOperationException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The password of the first line matching the connection; empty when none matches. */
    public Optional<String> passwordFor(String host, int port, String database, String user) throws IOException {
        String portText = Integer.toString(port);
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = fields(line);
            if (fields.size() < 5) {
                continue;
            }
            if (matches(fields.get(0), host) && matches(fields.get(1), portText)
                    && matches(fields.get(2), database) && matches(fields.get(3), user)) {
                return Optional.of(fields.get(4));
            }
        }
        return Optional.empty();
    }

    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value);
    }

    /** Splits on unescaped colons; the fifth field keeps any further colons, as libpq does. */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>(5);
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                current.append(line.charAt(++i));
            } else if (c == ':' && fields.size() < 4) {
                fields.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(current.toString());
        return fields;
    }
}
