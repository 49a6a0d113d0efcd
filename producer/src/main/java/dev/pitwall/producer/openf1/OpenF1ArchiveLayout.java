package dev.pitwall.producer.openf1;

import java.nio.file.Path;

/**
 * OpenF1 files of the raw archive (DESIGN §7): {@code <archive>/openf1/<session_key>/<endpoint>.json},
 * per-driver recordings {@code <endpoint>_driver_NN.json} (the fixtures' layout), and the sessions
 * listing of a year {@code <archive>/openf1/sessions/<year>.json}.
 */
public final class OpenF1ArchiveLayout {
    private OpenF1ArchiveLayout() {}

    public static Path root(Path archive) {
        return archive.resolve("openf1");
    }

    public static Path session(Path archive, int sessionKey) {
        return root(archive).resolve(Integer.toString(sessionKey));
    }

    public static Path endpoint(Path archive, int sessionKey, OpenF1Endpoint endpoint) {
        return session(archive, sessionKey).resolve(endpoint.path() + ".json");
    }

    public static Path sessions(Path archive, int year) {
        return root(archive).resolve("sessions").resolve(year + ".json");
    }
}
