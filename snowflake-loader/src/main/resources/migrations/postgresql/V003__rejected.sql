-- Records Streams refused (RejectedRecord lines of table "rejected"), kept with their reason and
-- raw payload so a bad source row can be found and explained with SQL.
CREATE TABLE staging.rejected (
    season            INTEGER      NOT NULL,
    round             INTEGER      NOT NULL,
    session           VARCHAR      NOT NULL,
    source_table      VARCHAR      NOT NULL,
    record_key        VARCHAR,
    error_code        VARCHAR      NOT NULL,
    error_name        VARCHAR      NOT NULL,
    message           VARCHAR      NOT NULL,
    payload           VARCHAR,
    payload_encoding  VARCHAR      NOT NULL,
    source            VARCHAR,
    ingested_at       TIMESTAMPTZ  NOT NULL,
    _file             VARCHAR      NOT NULL,
    _row              BIGINT       NOT NULL,
    _batch_id         VARCHAR,
    _topic            VARCHAR,
    _partition        INTEGER,
    _offset           BIGINT
);
