package dev.pitwall.sink.s3;

import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.sink.SinkConfig;
import dev.pitwall.sink.SinkError;
import dev.pitwall.sink.SinkException;
import dev.pitwall.sink.object.BatchEncoding;
import dev.pitwall.sink.object.BatchFile;
import dev.pitwall.sink.object.DigestingOutput;
import dev.pitwall.sink.object.EncodedBatch;
import dev.pitwall.sink.object.ObjectKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Writes batch objects without ever overwriting one. Small objects go up in one conditional PUT;
 * large ones stream as a multipart upload completed with {@code If-None-Match: *}, so memory
 * holds at most one part. Fatal conditions come out as {@link SinkException}; anything else the
 * SDK throws (5xx, connection errors) is worth retrying.
 */
public final class BatchObjectStore {
    private static final Logger log = LoggerFactory.getLogger(BatchObjectStore.class);
    // a gzip file, not gzip transfer encoding: clients must get the stored bytes, which the sha256 covers
    private static final String GZIP_TYPE = "application/gzip";

    private final S3Client s3;
    private final String bucket;
    private final long multipartThreshold;
    private final int partSize;

    public BatchObjectStore(S3Client s3, String bucket) {
        this(s3, bucket, SinkConfig.DEFAULT_MULTIPART_THRESHOLD, SinkConfig.DEFAULT_PART_SIZE);
    }

