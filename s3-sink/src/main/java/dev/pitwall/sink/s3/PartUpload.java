package dev.pitwall.sink.s3;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The body of a multipart upload as an output stream: bytes fill one part-sized buffer, each full
 * buffer goes up as a part. So an object of any size holds one part in memory, and its SHA-256 is
 * computed on the way through.
 */
final class PartUpload extends OutputStream {
    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String uploadId;
    private final byte[] buffer;
    private final MessageDigest sha256;
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private long count;

    PartUpload(S3Client s3, String bucket, String key, String uploadId, int partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.uploadId = uploadId;
        this.buffer = new byte[partSize];
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        sha256.update(b, off, len);
        count += len;
        while (len > 0) {
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == buffer.length) {
                sendPart();
            }
        }
    }

    /** Sends what is left as the last part; returns every part in order, for CompleteMultipartUpload. */
    List<CompletedPart> finish() {
        if (filled > 0 || parts.isEmpty()) {
            sendPart();
        }
        return List.copyOf(parts);
    }

    long count() {
        return count;
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    private void sendPart() {
        int number = parts.size() + 1;
        int length = filled;
        // a stream over the buffer rather than a copy of it; it supports mark/reset, so the SDK can retry
        UploadPartResponse response = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber(number).contentLength((long) length).checksumAlgorithm(ChecksumAlgorithm.CRC32),
                RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length));
        parts.add(CompletedPart.builder().partNumber(number).eTag(response.eTag())
                .checksumCRC32(response.checksumCRC32()).build());
        filled = 0;
    }
}
