"""Writes a checks.yaml of N copies of the shipped contract for the benchmarks (not a test).

    python3 bench/contracts.py OUT N SCHEDULE CHECKS [--shared-audit] [--in-flight=K]

OUT: the file to write (schemas/ must be copied beside it). N: contracts (contract-0000 ...). SCHEDULE: the Quartz cron
expression every enabled check runs on. CHECKS: the live-API checks to enable, comma-separated (models, endpoint);
the paid generation probe, docs pages and the spec are off. --shared-audit: audit.url from DRIFTWATCH_AUDIT_URL.
--in-flight=K: K requests in flight in all and to the one stand-in host (http.maxInFlight, maxInFlightPerHost).
"""
import sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
if len(args) != 4:
    sys.exit(__doc__)
out, n, schedule, checks = args[0], int(args[1]), args[2], set(args[3].split(","))
unknown = checks - {"models", "endpoint"}
if unknown:
    sys.exit("contracts.py: unknown checks %s (models, endpoint)" % ", ".join(sorted(unknown)))
lines = ["version: 1", "http:", "  retries:", "    maxAttempts: 1"]
for a in sys.argv[1:]:
    if a.startswith("--in-flight="):
        k = int(a.split("=", 1)[1])
        lines += ["  maxInFlight: %d" % k, "  maxInFlightPerHost: %d" % k]
if "--shared-audit" in sys.argv:
    lines += ["audit:", "  url: ${DRIFTWATCH_AUDIT_URL:-}"]
lines.append("contracts:")
for i in range(n):
    lines += [f"  - id: contract-{i:04d}", "    provider: WisGate", "    model: gpt-image-2",
              "    endpoint: {method: POST, path: /v1/images/generations}",
              "    environments:", "      production: {baseUrl: '${WISGATE_API_BASE}', apiKeyEnv: WISGATE_API_KEY}",
              "    request: {model: gpt-image-2, prompt: A beautiful sunset, n: 1, size: 1024x1024}",
              "    schemas: {request: schemas/images-generations.request.schema.json, response: schemas/images-generations.response.schema.json,",
              "              error: schemas/error.schema.json, models: schemas/models-list.schema.json}",
              "    checks:"]
    for check in ("models", "endpoint"):
        lines.append(f"      {check}: {{schedule: \"{schedule}\"}}" if check in checks else f"      {check}: {{enabled: false}}")
    lines.append("      generation: {enabled: false}")
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
