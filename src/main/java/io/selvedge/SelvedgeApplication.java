package io.selvedge;

import io.selvedge.app.Cli;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Selvedge, the integration hub. {@code java -jar selvedge.jar serve|demo|help [--name=value ...]}. */
@SpringBootApplication
public class SelvedgeApplication {

    public static void main(String[] args) {
        System.exit(Cli.run(SelvedgeApplication.class, args));
    }
}
