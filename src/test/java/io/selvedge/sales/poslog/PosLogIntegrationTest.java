package io.selvedge.sales.poslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Api;
import io.selvedge.testing.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/pos/poslog} over real HTTP with the POS key, on every vendor sample and on hostile input. The
 * contract is the demo one, with the samples' store ids listed as the demo stores' posLogIds and blind returns refunded
 * in cash allowed (the roqqio return without a receipt); the samples' items are published first.
 */
class PosLogIntegrationTest extends IntegrationTest {

    private static final String POSLOG = "/api/v1/pos/poslog";
    private static final String XML = "application/xml";

    @DynamicPropertySource
    static void contract(DynamicPropertyRegistry registry) throws IOException {
        String demo = new ClassPathResource("selvedge-demo.yml").getContentAsString(StandardCharsets.UTF_8);
        String yaml = demo.replace("STORE-ABK:  { name: Abbot Kinney flagship,", "STORE-ABK:  { name: Abbot Kinney flagship, posLogIds: [\"100\"],")
                .replace("STORE-SOHO: { name: SoHo,", "STORE-SOHO: { name: SoHo, posLogIds: [\"300\", \"9\"],")
                .replace("STORE-MEL:  { name: Melrose,", "STORE-MEL:  { name: Melrose, posLogIds: [\"3004\", \"3000\"],")
                .replace("policies:\n", "policies:\n  returns.blind: allowed\n  returns.blindRefundTo: \"CASH, STORE_CREDIT\"\n");
        assertThat(yaml).contains("posLogIds: [\"3004\", \"3000\"]").contains("returns.blind: allowed");
        Path file = Files.createTempFile("selvedge-poslog", ".yml");
        Files.writeString(file, yaml);
        file.toFile().deleteOnExit();
        registry.add("selvedge.contract", file::toString);
    }

    /** The samples' items, published by the ERP and received at the store that sells them (idempotent: same ids each time). */
    @BeforeEach
    void catalogueAndStock() {
        publish("PLOG-PUMA", "STORE-ABK", variant("PUMA-TOP-XS-GREY", "8718824914435", "XS"), variant("PUMA-TOP-S-BLACK", "8718824914497", "S"));
        publish("PLOG-BULLS", "STORE-ABK", variant("BULLS-MOTEX", "4022847522022", "A"), variant("BULLS-BSTAR", "4022847518216", "B"));
        publish("PLOG-PONCHO", "STORE-SOHO", variant("PONCHO-M", "4025929673704", "M"));
        publish("PLOG-RX", "STORE-MEL", variant("100000", null, "ONE"), variant("OVESTERIN", "7046265478027", "TWO"));
        publish("PLOG-ACS", "STORE-SOHO", variant("ACS-APPLE", "00000000067591", "ONE"));
        publish("PLOG-TEE", "STORE-SOHO", variant("PLOG-TEE-S", null, "S"), variant("PLOG-TEE-M", null, "M"),
                variant("PLOG-TEE-L", "2000000501031", "L"));
    }