    public BatchObjectStore(S3Client s3, String bucket, long multipartThreshold, int partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
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

    /**
     * Writes the batch under its key unless an identical object is there already.
     *
     * @param firstOffset offset on f1.batches of the record the object comes from (user metadata)
     */
    public StoredObject write(ObjectKey key, Batch batch, long firstOffset, long lastOffset) {
        return write(prepare(key, batch, firstOffset, lastOffset));
    }

    /**
     * The CPU half of a write, no S3 call: the batch encoded (gzip JSON lines, size, sha256; the bytes themselves while
     * they fit under the multipart threshold) and its metadata. Deterministic, so it may run ahead on another thread and
     * a retried PUT reuses it.
     */
    public PreparedObject prepare(ObjectKey key, Batch batch, long firstOffset, long lastOffset) {
        EncodedBatch encoded = BatchEncoding.measure(batch, multipartThreshold);
        return new PreparedObject(key, batch, encoded, ObjectMetadata.of(batch, encoded.rows(), encoded.sha256(), firstOffset, lastOffset));
    }

    /** The S3 half of a write: one conditional PUT, or a multipart upload for an object too large to hold. */
    public StoredObject write(PreparedObject prepared) {
        EncodedBatch encoded = prepared.encoded();
        if (encoded.held()) {
            PutOutcome outcome = putBytes(prepared.key(), encoded.content(), encoded.sha256(), prepared.metadata());
            return new StoredObject(outcome, encoded.rows(), encoded.bytes(), encoded.sha256(), 0);
        }
        return writeMultipart(prepared.key(), prepared.batch(), encoded, prepared.metadata());
    }

    /** PUT with If-None-Match: * ; on 412 the existing object must be this very content. */
    public PutOutcome put(ObjectKey key, BatchFile file, Map<String, String> metadata) {
        return putBytes(key, file.gzip(), file.sha256(), metadata);
    }

    private PutOutcome putBytes(ObjectKey key, byte[] content, String sha256, Map<String, String> metadata) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key.value()).ifNoneMatch("*")
                            .contentType(GZIP_TYPE)
                            .metadata(metadata),
                    RequestBody.fromBytes(content));
            return PutOutcome.WRITTEN;
        } catch (NoSuchBucketException e) {
            throw bucketNotFound(e);
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return compareExisting(key, sha256);
            }
            throw classify(e, "PUT " + key);
        }
    }

    /**
     * HEAD first, so a redo after a crash finds its object without uploading it again; then the
     * upload, completed only if the key is still free. The encoding runs a second time here and
     * must hash the same as the first pass, whose sha256 is already in the object's metadata.
     */
    private StoredObject writeMultipart(ObjectKey key, Batch batch, EncodedBatch encoded, Map<String, String> metadata) {
        String present = existingSha256(key);
        if (present != null) {
            return new StoredObject(judge(key, present, encoded.sha256()), encoded.rows(), encoded.bytes(), encoded.sha256(), 0);
        }
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key.value()).contentType(GZIP_TYPE)
                    .metadata(metadata).checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
        } catch (NoSuchBucketException e) {
            throw bucketNotFound(e);
        } catch (S3Exception e) {
            throw classify(e, "start multipart upload of " + key);
        }
        boolean completed = false;
        try {
            PartUpload body = new PartUpload(s3, bucket, key.value(), uploadId, partSize);
            BatchEncoding.write(batch, body);
            List<CompletedPart> parts = body.finish();
            String streamed = body.sha256Hex();
            if (!streamed.equals(encoded.sha256()) || body.count() != encoded.bytes()) {
                throw new IllegalStateException("batch " + batch.getBatchId() + " encoded differently on its second pass");
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key.value()).uploadId(uploadId).ifNoneMatch("*")
                    .multipartUpload(m -> m.parts(parts)));
            completed = true;
            return new StoredObject(PutOutcome.WRITTEN, encoded.rows(), encoded.bytes(), encoded.sha256(), parts.size());
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode batch " + batch.getBatchId(), e);
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return new StoredObject(compareExisting(key, encoded.sha256()), encoded.rows(), encoded.bytes(), encoded.sha256(), 0);
            }
            throw classify(e, "multipart upload of " + key);
        } finally {
            if (!completed) {
                abort(key, uploadId);
            }
        }
    }

    /** Parts of an abandoned upload cost storage; a bucket lifecycle rule cleans what this cannot (e.g. after kill -9). */
    private void abort(ObjectKey key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key.value()).uploadId(uploadId));
        } catch (RuntimeException e) {
            log.debug("could not abort multipart upload {} of {}: {}", uploadId, key, e.toString());
        }
    }

    private PutOutcome compareExisting(ObjectKey key, String sha256) {
        String existing = existingSha256(key);
        if (existing == null) {
            // deleted since the 412: a retry writes it
            throw new IllegalStateException("object " + key + " vanished after a conditional write refused it");
        }
        return judge(key, existing, sha256);
    }

    private static PutOutcome judge(ObjectKey key, String existing, String sha256) {
        if (existing.equalsIgnoreCase(sha256)) {
            return PutOutcome.ALREADY_PRESENT;
        }
        throw new SinkException(SinkError.OBJECT_CONFLICT,
                "object " + key + " exists with different content; refusing to overwrite");
    }

    /** The sha256 of the object under the key, or null when there is none. */
    private String existingSha256(ObjectKey key) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key.value()));
            String recorded = head.metadata().get(ObjectMetadata.SHA256);
            if (recorded != null) {
                return recorded;
            }
            // written by something other than this sink: judge by the bytes themselves, streamed
            DigestingOutput digest = new DigestingOutput(0);
            try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key.value()))) {
                in.transferTo(digest);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + key, e);
            }
            return digest.sha256Hex();
        } catch (NoSuchBucketException e) {
            throw bucketNotFound(e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw classify(e, "HEAD " + key);
        }
    }

    private SinkException bucketNotFound(Exception cause) {
        return new SinkException(SinkError.BUCKET_NOT_FOUND,
                "S3 bucket '" + bucket + "' not found: create it or pass --s3-bucket", cause);
    }

    /** 5xx, throttling and timeouts pass through to be retried; other client errors will not fix themselves. */
    private static RuntimeException classify(S3Exception e, String action) {
        int status = e.statusCode();
        String reason = e.awsErrorDetails() == null ? "" : " " + e.awsErrorDetails().errorCode();
        if (status == 501) {
            return new SinkException(SinkError.CONDITIONAL_WRITES_UNSUPPORTED, "S3 cannot do " + action
                    + " with If-None-Match (HTTP 501" + reason + "): use a store that supports conditional writes"
                    + " (AWS S3, s3proxy with a filesystem or transient backend), or raise the multipart threshold", e);
        }
        boolean retryable = status >= 500 || status == 408 || status == 409 || status == 429 || status == 0;
        if (retryable) {
            return e;
        }
        return new SinkException(SinkError.S3_REFUSED,
                "S3 refused " + action + ": HTTP " + status + reason + "; check the credentials and bucket policy", e);
    }
}
