package dev.pitwall.app.cli;

import dev.pitwall.producer.signalr.SignalRClient;
import java.net.URI;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** F1 live timing's SignalR Core hub and the optional F1TV token, for {@code live --source livetiming} and {@code follow}. */
public final class SignalROptions {
    @Option(names = "--signalr-url", paramLabel = "URL", defaultValue = "${env:PITWALL_SIGNALR_URL:-https://livetiming.formula1.com/signalrcore}",
            description = "F1 live timing's SignalR Core hub (default: ${DEFAULT-VALUE}; env PITWALL_SIGNALR_URL).")
    URI url;

    void validate(CommandLine commandLine) {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new CommandLine.ParameterException(commandLine, "--signalr-url " + url + " is not an http(s) URL");
        }
    }

    /** {@code F1TV_TOKEN} (never printed or logged), or null without one. */
    static String token(Map<String, String> environment) {
        String token = environment.get("F1TV_TOKEN");
        return token == null || token.isBlank() ? null : token.trim();
    }

    SignalRClient.Settings settings(Map<String, String> environment) {
        return SignalRClient.Settings.of(url, token(environment));
    }
}
