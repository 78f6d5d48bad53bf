/**
 * The data contract: which systems exist and their keys, the locations and channels, the one owner of
 * every field, who may send each message, each flow's lag and silence windows, and the GL mapping.
 * Loaded from YAML ({@code selvedge.yml}); the hub enforces it through {@link io.selvedge.contract.ContractGuard}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "shared")
package io.selvedge.contract;