    @Test
    void aCashSaleWithChangePostsOnceAndReplaysWithNoSecondEffect() {
        long before = onHand("STORE-ABK", "PUMA-TOP-XS-GREY");
        JsonNode answer = post(PosLogSamples.vendor("roqqio_sale_with_tenderChange.xml"));
        assertThat(answer.get("received").asInt()).isEqualTo(1);
        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        JsonNode row = answer.get("results").get(0);
        assertThat(row.get("transactionId").asString()).isEqualTo("STORE-ABK:10001:3");
        assertThat(row.get("element").asString()).isEqualTo("/POSLog/Transaction[1]");
        assertThat(row.get("status").asInt()).isEqualTo(201);
        assertThat(row.get("result").get("orderRef").asString()).isEqualTo("STORE-ABK:10001:3");
        assertThat(onHand("STORE-ABK", "PUMA-TOP-XS-GREY")).isEqualTo(before - 1);

        // tenders as the back office hears them: 27.00 cash in, 0.01 change out
        JsonNode order = orderCreated("STORE-ABK:10001:3");
        assertThat(order.get("currency").asString()).isEqualTo("EUR");
        assertThat(order.get("total").asString()).isEqualTo("26.99");
        assertThat(order.get("tax").asString()).isEqualTo("4.31");
        assertThat(order.get("tenders").findValuesAsString("amount")).containsExactly("27.00", "-0.01");
        assertThat(returnable("STORE-ABK:10001:3").get("payments").get(0).get("refundable").asString()).isEqualTo("26.99");

        JsonNode again = post(PosLogSamples.vendor("roqqio_sale_with_tenderChange.xml"));
        assertThat(again.get("results").get(0).get("replay").asBoolean()).isTrue();
        assertThat(again.get("results").get(0).get("status").asInt()).isEqualTo(200);
        assertThat(again.get("results").get(0).get("result").get("orderRef").asString()).isEqualTo("STORE-ABK:10001:3");
        assertThat(onHand("STORE-ABK", "PUMA-TOP-XS-GREY")).as("a replay moves nothing").isEqualTo(before - 1);
    }

    @Test
    void aSaleWithACustomerLinksTheCustomerBySourceId() {
        JsonNode row = post(PosLogSamples.vendor("roqqio_sale_with_customer.xml")).get("results").get(0);
        assertThat(row.get("status").asInt()).isEqualTo(201);
        String customerId = row.get("result").get("customerId").asString();
        JsonNode customer = api(OPS).get("/api/v1/customers?source=pos&sourceId=22000129").json();
        assertThat(customer.get("customerId").asString()).isEqualTo(customerId);
        assertThat(customer.get("lastName").asString()).isEqualTo("Mustermann");
    }

    @Test
    void aStornoSalePostsOnlyTheLinesLeft() {
        long motex = onHand("STORE-ABK", "BULLS-MOTEX");
        long bstar = onHand("STORE-ABK", "BULLS-BSTAR");
        JsonNode row = post(PosLogSamples.vendor("roqqio_sale_with_posStorno.xml")).get("results").get(0);
        assertThat(row.get("status").asInt()).as(row.toString()).isEqualTo(201);
        assertThat(returnable("STORE-ABK:10001:3617").get("lines").findValuesAsString("sku")).containsExactly("BULLS-BSTAR", "BULLS-MOTEX");
        assertThat(returnable("STORE-ABK:10001:3617").get("lines").findValues("lineNo")).extracting(JsonNode::asInt).containsExactly(11, 12);
        assertThat(onHand("STORE-ABK", "BULLS-MOTEX")).isEqualTo(motex - 1);
        assertThat(onHand("STORE-ABK", "BULLS-BSTAR")).isEqualTo(bstar - 1);
    }

    @Test
    void aReturnWithoutReceiptRestocksTheStoreAsUnreferenced() {
        long before = onHand("STORE-SOHO", "PONCHO-M");
        JsonNode row = post(PosLogSamples.vendor("roqqio_retoure.xml")).get("results").get(0);
        assertThat(row.get("status").asInt()).as(row.toString()).isEqualTo(201);
        assertThat(row.get("transactionId").asString()).isEqualTo("STORE-SOHO:30001:1888");
        assertThat(row.get("result").get("unreferenced").get(0).asInt()).isEqualTo(1);
        assertThat(onHand("STORE-SOHO", "PONCHO-M")).isEqualTo(before + 1);
        assertThat(api(OPS).get("/api/v1/returns/unreferenced?store=STORE-SOHO&businessDay=2024-09-26").json().findValuesAsString("transactionId"))
                .contains("STORE-SOHO:30001:1888");
    }

