package dev.driftwatch.spec;

import java.util.List;

/**
 * The part of a published spec a contract depends on: the pinned operation (and the models-list operation when one is
 * watched) with every component they reference, directly or through other components, as one small OpenAPI document in
 * canonical JSON (keys sorted, two-space indent) — what is snapshotted, hashed, diffed and held against the contract.
 *
 * @param openapi the document's {@code openapi} version (3.0.x or 3.1.x)
 * @param components the pointers of the components it references ({@code #/components/schemas/ImagesResponse}), sorted
 * @param missing the optional operations asked for that the document does not have
 * @param json {@code {"openapi": …, "info": …, "paths": {…}, "components": {"schemas": {…}, …}}}
 */
public record PinnedOperation(String openapi, OperationRef ref, List<String> components, List<OperationRef> missing, String json) {
    public PinnedOperation {
        components = List.copyOf(components);
        missing = List.copyOf(missing);
    }
}
