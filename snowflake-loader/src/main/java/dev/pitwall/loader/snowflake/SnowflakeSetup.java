package dev.pitwall.loader.snowflake;

/**
 * The one-time SQL an account admin runs before the first load ({@code pitwall load --print-setup}):
 * a storage integration trusting an AWS role, and the external stage over the sink's bucket.
 */
public final class SnowflakeSetup {
    private SnowflakeSetup() {}

    /**
     * @param bucket the sink's bucket; the stage covers the whole bucket because object keys are used as FILES paths
     * @param awsRoleArn the IAM role Snowflake assumes to read the bucket
     */
    public static String sql(SnowflakeSettings settings, String bucket, String awsRoleArn) {
        String location = "s3://" + bucket + "/";
        String stage = settings.database() + "." + settings.schema() + "." + settings.stage();
        return "-- Run once as ACCOUNTADMIN (or a role with CREATE INTEGRATION), then trust the integration's\n"
                + "-- STORAGE_AWS_IAM_USER_ARN and STORAGE_AWS_EXTERNAL_ID (DESC INTEGRATION) in the role's policy.\n"
                + "CREATE STORAGE INTEGRATION IF NOT EXISTS " + settings.storageIntegration() + "\n"
                + "  TYPE = EXTERNAL_STAGE\n"
                + "  STORAGE_PROVIDER = 'S3'\n"
                + "  ENABLED = TRUE\n"
                + "  STORAGE_AWS_ROLE_ARN = '" + awsRoleArn.replace("'", "''") + "'\n"
                + "  STORAGE_ALLOWED_LOCATIONS = ('" + location + "');\n"
                + "GRANT USAGE ON INTEGRATION " + settings.storageIntegration() + " TO ROLE " + settings.role() + ";\n"
                + "CREATE SCHEMA IF NOT EXISTS " + settings.database() + "." + settings.schema() + ";\n"
                + "CREATE STAGE IF NOT EXISTS " + stage + "\n"
                + "  URL = '" + location + "'\n"
                + "  STORAGE_INTEGRATION = " + settings.storageIntegration() + "\n"
                + "  FILE_FORMAT = (TYPE = JSON COMPRESSION = GZIP);\n"
                + "GRANT USAGE ON STAGE " + stage + " TO ROLE " + settings.role() + ";\n"
                + (settings.mode() == SnowflakeMode.SNOWPIPE ? snowpipe(settings) : "");
    }

    /**
     * Snowpipe mode: the loader's role creates (and so owns) one pipe per table in its migrate step;
     * Snowpipe's REST API acts as the user's default role, so that must be the loader's role.
     */
    private static String snowpipe(SnowflakeSettings settings) {
        return "-- Snowpipe mode: the loader creates the pipes " + settings.database() + "." + settings.schema() + "."
                + settings.pipe() + "_<TABLE> on migrate; REST calls run as the user's default role.\n"
                + "GRANT CREATE PIPE ON SCHEMA " + settings.database() + "." + settings.schema() + " TO ROLE " + settings.role() + ";\n"
                + "ALTER USER \"" + settings.user().replace("\"", "\"\"") + "\" SET DEFAULT_ROLE = " + settings.role() + ";\n";
    }
}
