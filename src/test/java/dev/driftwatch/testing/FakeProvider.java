package dev.driftwatch.testing;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A loopback stand-in for WisGate's OpenAI-compatible API that can play release changes: by
 * default a healthy {@code gpt-image-2}; scenarios rename models, drop fields, add headers,
 * redirect, fail, or script one-off answers per path.
 */
public final class FakeProvider extends Dispatcher implements Closeable, TestWorkspace.Provider {
    public static final String KEY = "sk-wisgate-test-4f9a2c7e1b";
    public static final String MODELS = "/v1/models";
    public static final String GENERATIONS = "/v1/images/generations";
    /** Where the stand-in publishes the provider's OpenAPI document (the shipped contract's spec:openai). */
    public static final String SPEC = "/openai/openapi.yaml";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public final MockWebServer server = new MockWebServer();
    public final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Queue<MockResponse>> scripted = new ConcurrentHashMap<>();

    /** Model IDs listed by /v1/models. */
    public volatile List<String> models = List.of("gpt-image-2", "gpt-image-1", "gpt-image-1-mini", "dall-e-3");
    /** Changes each model entry of the list (e.g. to add a shutdown_date). */
    public volatile UnaryOperator<ObjectNode> modelEntry = m -> m;
    /** Pixel size of generated images. */
    /** The published spec served at {@link #SPEC}; null answers 404 as any unknown path. */
    public volatile String spec = healthySpec();
    public volatile int imageWidth = 1024;
    public volatile int imageHeight = 1024;
    /** Changes the generation response body (drop a field, change a type, add one). */
    public volatile UnaryOperator<ObjectNode> generationBody = b -> b;
    /** Headers added to every API answer (Deprecation, Sunset, rate limits). */
    public volatile Headers extraHeaders = Headers.of();
    /** Docs pages by path: the WisGate site as the shipped checks.yaml expects it, editable per scenario. */
    public final Map<String, String> docsPages = new ConcurrentHashMap<>(Map.of(
            "/", page("home"), "/models", page("models"), "/studio/image", page("studio-image"),
            "/topics/gpt-image-2-prompts", page("gpt-image-2-prompts")));
    /** Replaces all handling of a path. */
    private final Map<String, Function<RecordedRequest, MockResponse>> overrides = new ConcurrentHashMap<>();

    public FakeProvider() {
        server.setDispatcher(this);
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String baseUrl() {
        String url = server.url("/").toString();
        return url.substring(0, url.length() - 1);
    }

    /** Answers the next requests to path with these responses, in order, then falls back to normal. */
    public FakeProvider script(String path, MockResponse... responses) {
        scripted.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(responses));
        return this;
    }

    /** Replaces all handling of a path; null gives it back its normal handling. */
    public FakeProvider override(String path, Function<RecordedRequest, MockResponse> handler) {
        if (handler == null) {
            overrides.remove(path);
        } else {
            overrides.put(path, handler);
        }
        return this;
    }

    public List<RecordedRequest> requestsTo(String path) {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r : requests) {
            if (r.getUrl().encodedPath().equals(path)) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        String path = request.getUrl().encodedPath();
        Queue<MockResponse> queue = scripted.get(path);
        if (queue != null && !queue.isEmpty()) {
            return queue.poll();
        }
        Function<RecordedRequest, MockResponse> override = overrides.get(path);
        if (override != null) {
            return override.apply(request);
        }
        String specText = spec;
        if (specText != null && SPEC.equals(path) && "GET".equals(request.getMethod())) {
            return specDocument(request, specText);
        }
        String html = docsPages.get(path);
        if (html != null && "GET".equals(request.getMethod())) {
            return docsPage(request, html);
        }
        if (!("Bearer " + KEY).equals(request.getHeaders().get("Authorization"))) {
            return error(401, "Incorrect API key provided.", "invalid_request_error", null, "invalid_api_key");
        }
        return switch (path) {
            case MODELS -> json(200, modelsList());
            case GENERATIONS -> generate(request);
            default -> error(404, "Invalid URL (" + request.getMethod() + " " + path + ")", "invalid_request_error", null, null);
        };
    }

