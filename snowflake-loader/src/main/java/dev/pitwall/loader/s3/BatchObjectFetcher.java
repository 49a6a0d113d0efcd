package dev.pitwall.loader.s3;

import dev.pitwall.schemas.avro.FileWritten;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Downloads the object a {@link FileWritten} announces to a local temp file and checks it is the
 * object the sink wrote: same sha256, same size.
 */
public final class BatchObjectFetcher {
    private final S3Client s3;
    private final Path tempDir;

    /** @param tempDir where downloads go; {@code null} for the system temp directory */
    public BatchObjectFetcher(S3Client s3, Path tempDir) {
        this.s3 = s3;
        this.tempDir = tempDir;
    }

    /**
     * @return a temp file the caller deletes
     * @throws ChecksumMismatchException when the bytes differ from what the record announces
     */
    public Path fetch(FileWritten file) {
        Path target = null;
        try {
            target = tempDir == null
                    ? Files.createTempFile("pitwall-load-", ".jsonl.gz")
                    : Files.createTempFile(tempDir, "pitwall-load-", ".jsonl.gz");
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long bytes;
            GetObjectRequest request = GetObjectRequest.builder().bucket(file.getBucket()).key(file.getKey()).build();
            try (InputStream in = s3.getObject(request);
                 OutputStream out = new DigestOutputStream(Files.newOutputStream(target), sha256)) {
                bytes = in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equalsIgnoreCase(file.getSha256()) || bytes != file.getBytes()) {
                throw new ChecksumMismatchException("s3://" + file.getBucket() + "/" + file.getKey()
                        + " has sha256 " + actual + " and " + bytes + " bytes, its FileWritten says sha256 "
                        + file.getSha256() + " and " + file.getBytes() + " bytes");
            }
            return target;
        } catch (IOException e) {
            deleteQuietly(target);
            throw new UncheckedIOException("downloading s3://" + file.getBucket() + "/" + file.getKey() + " failed", e);
        } catch (NoSuchAlgorithmException e) {
            deleteQuietly(target);
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw e;
        }
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a leftover temp file is harmless; the original failure matters more
            }
        }
    }
}
