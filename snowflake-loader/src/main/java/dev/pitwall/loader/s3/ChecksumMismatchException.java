package dev.pitwall.loader.s3;

/**
 * PW-0410: the downloaded object is not the one the sink announced. Retried, because a file must
 * never be skipped; persistent mismatches mean something else writes under the sink's prefix.
 */
public final class ChecksumMismatchException extends RuntimeException {
    public ChecksumMismatchException(String detail) {
        super("PW-0410 " + detail + ": check that nothing but the sink writes under its prefix");
    }
}