    private ObjectNode modelsList() {
        ObjectNode body = JSON.createObjectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        for (String id : models) {
            data.add(modelEntry.apply(JSON.createObjectNode().put("id", id).put("object", "model").put("created", 1776729600).put("owned_by", "wisgate")));
        }
        return body;
    }

    private MockResponse generate(RecordedRequest request) {
        JsonNode body = JSON.readTree(request.getBody().utf8());
        if (body.path("n").asInt(1) < 1) {
            return error(400, "Invalid value for 'n': 0 is less than the minimum of 1.", "invalid_request_error", "n", "invalid_value");
        }
        ObjectNode out = JSON.createObjectNode().put("created", 1779350400);
        ArrayNode data = out.putArray("data");
        for (int i = 0; i < body.path("n").asInt(1); i++) {
            data.addObject().put("b64_json", TestImages.pngBase64(imageWidth, imageHeight));
        }
        return json(200, generationBody.apply(out));
    }

    /** The published spec with a strong ETag of its content, answering 304 to a matching If-None-Match. */
    private static MockResponse specDocument(RecordedRequest request, String text) {
        String etag = "\"" + Integer.toHexString(text.hashCode()) + "\"";
        if (etag.equals(request.getHeaders().get("If-None-Match"))) {
            return new MockResponse.Builder().code(304).setHeader("ETag", etag).build();
        }
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/yaml").setHeader("ETag", etag).body(text).build();
    }

    /**
     * OpenAI's spec of 2026-08-21 with {@code data} required in the images response again (as until April 2025) and
     * without the dated gpt-image-2-2026-04-21 this stand-in's /v1/models and docs do not list: a spec the shipped
     * contract holds against and the other sources agree with, for scenarios about something else.
     */
    public static String healthySpec() {
        String spec = openaiSpec("f85dbe2").replaceFirst("\n            - gpt-image-2-2026-04-21\n", "\n");
        String required = "      required:\n      - created\n";
        int at = spec.indexOf(required, spec.indexOf("    ImagesResponse:"));
        return spec.substring(0, at) + required + "      - data\n" + spec.substring(at + required.length());
    }

    /** OpenAI's published spec at {@code version} (src/test/resources/openai-openapi/): the images and models parts. */
    public static String openaiSpec(String version) {
        try (var in = FakeProvider.class.getResourceAsStream("/openai-openapi/" + version + ".yaml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing spec fixture " + version, e);
        }
    }

    /** A docs page with a strong ETag of its content, answering 304 to a matching If-None-Match. */
    private static MockResponse docsPage(RecordedRequest request, String html) {
        String etag = "\"" + Integer.toHexString(html.hashCode()) + "\"";
        if (etag.equals(request.getHeaders().get("If-None-Match"))) {
            return new MockResponse.Builder().code(304).setHeader("ETag", etag).build();
        }
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html; charset=utf-8").setHeader("ETag", etag).body(html).build();
    }

    /** A fixture page of src/test/resources/docs-pages/wisgate/. */
    public static String page(String name) {
        try (var in = FakeProvider.class.getResourceAsStream("/docs-pages/wisgate/" + name + ".html")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing fixture page " + name, e);
        }
    }

    public MockResponse json(int code, JsonNode body) {
        return new MockResponse.Builder().code(code).headers(extraHeaders).setHeader("Content-Type", "application/json")
                .setHeader("x-request-id", "req_" + Integer.toHexString(requests.size() * 7919)).body(body.toString()).build();
    }

    public static MockResponse error(int code, String message, String type, String param, String errorCode) {
        ObjectNode err = JSON.createObjectNode();
        ObjectNode e = err.putObject("error").put("message", message).put("type", type);
        e.put("param", param);
        e.put("code", errorCode);
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(err.toString()).build();
    }

    public static ObjectNode object(String json) {
        return (ObjectNode) JSON.readTree(json);
    }

    @Override
    public void close() {
        server.close();
    }
}
