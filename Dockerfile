# driftwatch: build with Maven, run on a small JRE as a non-root user.
# Build:  docker build -t driftwatch .
# Run:    see README.md, "Deployment".

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The README quick start's build command, twice. First on pom.xml alone: it downloads exactly what the
# build needs (dependencies and plugins) into a layer of its own, so an edit of src/ rebuilds from
# `COPY src` on without the network; only an edit of pom.xml downloads again.
COPY pom.xml .
RUN mvn -B -q -DskipTests package && rm -rf target
COPY src ./src
# Then on the sources. Tests run in CI (`bash .ci/run`), not here.
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 driftwatch \
 && useradd --system --uid 10001 --gid driftwatch --home-dir /app --shell /usr/sbin/nologin driftwatch \
 && mkdir -p /data && chown driftwatch:driftwatch /data && chmod 700 /data
WORKDIR /app
COPY --from=build /src/target/driftwatch.jar /app/driftwatch.jar
COPY checks.yaml /app/checks.yaml
COPY schemas /app/schemas
# The audit trail (SQLite) lives here; mount a volume so it outlives the container.
ENV DRIFTWATCH_DATA=/data
VOLUME ["/data"]
# A class-data archive from one training run makes each later start load classes from a memory-mapped
# file: `verify` starts ~40% faster. The run only has to load the classes, not to reach anyone: no key
# (the live-API checks say SKIPPED) and both base URLs on a closed loopback port (the docs checks say
# UNVERIFIED at once), so the build needs no network and does not depend on what WisGate serves today.
# Its verdicts (exit 0, 1 or 3) do not matter; a usage error (2), a failure (4) or no archive fails the build.
RUN DRIFTWATCH_DATA=/tmp/cds-training WISGATE_API_BASE=http://127.0.0.1:9 WISGATE_DOCS_BASE=http://127.0.0.1:9 \
      java -XX:ArchiveClassesAtExit=/app/driftwatch.jsa -jar /app/driftwatch.jar verify --config /app/checks.yaml > /dev/null; \
    verdicts=$?; rm -rf /tmp/cds-training; \
    case "$verdicts" in 0|1|3) ;; *) echo "class-data training: verify exited $verdicts" >&2; exit 1 ;; esac; \
    test -s /app/driftwatch.jsa || { echo "class-data training: no archive at /app/driftwatch.jsa" >&2; exit 1; }
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
# `docker stop` waits 10 s by default, less than the daemon's 30 s grace: run it with --stop-timeout 45 (README).
CMD ["run", "--config", "/app/checks.yaml"]
