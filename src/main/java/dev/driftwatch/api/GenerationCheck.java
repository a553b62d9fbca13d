package dev.driftwatch.api;

import com.networknt.schema.Error;
import dev.driftwatch.check.CheckRun;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.config.AlertThresholds;
import dev.driftwatch.config.GenerationCheckConfig;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.Environment;
import dev.driftwatch.contract.JsonSchemaFile;
import dev.driftwatch.http.ExchangeFailure;
import dev.driftwatch.http.ProviderResponse;
import dev.driftwatch.http.SendMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * {@code generation}: the paid probe. Sends the pinned request for real, within the contract's daily budget,
 * validates the answer against the response schema, checks that {@code data} carries exactly {@code n} images
 * (more are billed too) and that the {@code size} the response reports is the one asked for, then decodes each
 * image and checks its real pixel size. Never re-sent when it may have been processed: that could charge twice.
 */
public final class GenerationCheck extends LiveApiCheck {

    public GenerationCheck(Contract contract, Environment environment, ApiContext ctx) {
        super(contract, environment, ctx, "generation");
    }

    @Override
    public String schedule() {
        return contract.checks().generation().schedule().expression();
    }

    @Override
    public AlertThresholds alertThresholds() {
        return contract.checks().generation().alert();
    }

    @Override
    public Duration timeout() {
        // The request, then one download per image, each bounded by the probe's timeout.
        Duration probe = contract.checks().generation().timeout().duration();
        return probe.multipliedBy(1L + contract.imageCount()).plus(ctx.client().worstCase());
    }

    @Override
    public boolean paid() {
        return true;
    }

    @Override
    public Verdict run() {
        CheckRun run = newRun();
        GenerationCheckConfig cfg = contract.checks().generation();
        String apiKey = apiKey();
        if (apiKey == null) {
            return run.skipped(noKey());
        }
        String path = contract.endpointPath();
        ObjectNode request = contract.request();
        List<Error> local = contract.schemas().request().validate(request);
        if (!local.isEmpty()) {
            Error e = local.get(0);
            return run.add(Finding.error("request-invalid", JsonSchemaFile.pointer(e.getInstanceLocation()),
                    "the pinned request to pass " + contract.schemas().request().path().getFileName(), e.getMessage())).conclude("");
        }
        if (cfg.dailyBudget() == 0) {
            return run.skipped("paid probe turned off (checks.generation.dailyBudget is 0)");
        }
        if (!ctx.history().reservePaidCall(key, cfg.dailyBudget(), ctx.clock().instant())) {
            LocalDate today = LocalDate.ofInstant(ctx.clock().instant(), ZoneOffset.UTC);
            return run.skipped("daily budget of " + cfg.dailyBudget() + " paid probe" + (cfg.dailyBudget() == 1 ? "" : "s")
                    + " for " + contract.id() + " is spent for " + today + " (UTC); the next one is possible after midnight UTC");
        }
        run.detail("paid", true);
        HttpUrl url = HttpUrl.get(environment.baseUrl().resolve(path));
        LiveCall call = liveCall();
        LiveCall.Answer answer = call.send(ctx.client().withTimeout(cfg.timeout().duration()),
                ProviderRequests.json(contract.method(), url, request.toString(), contract.auth(), apiKey), SendMode.PAID, run,
                contract.method() + " " + path + " to exist", true);
        if (answer.settled()) {
            return answer.verdict();
        }
        ProviderResponse r = answer.response();
        if (r.status() == 400 || r.status() == 422) {
            String param = ApiAnswers.tryParse(r).map(n -> n.path("error").path("param").asString("")).orElse("");
            return run.add(Finding.error("request-rejected", param.isEmpty() ? "/" : "/" + param, "the pinned request to be accepted",
                    "HTTP " + r.status() + ApiAnswers.providerSays(r))).conclude("");
        }
        if (!r.isSuccess()) {
            return run.add(Finding.error("unexpected-status", path, "HTTP 200", "HTTP " + r.status() + ApiAnswers.providerSays(r))).conclude("");
        }
        Optional<JsonNode> body = ApiAnswers.jsonBody(r, run, path);
        if (body.isEmpty()) {
            return run.conclude("");
        }
        call.classify(run, body.get(), contract.schemas().response());
        if (run.hasErrors()) {
            return run.conclude("");
        }
        judgeWhatWasBilled(run, body.get());
        return judgeImages(run, body.get().path("data"));
    }