    @Test
    void aReturnWithALinkRestocksAgainstItsOriginalAndNeverBeyondIt() {
        long before = onHand("STORE-ABK", "BULLS-MOTEX");
        assertThat(post(PosLogSamples.own("roqqio_original_3569.xml")).get("results").get(0).get("status").asInt()).isEqualTo(201);
        assertThat(onHand("STORE-ABK", "BULLS-MOTEX")).isEqualTo(before - 1);

        JsonNode row = post(PosLogSamples.vendor("roqqio_retoure_with_link.xml")).get("results").get(0);
        assertThat(row.get("status").asInt()).as(row.toString()).isEqualTo(201);
        assertThat(row.get("result").get("returnOf").get(0).get("orderRef").asString()).isEqualTo("STORE-ABK:10001:3569");
        assertThat(onHand("STORE-ABK", "BULLS-MOTEX")).isEqualTo(before);
        JsonNode line4 = returnable("STORE-ABK:10001:3569").get("lines").get(1);
        assertThat(line4.get("lineNo").asInt()).isEqualTo(4);
        assertThat(line4.get("returned").asInt()).isEqualTo(1);
        assertThat(line4.get("returnable").asInt()).isZero();

        // the same line given back again, under another receipt number: refused, named by its element
        String twice = PosLogSamples.vendor("roqqio_retoure_with_link.xml").replace("<SequenceNumber>3570</SequenceNumber>",
                "<SequenceNumber>3571</SequenceNumber>");
        JsonNode refused = post(twice).get("results").get(0);
        assertThat(refused.get("status").asInt()).isEqualTo(409);
        assertThat(refused.get("problem").get("errors").get(0).get("field").asString())
                .isEqualTo("/POSLog/Transaction[1]/RetailTransaction/LineItem[1]/Sale/TransactionLink");
        assertThat(refused.get("problem").get("errors").get(0).get("canonicalField").asString()).isEqualTo("lines[0].returnOf");
        assertThat(refused.get("problem").get("detail").asString()).contains("lines[0].returnOf only 0 of the 1 units").contains("remain returnable");
        assertThat(onHand("STORE-ABK", "BULLS-MOTEX")).isEqualTo(before);
    }

    @Test
    void ncrSmallSkipsTheSignOnAndRefusesTheWeighedSaleWhileTheCardSaleOfTheSameStorePosts() {
        long apples = onHand("STORE-SOHO", "ACS-APPLE");
        JsonNode answer = post(PosLogSamples.vendor("SMALL.xml"));
        assertThat(answer.get("received").asInt()).isEqualTo(2);
        assertThat(answer.get("skipped").asInt()).isEqualTo(1);
        assertThat(answer.get("refused").asInt()).isEqualTo(1);
        JsonNode signOn = answer.get("results").get(0);
        assertThat(signOn.get("status").asInt()).isEqualTo(204);
        assertThat(signOn.get("skippedBecause").asString()).contains("ControlTransaction");
        JsonNode weighed = answer.get("results").get(1);
        assertThat(weighed.get("status").asInt()).isEqualTo(422);
        assertThat(weighed.get("problem").get("errors").get(0).get("field").asString())
                .isEqualTo("/POSLog/Transaction[2]/RetailTransaction/LineItem[1]/Sale/Quantity");
        assertThat(onHand("STORE-SOHO", "ACS-APPLE")).isEqualTo(apples);

        JsonNode card = post(PosLogSamples.own("ncr_acs_card_sale.xml")).get("results").get(0);
        assertThat(card.get("status").asInt()).as(card.toString()).isEqualTo(201);
        assertThat(onHand("STORE-SOHO", "ACS-APPLE")).isEqualTo(apples - 1);
        JsonNode order = orderCreated("STORE-SOHO:34:162");
        assertThat(order.get("tenders").get(0).get("type").asString()).isEqualTo("CARD");
        assertThat(order.get("tenders").get(0).get("brand").asString()).isEqualTo("DEBIT");
        assertThat(order.get("total").asString()).isEqualTo("1.07");
        JsonNode discount = row(api(OPS).get("/api/v1/audit?store=STORE-SOHO&kind=DISCOUNT").json(), "STORE-SOHO:34:162");
        assertThat(discount).as("the loyalty reward is a discount in the audit trail").isNotNull();
    }

