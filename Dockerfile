# The pitwall image: every command of the CLI (docker-compose.yml runs one stage per container).
# Build stage: the Maven reactor, tests skipped (they run in CI, not in an image build).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY schemas schemas
COPY producer producer
COPY streams-processor streams-processor
COPY s3-sink s3-sink
COPY snowflake-loader snowflake-loader
COPY embedded embedded
COPY app app
RUN mvn -B -q -DskipTests package

# Runtime: a slim JRE, the app jar and its lib/ (the jar's manifest class path), no build tools.
FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /var/lib/pitwall pitwall && mkdir -p /var/lib/pitwall && chown pitwall /var/lib/pitwall
COPY --from=build /src/app/target/pitwall.jar /opt/pitwall/pitwall.jar
COPY --from=build /src/app/target/lib /opt/pitwall/lib
USER pitwall
WORKDIR /var/lib/pitwall
ENV PITWALL_JAVA_OPTS=-Xmx768m
# no instance-metadata lookups from the AWS SDK, ever (static credentials come from the environment)
ENTRYPOINT ["/bin/sh", "-c", "exec java $PITWALL_JAVA_OPTS -Daws.disableEc2Metadata=true -jar /opt/pitwall/pitwall.jar \"$@\"", "pitwall"]
