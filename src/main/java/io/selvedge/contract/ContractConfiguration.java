package io.selvedge.contract;

import io.micrometer.core.instrument.MeterRegistry;
import io.selvedge.shared.Outbox;
import io.selvedge.shared.WriteTransactions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/** Loads the contract named by {@code selvedge.contract} (the built-in demo contract by default). */
@Configuration(proxyBeanMethods = false)
class ContractConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ContractConfiguration.class);
    static final String DEMO_CONTRACT = "selvedge-demo.yml";

    @Bean
    Contract contract(@Value("${selvedge.contract:}") String file, Environment environment) {
        Contract contract;
        if (file == null || file.isBlank()) {
            contract = ContractLoader.load(readDemo(), DEMO_CONTRACT);
        } else {
            try {
                contract = ContractLoader.load(Files.readString(Path.of(file), StandardCharsets.UTF_8), file);
            } catch (IOException e) {
                throw new ContractException(file + ": cannot be read (" + e.getMessage() + ")");
            }
        }
        if (environment.acceptsProfiles(Profiles.of("prod"))) {
            contract.systems().values().stream().filter(Contract.SystemDef::developmentKey).findFirst().ifPresent(s -> {
                throw new ContractException("the prod profile refuses development keys: system '" + s.name()
                        + "' uses one; give it a key of its own (or its keySha256)");
            });
        }
        log.info("event=contract.loaded brand=\"{}\" systems={} locations={} channels={}", contract.brand(),
                contract.systems().size(), contract.locations().size(), contract.channels().size());
        return contract;
    }

    @Bean
    ApiKeys apiKeys(Contract contract) {
        return new ApiKeys(contract);
    }

    @Bean
    ContractGuard contractGuard(Contract contract, WriteTransactions writes, Outbox outbox, MeterRegistry meters, Clock clock) {
        return new ContractGuard(contract, writes, outbox, meters, clock);
    }

    static String readDemo() {
        try (InputStream in = ContractConfiguration.class.getClassLoader().getResourceAsStream(DEMO_CONTRACT)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("the built-in demo contract is missing", e);
        }
    }
}
