package io.selvedge.catalog.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against the real GS1 vectors in ../shared/samples/gs1. */
class GtinTest {

    @Test
    void agreesWithEveryPublishedCheckDigitVector() throws IOException {
        Path vectors = Path.of(System.getProperty("selvedge.samples", "../shared/samples"), "gs1", "gtin_check_digit_vectors.csv");
        List<String> rows = Files.readAllLines(vectors).stream().skip(1).filter(l -> !l.isBlank()).toList();
        assertThat(rows).hasSizeGreaterThan(3);
        for (String row : rows) {
            String[] cells = row.split(",", -1);
            String gtin = cells[0];
            boolean expectedValid = cells[2].equals("valid");
            boolean valid;
            try {
                Gtin.of(gtin);
                valid = true;
            } catch (IllegalArgumentException e) {
                valid = false;
            }
            assertThat(valid).as("GTIN %s (%s)", gtin, cells[1]).isEqualTo(expectedValid);
            if (gtin.matches("\\d{8}|\\d{12,14}")) {
                assertThat(Gtin.checkDigit(gtin.substring(0, gtin.length() - 1))).as(gtin).isEqualTo(Integer.parseInt(cells[3]));
            }
        }
    }

    @Test
    void treatsShorterSpellingsAsTheSameItem() {
        assertThat(Gtin.of("036000241457").asGtin14()).isEqualTo(Gtin.of("00036000241457").asGtin14());
        assertThatThrownBy(() -> Gtin.of("036000241458")).hasMessageContaining("check digit");
        assertThatThrownBy(() -> Gtin.of("12345")).hasMessageContaining("digits");
    }
}