    @Test
    void vismaSalePostsWithItsCashRoundingAndTheCanceledOnePostsNothing() {
        long rx = onHand("STORE-MEL", "100000");
        long canceledItem = onHand("STORE-MEL", "OVESTERIN");
        JsonNode row = post(PosLogSamples.vendor("visma_arts1.xml")).get("results").get(0);
        assertThat(row.get("status").asInt()).as(row.toString()).isEqualTo(201);
        JsonNode order = orderCreated("STORE-MEL:1:3619");
        assertThat(order.get("currency").asString()).isEqualTo("SEK");
        assertThat(order.get("businessDay").asString()).isEqualTo("2019-07-22");
        assertThat(order.get("tenders").findValuesAsString("amount")).containsExactly("22042.00", "-0.12");
        assertThat(onHand("STORE-MEL", "100000")).isEqualTo(rx - 1);

        JsonNode canceled = post(PosLogSamples.vendor("visma_arts4.xml"));
        assertThat(canceled.get("skipped").asInt()).isEqualTo(1);
        assertThat(canceled.get("accepted").asInt()).isZero();
        assertThat(canceled.get("results").get(0).get("skippedBecause").asString()).contains("Canceled");
        assertThat(onHand("STORE-MEL", "OVESTERIN")).isEqualTo(canceledItem);
        assertThat(api(POS).get("/api/v1/returns/returnable?orderRef=STORE-MEL:37:4").status()).isEqualTo(404);
    }

    @Test
    void artsV6DiscountsVoidsDamagedReturnsAndAPostVoidThroughThePublicApi() {
        long s = onHand("STORE-SOHO", "PLOG-TEE-S");
        long m = onHand("STORE-SOHO", "PLOG-TEE-M");
        long l = onHand("STORE-SOHO", "PLOG-TEE-L");
        JsonNode answer = post(PosLogSamples.own("arts_v6_features.xml"));
        List<Integer> statuses = new ArrayList<>();
        answer.get("results").forEach(r -> statuses.add(r.get("status").asInt()));
        assertThat(statuses).as(answer.toString()).containsExactly(201, 201, 204, 201, 201);
        assertThat(answer.get("results").get(0).get("voidedLines").get(0).asInt()).isEqualTo(2);

        // 2 M sold, one of them back damaged; 1 L sold; the S sold and post-voided; the voided and the training S never sold
        assertThat(onHand("STORE-SOHO", "PLOG-TEE-M")).isEqualTo(m - 2);
        assertThat(onHand("STORE-SOHO", "PLOG-TEE-L")).isEqualTo(l - 1);
        assertThat(onHand("STORE-SOHO", "PLOG-TEE-S")).isEqualTo(s);

        JsonNode sale = returnable("STORE-SOHO:R7:501");
        assertThat(sale.get("lines").get(0).get("returned").asInt()).isEqualTo(1);
        assertThat(sale.get("payments").get(0).get("type").asString()).isEqualTo("CARD");
        assertThat(sale.get("payments").get(0).get("last4").asString()).isEqualTo("4242");
        assertThat(sale.get("payments").get(0).get("refundable").asString()).isEqualTo("51.90");
        assertThat(returnable("STORE-SOHO:R7:504").get("voided").asBoolean()).isTrue();

        JsonNode voidedLine = row(api(OPS).get("/api/v1/audit?store=STORE-SOHO&kind=OVERRIDE_VOID").json(), "STORE-SOHO:R7:501");
        assertThat(voidedLine.get("approvedBy").asString()).isEqualTo("CLERK-3");
        assertThat(row(api(OPS).get("/api/v1/audit?store=STORE-SOHO&kind=VOID").json(), "STORE-SOHO:R7:505")).isNotNull();
        JsonNode customer = api(OPS).get("/api/v1/customers?source=pos&sourceId=PLOG-C-77").json();
        assertThat(customer.get("email").asString()).isEqualTo("ana.lima.poslog@example.com");
    }

