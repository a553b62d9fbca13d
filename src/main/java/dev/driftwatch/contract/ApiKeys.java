package dev.driftwatch.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The values of the API keys the contracts name: masked wherever a provider might echo one back. */
public final class ApiKeys {
    private ApiKeys() {}

    public static List<String> of(List<Contract> contracts, Map<String, String> env) {
        List<String> secrets = new ArrayList<>();
        for (Contract c : contracts) {
            for (Environment e : c.environments()) {
                String v = env.get(e.apiKeyEnv());
                if (v != null) {
                    secrets.add(v.strip());
                }
            }
        }
        return secrets;
    }
}
