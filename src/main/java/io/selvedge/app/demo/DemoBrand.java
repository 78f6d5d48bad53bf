package io.selvedge.app.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo brand's FW26 season: 40 styles, 4 colours × 8 sizes each, with valid GTIN-13s and retail prices,
 * and the opening stock of every location. Deterministic, so every run plays the same Saturday.
 */
public final class DemoBrand {

    private static final List<String> LETTER_SIZES = List.of("XS", "S", "M", "L", "XL", "2XL", "3XL", "4XL");
    private static final List<String> WAIST_SIZES = List.of("28", "29", "30", "31", "32", "33", "34", "36");
    private static final String[][] COLOURS = {
            {"NAVY", "Navy"}, {"OLIVE", "Olive"}, {"ECRU", "Ecru"}, {"BLACK", "Black"}, {"RUST", "Rust"}, {"INDIGO", "Indigo"},
            {"GREY", "Heather grey"}, {"CAMEL", "Camel"}};
    /** code, name, category, price; the overshirt comes first: it is the hero of the Saturday. */
    private static final String[][] STYLES = {
            {"OVS", "Overshirt", "Shirts", "89.00"}, {"OXF", "Oxford shirt", "Shirts", "79.00"}, {"FLN", "Flannel shirt", "Shirts", "85.00"},
            {"CMB", "Chambray shirt", "Shirts", "75.00"}, {"WRK", "Work shirt", "Shirts", "82.00"}, {"CPO", "CPO shirt", "Shirts", "120.00"},
            {"LIN", "Linen shirt", "Shirts", "95.00"}, {"POL", "Knit polo", "Knitwear", "88.00"}, {"CRW", "Merino crewneck", "Knitwear", "135.00"},
            {"CAR", "Shawl cardigan", "Knitwear", "165.00"}, {"FSH", "Fisherman sweater", "Knitwear", "180.00"}, {"HNL", "Waffle henley", "Knitwear", "65.00"},
            {"TEE", "Pocket tee", "Knitwear", "38.00"}, {"LST", "Long-sleeve tee", "Knitwear", "45.00"}, {"HOO", "Loopback hoodie", "Knitwear", "110.00"},
            {"SWT", "Sweatshirt", "Knitwear", "95.00"}, {"CHN", "Slim chino", "Trousers", "98.00"}, {"STR", "Straight chino", "Trousers", "98.00"},
            {"SEL", "Selvedge jean", "Trousers", "165.00"}, {"CRP", "Carpenter pant", "Trousers", "125.00"}, {"FAT", "Fatigue pant", "Trousers", "118.00"},
            {"PLT", "Pleated trouser", "Trousers", "145.00"}, {"COR", "Cord trouser", "Trousers", "128.00"}, {"DRW", "Drawstring pant", "Trousers", "92.00"},
            {"SHT", "Camp short", "Trousers", "70.00"}, {"CHC", "Chore coat", "Outerwear", "198.00"}, {"TRK", "Trucker jacket", "Outerwear", "175.00"},
            {"PEA", "Peacoat", "Outerwear", "395.00"}, {"PRK", "Fishtail parka", "Outerwear", "450.00"}, {"BMB", "Bomber jacket", "Outerwear", "260.00"},
            {"QLT", "Quilted liner", "Outerwear", "165.00"}, {"RNC", "Rain coat", "Outerwear", "280.00"}, {"VST", "Down vest", "Outerwear", "190.00"},
            {"HRR", "Harrington jacket", "Outerwear", "220.00"}, {"SHR", "Shirt jacket", "Outerwear", "210.00"}, {"BLZ", "Unstructured blazer", "Outerwear", "340.00"},
            {"TOP", "Topcoat", "Outerwear", "520.00"}, {"GLT", "Gilet", "Outerwear", "150.00"}, {"ANR", "Anorak", "Outerwear", "240.00"},
            {"OVR", "Overcoat", "Outerwear", "560.00"}};

    private final List<Map<String, Object>> styles = new ArrayList<>();
    private final List<String> skus = new ArrayList<>();

    public DemoBrand() {
        int item = 0;
        for (int s = 0; s < STYLES.length; s++) {
            String[] style = STYLES[s];
            List<String> sizes = style[2].equals("Trousers") ? WAIST_SIZES : LETTER_SIZES;
            List<Map<String, Object>> colours = new ArrayList<>();
            List<Map<String, Object>> variants = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                String[] colour = COLOURS[(s + c) % COLOURS.length];
                if (s == 0) {
                    colour = COLOURS[c]; // the overshirt comes in navy
                }
                colours.add(Map.of("code", colour[0], "name", colour[1]));
                for (String size : sizes) {
                    String sku = style[0] + "-" + colour[0] + "-" + size;
                    variants.add(Map.of("sku", sku, "gtin", gtin13(++item), "colour", colour[0], "size", size));
                    skus.add(sku);
                }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("code", style[0]);
            body.put("name", style[1]);
            body.put("season", "FW26");
            body.put("category", style[2]);
            body.put("taxClass", "apparel-standard");
            body.put("colours", colours);
            body.put("sizes", sizes);
            body.put("variants", variants);
            List<Map<String, Object>> prices = new ArrayList<>();
            prices.add(Map.of("priceList", "retail-usd", "currency", "USD", "amount", style[3], "effectiveFrom", "2026-08-01T07:00:00Z"));
            if (s % 5 == 4) {
                // a scheduled markdown: history is kept, the price in force changes on the day
                String markdown = new java.math.BigDecimal(style[3]).multiply(new java.math.BigDecimal("0.7"))
                        .setScale(0, java.math.RoundingMode.HALF_EVEN).setScale(2).toPlainString();
                prices.add(Map.of("priceList", "retail-usd", "currency", "USD", "amount", markdown, "effectiveFrom", "2027-01-02T08:00:00Z"));
            }
            body.put("prices", prices);
            styles.add(body);
        }
    }

    public List<Map<String, Object>> styles() {
        return styles;
    }

    /** Opening stock of a location: every SKU a few units; the hero SKU exactly as the Saturday needs it. */
    public List<Map<String, Object>> opening(String location) {
        List<Map<String, Object>> lines = new ArrayList<>();
        int salt = location.hashCode();
        for (String sku : skus) {
            long quantity = Math.floorMod(sku.hashCode() * 31 + salt, location.equals("WH1") ? 40 : 7);
            if (sku.equals(Demo.HERO)) {
                quantity = switch (location) {
                    case "WH1" -> 12;
                    case "STORE-ABK" -> 1;
                    default -> 0;
                };
            } else if (sku.equals("OVS-NAVY-L") && location.equals("WH1")) {
                quantity = 20;
            }
            if (quantity > 0) {
                lines.add(Map.of("sku", sku, "quantity", quantity));
            }
        }
        return lines;
    }

    /** GTIN-13 under a made-up GS1 company prefix, with its check digit. */
    static String gtin13(int item) {
        String body = "084012" + String.format("%06d", item);
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int digit = body.charAt(body.length() - 1 - i) - '0';
            sum += digit * (i % 2 == 0 ? 3 : 1);
        }
        return body + (10 - sum % 10) % 10;
    }
}
