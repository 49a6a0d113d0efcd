package dev.pitwall.streams.revision;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The revision of each natural key (a driver's result in a session, a driver's lap): the store keeps a
 * hash of the last clean facts seen and their revision. The same facts again are a duplicate; changed
 * facts (a result restated by the stewards, a corrected lap time) are the next revision.
 */
public final class Revisions {
    /** Natural key -> {@value #HASH_BYTES} bytes of content hash, then the revision as an int. */
    public static final String STORE = "revisions";
    /** What {@link #next} returns for a record identical to the latest revision. */
    public static final int DUPLICATE = 0;

    private static final int HASH_BYTES = 16;

    private final KeyValueStore<String, byte[]> store;
    private final MessageDigest sha256;

    public Revisions(KeyValueStore<String, byte[]> store) {
        this.store = store;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /**
     * Records the facts of one clean record.
     *
     * @param naturalKey what identifies the fact, e.g. {@code laps|2024/1/R/max_verstappen/12}
     * @param content    the record's clean facts encoded canonically (without revision and source)
     * @return {@link #DUPLICATE} when they equal the latest revision's, else the revision to emit (1 for a new key)
     */
    public int next(String naturalKey, byte[] content) {
        byte[] hash = Arrays.copyOf(sha256.digest(content), HASH_BYTES);
        byte[] stored = store.get(naturalKey);
        int revision = 1;
        if (stored != null) {
            if (Arrays.equals(stored, 0, HASH_BYTES, hash, 0, HASH_BYTES)) {
                return DUPLICATE;
            }
            revision = ByteBuffer.wrap(stored, HASH_BYTES, Integer.BYTES).getInt() + 1;
        }
        store.put(naturalKey, ByteBuffer.allocate(HASH_BYTES + Integer.BYTES).put(hash).putInt(revision).array());
        return revision;
    }
}
