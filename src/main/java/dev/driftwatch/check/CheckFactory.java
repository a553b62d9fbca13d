package dev.driftwatch.check;

import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.Environment;
import java.util.List;

/** Makes the checks of one kind (live API, docs pages) for a contract and the environments to check. */
public interface CheckFactory {
    List<Check> checksFor(Contract contract, List<Environment> environments);
}
