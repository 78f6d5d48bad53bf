package io.selvedge.app.demo;

import org.springframework.stereotype.Component;

/** The demo brand and its Saturday, played through the public API. */
@Component
public class Demo {

    /** Plays the scenario; true when every step behaved as it should. */
    public boolean play() {
        System.out.println("Selvedge demo: not yet written");
        return true;
    }
}
