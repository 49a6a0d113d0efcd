package dev.pitwall.sink.object;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts and hashes (SHA-256) everything written, and keeps a copy only up to a limit; past it the
 * copy is dropped, so memory stays bounded whatever the batch size.
 */
public final class DigestingOutput extends OutputStream {
    private final MessageDigest sha256 = newSha256();
    private final long keepAtMost;
    private ByteArrayOutputStream kept;
    private long count;

    public DigestingOutput(long keepAtMost) {
        this.keepAtMost = keepAtMost;
        this.kept = keepAtMost > 0 ? new ByteArrayOutputStream(8192) : null;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        sha256.update(b, off, len);
        count += len;
        if (kept != null) {
            if (count > keepAtMost) {
                kept = null;
            } else {
                kept.write(b, off, len);
            }
        }
    }

    public long count() {
        return count;
    }

    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** The bytes written, or null if they went past the limit. */
    public byte[] kept() {
        return kept == null ? null : kept.toByteArray();
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
