# driftwatch: build with Maven, run on a small JRE as a non-root user.
# Build:  docker build -t driftwatch .
# Run:    see README.md, "Deployment".

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src ./src
# The same build command as the README's quick start; tests run in CI (`mvn -B verify`), not here.
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 driftwatch \
 && useradd --system --uid 10001 --gid driftwatch --home-dir /app --shell /usr/sbin/nologin driftwatch \
 && mkdir -p /data && chown driftwatch:driftwatch /data
WORKDIR /app
COPY --from=build /src/target/driftwatch.jar /app/driftwatch.jar
COPY checks.yaml /app/checks.yaml
COPY schemas /app/schemas
# The audit trail (SQLite) lives here; mount a volume so it outlives the container.
ENV DRIFTWATCH_DATA=/data
VOLUME ["/data"]
# A class-data archive from one training run (no key: every check SKIPPED, nothing leaves the
# build) makes each later start load classes from a memory-mapped file: `verify` starts ~40% faster.
RUN DRIFTWATCH_DATA=/tmp/cds-training java -XX:ArchiveClassesAtExit=/app/driftwatch.jsa \
      -jar /app/driftwatch.jar verify --config /app/checks.yaml > /dev/null \
 && rm -rf /tmp/cds-training
USER driftwatch
# Sized for a small container: heap from the cgroup limit, serial GC (one core is plenty),
# small thread stacks, fail fast on OOM instead of limping; glibc's freed native memory (the JIT's
# and SQLite's) handed back to the OS every 30 s, about 20 MB of an idle daemon; the archive above
# (ignored if stale).
# No -XX:TieredStopAtLevel=1 here: the daemon lives for months, so C2's faster code pays for itself;
# one-shot commands can add it (`-e JAVA_TOOL_OPTIONS=...`), and the health check below does.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+UseSerialGC -Xss512k -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=30000 -XX:SharedArchiveFile=/app/driftwatch.jsa -Xshare:auto"
ENV DRIFTWATCH_PORT=8080
EXPOSE 8080
# /healthz of the daemon, asked by the jar itself: the image needs no curl. A short-lived JVM: C1 only, tiny heap.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-Xmx32m", "-Xshare:auto", "-cp", "/app/driftwatch.jar", "dev.driftwatch.cli.Main", "healthcheck"]
ENTRYPOINT ["java", "-jar", "/app/driftwatch.jar"]
# The daemon: every check on its schedule, JSON logs on stdout, exit 0 on `docker stop` (SIGTERM).
CMD ["run", "--config", "/app/checks.yaml"]
