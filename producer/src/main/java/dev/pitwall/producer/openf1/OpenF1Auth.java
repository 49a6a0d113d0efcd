package dev.pitwall.producer.openf1;

import java.util.Map;
import java.util.Objects;

/**
 * How pitwall authenticates to OpenF1. Historical data is free and anonymous; live data during a
 * session needs a paid account, either as a ready access token or as a username and password that
 * are exchanged for a token at {@code /token}.
 *
 * <p>The secrets never leave this object except as the request header or the login form: {@link
 * #toString()} and {@link #describe()} name the kind of credentials and the username only.
 */
public final class OpenF1Auth {
    /** Environment variables read by {@link #fromEnvironment(Map)}. */
    public static final String TOKEN_ENV = "OPENF1_TOKEN";
    public static final String USERNAME_ENV = "OPENF1_USERNAME";
    public static final String PASSWORD_ENV = "OPENF1_PASSWORD";

    enum Kind { ANONYMOUS, TOKEN, PASSWORD }

    private static final OpenF1Auth ANONYMOUS = new OpenF1Auth(Kind.ANONYMOUS, null, null, null);

    private final Kind kind;
    private final String token;
    private final String username;
    private final String password;

    private OpenF1Auth(Kind kind, String token, String username, String password) {
        this.kind = kind;
        this.token = token;
        this.username = username;
        this.password = password;
    }

    public static OpenF1Auth anonymous() {
        return ANONYMOUS;
    }

    /** A ready access token, sent as {@code Authorization: Bearer <token>} as is; never refreshed. */
    public static OpenF1Auth token(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("an OpenF1 token must not be blank");
        }
        return new OpenF1Auth(Kind.TOKEN, token.trim(), null, null);
    }

    /** An account: logs in at {@code /token}, refreshes the token shortly before it expires and once on a 401. */
    public static OpenF1Auth password(String username, String password) {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("an OpenF1 login needs a username and a password");
        }
        return new OpenF1Auth(Kind.PASSWORD, null, username, password);
    }

    /**
     * {@code OPENF1_TOKEN} if set, else {@code OPENF1_USERNAME} + {@code OPENF1_PASSWORD}, else anonymous.
     *
     * @throws IllegalArgumentException when only one of username and password is set
     */
    public static OpenF1Auth fromEnvironment(Map<String, String> env) {
        String token = blankToNull(env.get(TOKEN_ENV));
        if (token != null) {
            return token(token);
        }
        String user = blankToNull(env.get(USERNAME_ENV));
        String pass = env.get(PASSWORD_ENV);
        pass = pass == null || pass.isEmpty() ? null : pass;
        if (user == null && pass == null) {
            return ANONYMOUS;
        }
        if (user == null || pass == null) {
            throw new IllegalArgumentException("set both " + USERNAME_ENV + " and " + PASSWORD_ENV + " (or " + TOKEN_ENV + ") for OpenF1");
        }
        return password(user, pass);
    }

    Kind kind() {
        return kind;
    }

    String staticToken() {
        return token;
    }

    String username() {
        return username;
    }

    String password() {
        return password;
    }

    public boolean isAnonymous() {
        return kind == Kind.ANONYMOUS;
    }

    /** For logs: {@code anonymous}, {@code access token} or {@code login as <user>}; never a secret. */
    public String describe() {
        return switch (kind) {
            case ANONYMOUS -> "anonymous";
            case TOKEN -> "access token (" + TOKEN_ENV + ")";
            case PASSWORD -> "login as " + username;
        };
    }

    @Override
    public String toString() {
        return "OpenF1Auth[" + describe() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpenF1Auth other && kind == other.kind && Objects.equals(token, other.token)
                && Objects.equals(username, other.username) && Objects.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, username);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
