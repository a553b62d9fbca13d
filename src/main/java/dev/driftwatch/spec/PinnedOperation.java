package dev.driftwatch.spec;

import java.util.List;

/**
 * The part of a published spec a contract depends on: one operation and every component it references, directly or
 * through other components, as one canonical JSON document (keys sorted) — what is snapshotted, hashed and compared.
 *
 * @param openapi the document's {@code openapi} version (3.0.x or 3.1.x)
 * @param components the pointers of the components it references ({@code #/components/schemas/ImagesResponse}), sorted
 * @param json {@code {"openapi": …, "operation": {…}, "components": {"schemas": {…}, …}}}
 */
public record PinnedOperation(String openapi, OperationRef ref, List<String> components, String json) {
    public PinnedOperation {
        components = List.copyOf(components);
    }
}
