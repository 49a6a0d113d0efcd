package dev.pitwall.sink.s3;

import dev.pitwall.sink.SinkError;
import dev.pitwall.sink.SinkException;
import dev.pitwall.sink.object.BatchFile;
import dev.pitwall.sink.object.ObjectKey;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Writes batch objects without ever overwriting one. Fatal conditions come out as
 * {@link SinkException}; anything else the SDK throws (5xx, connection errors) is worth retrying.
 */
public final class BatchObjectStore {
    // a gzip file, not gzip transfer encoding: clients must get the stored bytes, which the sha256 covers
    private static final String GZIP_TYPE = "application/gzip";

    private final S3Client s3;
    private final String bucket;

    public BatchObjectStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    /** Fails with PW-3001 when the bucket is missing; the sink never creates buckets itself. */
    public void checkBucket() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            throw bucketNotFound(e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw bucketNotFound(e);
            }
            throw classify(e, "check bucket '" + bucket + "'");
        }
    }

    /** PUT with If-None-Match: * ; on 412 the existing object must be this very content. */
    public PutOutcome put(ObjectKey key, BatchFile file, Map<String, String> metadata) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key.value()).ifNoneMatch("*")
                            .contentType(GZIP_TYPE)
                            .metadata(metadata),
                    RequestBody.fromBytes(file.gzip()));
            return PutOutcome.WRITTEN;
        } catch (NoSuchBucketException e) {
            throw bucketNotFound(e);
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return compareExisting(key, file);
            }
            throw classify(e, "PUT " + key);
        }
    }

    private PutOutcome compareExisting(ObjectKey key, BatchFile file) {
        String existing;
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key.value()));
            existing = head.metadata().get(ObjectMetadata.SHA256);
            if (existing == null) {
                // written by something other than this sink: judge by the bytes themselves
                existing = BatchFile.sha256Hex(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key.value())).asByteArray());
            }
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw e; // deleted since the 412: retrying the PUT is the right answer
            }
            throw classify(e, "HEAD " + key);
        }
        if (existing.equalsIgnoreCase(file.sha256())) {
            return PutOutcome.ALREADY_PRESENT;
        }
        throw new SinkException(SinkError.OBJECT_CONFLICT,
                "object " + key + " exists with different content; refusing to overwrite");
    }

    private SinkException bucketNotFound(Exception cause) {
        return new SinkException(SinkError.BUCKET_NOT_FOUND,
                "S3 bucket '" + bucket + "' not found: create it or pass --s3-bucket", cause);
    }

    /** 5xx, throttling and timeouts pass through to be retried; other client errors will not fix themselves. */
    private static RuntimeException classify(S3Exception e, String action) {
        int status = e.statusCode();
        boolean retryable = status >= 500 || status == 408 || status == 409 || status == 429 || status == 0;
        if (retryable) {
            return e;
        }
        String reason = e.awsErrorDetails() == null ? "" : " " + e.awsErrorDetails().errorCode();
        return new SinkException(SinkError.S3_REFUSED,
                "S3 refused " + action + ": HTTP " + status + reason + "; check the credentials and bucket policy", e);
    }
}