    @Test
    void aBadTransactionIsRefusedByElementAndDoesNotStopTheOthers() {
        long before = onHand("STORE-SOHO", "PLOG-TEE-S");
        String pan = "4111111111111111";
        String document = "<POSLog xmlns=\"http://www.nrf-arts.org/IXRetail/namespace/\">"
                + cashSale("601", "NO-SUCH-ITEM", "") + cashSale("602", "PLOG-TEE-S", "")
                + cashSale("603", "PLOG-TEE-S", "<CreditDebit CardType=\"Visa\"><PrimaryAccountNumber>" + pan + "</PrimaryAccountNumber></CreditDebit>")
                + "</POSLog>";
        var response = api(POS).send("POST", POSLOG, XML, document);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).as("a card number is never echoed").doesNotContain(pan);
        JsonNode answer = response.json();
        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        assertThat(answer.get("refused").asInt()).isEqualTo(2);
        JsonNode unknown = answer.get("results").get(0);
        assertThat(unknown.get("status").asInt()).isEqualTo(422);
        assertThat(unknown.get("problem").get("errors").get(0).get("field").asString())
                .isEqualTo("/POSLog/Transaction[1]/RetailTransaction/LineItem[1]/Sale/ItemID");
        assertThat(answer.get("results").get(1).get("status").asInt()).isEqualTo(201);
        JsonNode card = answer.get("results").get(2);
        assertThat(card.get("problem").get("type").asString()).endsWith("/card-number-refused");
        assertThat(onHand("STORE-SOHO", "PLOG-TEE-S")).isEqualTo(before - 1);
    }

    @Test
    void aDocumentBrokenMidwayKeepsTheResultsBeforeTheBreak() {
        long before = onHand("STORE-SOHO", "PLOG-TEE-S");
        String document = "<POSLog>\n" + cashSale("701", "PLOG-TEE-S", "") + "\n<Transaction><BusinessUnit><UnitID>STORE-SOHO</UnitID>"
                + "</BusinessUnit>\n<WorkstationID>R8</Workstation>";
        var response = api(POS).send("POST", POSLOG, XML, document);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("/POSLog/Transaction[2]/WorkstationID");
        assertThat(problem.get("detail").asString()).contains("not well-formed XML at line 4");
        assertThat(problem.get("results").get(0).get("status").asInt()).isEqualTo(201);
        assertThat(onHand("STORE-SOHO", "PLOG-TEE-S")).isEqualTo(before - 1);
        assertThat(api(POS).send("POST", POSLOG, XML, document).json().get("results").get(0).get("replay").asBoolean())
                .as("sent again, what was posted replays").isTrue();
    }

    @Test
    void refusesHostileDocumentsSafely() throws Exception {
        Path secret = Files.createTempFile("poslog-secret", ".txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        var xxe = api(POS).send("POST", POSLOG, XML, "<?xml version=\"1.0\"?>\n<!DOCTYPE POSLog [<!ENTITY xxe SYSTEM \"" + secret.toUri()
                + "\">]>\n<POSLog><Transaction><WorkstationID>&xxe;</WorkstationID></Transaction></POSLog>");
        assertThat(xxe.status()).isEqualTo(400);
        assertThat(xxe.contentType()).startsWith("application/problem+json");
        assertThat(xxe.body()).doesNotContain("TOP-SECRET").contains("DOCTYPE");

        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            laughs.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10)).append("\">");
        }
        laughs.append("]>\n<POSLog><Transaction><WorkstationID>&lol9;</WorkstationID></Transaction></POSLog>");
        assertThat(api(POS).send("POST", POSLOG, XML, laughs.toString()).status()).isEqualTo(400);

        assertThat(api(POS).send("POST", POSLOG, XML, "<POSLog xmlns=\"http://www.nrf-arts.org/IXRetail/namespace/\"/>").status()).isEqualTo(422);
        assertThat(api(POS).send("POST", POSLOG, XML, "").status()).isEqualTo(400);
        assertThat(api(POS).send("POST", POSLOG, "application/json", "{}").status()).isEqualTo(415);
        assertThat(api(ERP).send("POST", POSLOG, XML, PosLogSamples.vendor("visma_arts4.xml")).status()).as("only the POS sends sales")
                .isEqualTo(403);
        assertThat(anonymous().get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void aHundredMegabyteBodyIsRefusedQuicklyWhetherItsLengthIsDeclaredOrNot() throws Exception {
        long hundredMb = 100L * 1024 * 1024;
        long start = System.nanoTime();
        // declared: refused from the header, before a byte of the body is read
        String declared = raw("POST " + POSLOG + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + POS + "\r\nContent-Type: "
                + XML + "\r\nContent-Length: " + hundredMb + "\r\nConnection: close\r\n\r\n", null);
        assertThat(declared).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("payload-too-large");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused from the header").isLessThan(Duration.ofSeconds(5));

        // chunked, length unknown: counted as it streams and refused at the cap
        String chunked = raw("POST " + POSLOG + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + POS + "\r\nContent-Type: "
                + XML + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n", hundredMb);
        assertThat(chunked).startsWith("HTTP/1.1 413").contains("payload-too-large");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(anonymous().get("/actuator/health").status()).as("the hub is still up").isEqualTo(200);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private JsonNode post(String document) {
        Api.Response response = api(POS).send("POST", POSLOG, XML, document);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        return response.json();
    }

    /** A one-line cash sale at STORE-SOHO, register R8, for 30.00; {@code tenderExtra} goes inside the tender. */
    private static String cashSale(String sequence, String item, String tenderExtra) {
        return "<Transaction><BusinessUnit><UnitID>STORE-SOHO</UnitID></BusinessUnit><WorkstationID>R8</WorkstationID>"
                + "<SequenceNumber>" + sequence + "</SequenceNumber><CurrencyCode>USD</CurrencyCode><RetailTransaction>"
                + "<LineItem><SequenceNumber>1</SequenceNumber><Sale><ItemID>" + item + "</ItemID><ActualSalesUnitPrice>30.00"
                + "</ActualSalesUnitPrice><Quantity>1</Quantity></Sale></LineItem><LineItem><SequenceNumber>2</SequenceNumber>"
                + "<Tender TenderType=\"" + (tenderExtra.isEmpty() ? "Cash" : "CreditDebit") + "\"><Amount>30.00</Amount>" + tenderExtra
                + "</Tender></LineItem></RetailTransaction><BusinessDayDate>2026-03-15</BusinessDayDate>"
                + "<EndDateTime>2026-03-15T12:00:00-04:00</EndDateTime></Transaction>";
    }

    /**
     * One HTTP exchange on a socket of its own, so a body can be streamed (or withheld) as a test needs: {@code chunked}
     * bytes of an endless receipt are sent as chunks on another thread until the server answers or closes.
     */
    private String raw(String head, Long chunked) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread writer = null;
            if (chunked != null) {
                writer = new Thread(() -> {
                    try {
                        byte[] line = "<ReceiptLine>0123456789 abcdefghij 0123456789</ReceiptLine>\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
                        write(out, "<POSLog><Transaction><ReceiptImage>".getBytes(StandardCharsets.US_ASCII));
                        for (long sent = 0; sent < chunked; sent += line.length) {
                            write(out, line);
                        }
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException closedByServer) {
                        // the server answered and closed: what this test expects
                    }
                });
                writer.start();
            }
            String response = readResponse(socket.getInputStream());
            socket.close();
            if (writer != null) {
                writer.join(10_000);
            }
            return response;
        }
    }

    /** Reads one response (head, then a Content-Length or chunked body) without waiting for the server to close. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString();
            }
            head.append((char) b);
        }
        String headers = head.toString().toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("content-length: *(\\d+)").matcher(headers);
        byte[] body;
        if (length.find()) {
            body = in.readNBytes(Integer.parseInt(length.group(1)));
        } else {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            while (true) {
                StringBuilder size = new StringBuilder();
                for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                    size.append((char) b);
                }
                int n = Integer.parseInt(size.toString().strip(), 16);
                if (n == 0) {
                    break;
                }
                out.write(in.readNBytes(n));
                in.readNBytes(2);
            }
            body = out.toByteArray();
        }
        return head + new String(body, StandardCharsets.UTF_8);
    }

    private static void write(OutputStream out, byte[] chunk) throws IOException {
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private JsonNode orderCreated(String orderRef) {
        JsonNode events = api(OPS).get("/api/v1/events?types=order.created&limit=1000").json().get("events");
        for (JsonNode event : events) {
            if (event.get("data").get("orderRef").asString().equals(orderRef)) {
                return event.get("data");
            }
        }
        throw new AssertionError("no order.created for " + orderRef);
    }

    private JsonNode returnable(String orderRef) {
        Api.Response response = api(POS).get("/api/v1/returns/returnable?orderRef=" + orderRef);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode row(JsonNode rows, String transactionId) {
        for (JsonNode row : rows) {
            for (String key : List.of("transactionId", "orderRef")) {
                if (row.has(key) && row.get(key).asString().equals(transactionId)) {
                    return row;
                }
            }
        }
        return null;
    }

    private long onHand(String location, String sku) {
        JsonNode rows = api(OPS).get("/api/v1/inventory/availability?location=" + location + "&sku=" + sku).json();
        return rows.isEmpty() ? 0 : rows.get(0).get("onHand").asLong();
    }

    private static Map<String, Object> variant(String sku, String gtin, String size) {
        Map<String, Object> variant = new LinkedHashMap<>();
        variant.put("sku", sku);
        if (gtin != null) {
            variant.put("gtin", gtin);
        }
        variant.put("colour", "STD");
        variant.put("size", size);
        return variant;
    }

    @SafeVarargs
    private void publish(String styleCode, String store, Map<String, Object>... variants) {
        List<String> sizes = new ArrayList<>();
        for (Map<String, Object> v : variants) {
            sizes.add((String) v.get("size"));
        }
        Map<String, Object> style = new LinkedHashMap<>();
        style.put("name", styleCode);
        style.put("season", "SS24");
        style.put("category", "Shirts");
        style.put("taxClass", "apparel-standard");
        style.put("colours", List.of(Map.of("code", "STD", "name", "Standard")));
        style.put("sizes", sizes);
        style.put("variants", List.of(variants));
        style.put("prices", List.of(Map.of("priceList", "retail-usd", "currency", "USD", "amount", "30.00",
                "effectiveFrom", "2017-01-01T00:00:00Z")));
        var published = api(ERP).put("/api/v1/catalog/styles/" + styleCode, style);
        assertThat(published.status()).as(published.body()).isEqualTo(200);
        List<Object> lines = new ArrayList<>();
        for (Map<String, Object> v : variants) {
            lines.add(Map.of("sku", v.get("sku"), "quantity", 10));
        }
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("movementId", "RCV-" + styleCode);
        receipt.put("type", "RECEIPT");
        receipt.put("location", store);
        receipt.put("occurredAt", "2017-01-01T08:00:00Z");
        receipt.put("lines", lines);
        var received = api(ERP).post("/api/v1/inventory/movements", receipt);
        assertThat(received.status()).as(received.body()).isIn(200, 201);
    }
}