    /** Each image is billed: more than {@code n} costs more than the contract pays for, another size is another product. */
    private void judgeWhatWasBilled(CheckRun run, JsonNode body) {
        int n = contract.imageCount();
        int got = body.path("data").size();
        if (got > n) {
            run.add(Finding.error("response-items-extra", "/data", n + " image(s), as n asks", got + " image(s), each billed"));
        }
        String asked = contract.request().path("size").asString("");
        JsonNode answered = body.path("size");
        if (contract.pixelSize() != null && answered.isString() && !answered.asString().equals(asked)) {
            run.add(Finding.error("response-size-mismatch", "/size", asked + " (the size asked for)", BodyClassifier.excerpt(answered)));
        }
    }

    private Verdict judgeImages(CheckRun run, JsonNode data) {
        int n = contract.imageCount();
        if (data.size() < n) {
            run.add(Finding.error("response-items-missing", "/data", n + " image(s), as n asks", data.size() + " image(s)"));
        }
        int[] size = contract.pixelSize();
        List<String> seen = new ArrayList<>();
        Finding unavailable = null;
        for (int i = 0; i < Math.min(n, data.size()); i++) {
            String at = "/data/" + i;
            JsonNode item = data.get(i);
            Optional<byte[]> bytes;
            if (item.hasNonNull("b64_json")) {
                at += "/b64_json";
                bytes = decode(item.get("b64_json").asString(), at, run);
            } else {
                at += "/url";
                Download d = download(item.path("url").asString(""), at, run);
                unavailable = unavailable == null ? d.unavailable() : unavailable;
                bytes = d.bytes();
            }
            if (bytes.isEmpty()) {
                continue;
            }
            Optional<ImageDimensions.Size> dims = ImageDimensions.of(bytes.get());
            if (dims.isEmpty()) {
                run.add(Finding.error("image-undecodable", at, "a PNG, JPEG or WebP image",
                        bytes.get().length + " bytes that no image reader recognises, starting " + head(bytes.get())));
                continue;
            }
            seen.add(dims.get() + " " + dims.get().format());
            if (size != null && (dims.get().width() != size[0] || dims.get().height() != size[1])) {
                run.add(Finding.error("image-size-mismatch", at, size[0] + "x" + size[1] + " (the size asked for)", dims.get() + " " + dims.get().format()));
            }
        }
        run.detail("images", seen);
        if (unavailable != null && !run.hasErrors()) {
            return run.unverified(unavailable); // the answer held, but an image could not be fetched to look at
        }
        return run.conclude("generated " + seen.size() + " image(s)" + (seen.isEmpty() ? "" : " of " + seen.get(0)) + " matching the response schema");
    }

    /** Strict base64 (line breaks allowed): anything else is reported as not base64, with a short excerpt of what came. */
    private static Optional<byte[]> decode(String text, String at, CheckRun run) {
        try {
            return Optional.of(Base64.getDecoder().decode(text.replaceAll("[\\r\\n]", "")));
        } catch (IllegalArgumentException e) {
            run.add(Finding.error("image-undecodable", at, "a base64-encoded image", "not valid base64: " + BodyClassifier.excerpt(StringNode.valueOf(text))));
            return Optional.empty();
        }
    }

    /** The first bytes in hex: enough to tell an HTML error page or a JSON body from an image. */
    private static String head(byte[] bytes) {
        String hex = HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(8, bytes.length));
        String text = new String(bytes, 0, Math.min(24, bytes.length), java.nio.charset.StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".");
        return hex + " (\"" + text + "\")";
    }

    /** What a download gave: the image, or why there is none (a finding already added), or a network fault to report as unverified. */
    private record Download(Optional<byte[]> bytes, Finding unavailable) {}

    /** Fetches an image URL without the key (it may be on a CDN of another origin). */
    private Download download(String location, String at, CheckRun run) {
        HttpUrl url = HttpUrl.parse(location);
        if (url == null) {
            run.add(Finding.error("image-undecodable", at, "an http(s) image URL", BodyClassifier.excerpt(StringNode.valueOf(location))));
            return new Download(Optional.empty(), null);
        }
        try {
            ProviderResponse r = ctx.client().forDownloads(contract.checks().generation().timeout().duration())
                    .send(new Request.Builder().url(url).get().build(), SendMode.REPEATABLE);
            if (!r.isSuccess()) {
                run.add(Finding.error("image-unavailable", at, "HTTP 200 with the image", "HTTP " + r.status()));
                return new Download(Optional.empty(), null);
            }
            return new Download(Optional.of(r.body()), null);
        } catch (ExchangeFailure f) {
            return new Download(Optional.empty(), Finding.warning("image-unavailable", at, "the image", f.getMessage()));
        }
    }
}
