package dev.driftwatch.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;

/** Reads checks.yaml: YAML with positions, {@code ${VAR}} interpolation, strict binding, validation. */
public final class ConfigLoader {
    /** Settings written as one text value and parsed by their own type. */
    private static final Set<Class<?>> TEXT_VALUED = Set.of(TimeSpan.class, TimeSpanOrOff.class, DataSize.class, CronSchedule.class, HttpAddress.class);
    private final Map<String, String> env;
    private final ObjectMapper binder = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // A count written 1.5 is a mistake to show, not a 1 to take quietly.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    /** @param env the process environment (tests pass their own) */
    public ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    public LoadedConfig load(Path path) throws ConfigException {
        String label = path.toString();
        String text = readText(path, label);
        LocatedYamlReader.Located located;
        try {
            located = new LocatedYamlReader().read(text);
        } catch (LocatedYamlReader.YamlRefused e) {
            throw new ConfigException(label, e.error);
        }
        SourceMap map = located.sourceMap();
        if (!located.tree().isObject()) {
            throw new ConfigException(label, new ConfigError(Position.UNKNOWN, "the file is not a mapping of settings",
                    "start it with 'contracts:' as in the shipped checks.yaml"));
        }
        List<ConfigError> errors = new EnvInterpolator(env).interpolate(located.tree(), map);
        if (!errors.isEmpty()) {
            throw new ConfigException(label, errors);
        }
        ChecksFile file = bind(located.tree(), map, label);
        LoadedConfig loaded = new LoadedConfig(file, map, path, label, revision(text), extraSchemaDirs());
        List<ConfigError> invalid = new ConfigValidator(loaded).validate();
        if (!invalid.isEmpty()) {
            throw new ConfigException(label, invalid);
        }
        return loaded;
    }

    /**
     * {@code DRIFTWATCH_SCHEMA_DIRS}: directories outside that of checks.yaml that schema files may be read from,
     * separated like PATH. An opt-in of the environment, not of the file: checks.yaml alone cannot reach further.
     */
    private List<Path> extraSchemaDirs() {
        String dirs = env.getOrDefault("DRIFTWATCH_SCHEMA_DIRS", "");
        return Arrays.stream(dirs.split(java.io.File.pathSeparator)).filter(d -> !d.isBlank())
                .map(d -> Path.of(d.strip()).toAbsolutePath().normalize()).toList();
    }

    private static String revision(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String readText(Path path, String label) throws ConfigException {
        try {
            byte[] bytes = Files.readAllBytes(path);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(label, new ConfigError(Position.UNKNOWN, "file not found",
                    "pass the path of your checks.yaml with --config"));
        } catch (CharacterCodingException e) {
            throw new ConfigException(label, new ConfigError(Position.UNKNOWN, "the file is not UTF-8 text",
                    "save it as UTF-8"));
        } catch (IOException e) {
            throw new ConfigException(label, new ConfigError(Position.UNKNOWN, "cannot read the file (" + e.getClass().getSimpleName() + ")",
                    "check that it exists and is readable"));
        }
    }

    private ChecksFile bind(JsonNode tree, SourceMap map, String label) throws ConfigException {
        try {
            return binder.treeToValue(tree, ChecksFile.class);
        } catch (UnrecognizedPropertyException e) {
            String pointer = pointerOf(e);
            throw new ConfigException(label, new ConfigError(map.keyAt(pointer), "unknown key '" + e.getPropertyName() + "'",
                    "use one of: " + known(e.getKnownPropertyIds())));
        } catch (ValueInstantiationException e) {
            String pointer = pointerOf(e);
            if (e.getCause() instanceof InvalidValue invalid) {
                // A value from an environment variable is named by its variable: it may be a key set there by mistake.
                String problem = map.environmentText(pointer).map(t -> invalid.describing("the value of " + t)).orElse(invalid.getMessage());
                throw new ConfigException(label, new ConfigError(map.valueAt(pointer), problem, invalid.remedy()));
            }
            throw new ConfigException(label, new ConfigError(map.valueAt(pointer), "invalid value for '" + lastName(pointer) + "'",
                    "see the configuration reference in the README"));
        } catch (MismatchedInputException e) {
            String pointer = pointerOf(e);
            throw new ConfigException(label, new ConfigError(map.valueAt(pointer),
                    "'" + lastName(pointer) + "' has the wrong kind of value", "write " + expected(e.getTargetType())));
        } catch (JacksonException e) {
            String pointer = e.getPath().isEmpty() ? "" : pointerOf(e);
            throw new ConfigException(label, new ConfigError(map.valueAt(pointer), "cannot read '" + lastName(pointer) + "'",
                    "see the configuration reference in the README"));
        }
    }

    private static String pointerOf(JacksonException e) {
        StringBuilder pointer = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                pointer.replace(0, pointer.length(), SourceMap.child(pointer.toString(), ref.getPropertyName()));
            } else if (ref.getIndex() >= 0) {
                pointer.append('/').append(ref.getIndex());
            }
        }
        return pointer.toString();
    }

    private static String lastName(String pointer) {
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        return last.isEmpty() ? "(top level)" : last;
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return "the keys listed in the README";
        }
        return ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a value of the kind the README shows";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || TEXT_VALUED.contains(type)) {
            return "a single text value";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list (lines starting with '- ')";
        }
        return "a mapping of keys (key: value lines)";
    }
}
