package io.selvedge.sales.poslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.selvedge.shared.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming reader on well-formed documents and on hostile ones: every refusal is quick, bounded and names where. */
class PosLogReaderTest {

    private static final String TX = "<Transaction><BusinessUnit><UnitID>100</UnitID></BusinessUnit><WorkstationID>1</WorkstationID>"
            + "<SequenceNumber>%d</SequenceNumber></Transaction>";

    @Test
    void readsEachSampleTransactionByTransaction() {
        for (String name : PosLogSamples.all()) {
            List<PosLogReader.Read> reads = readAll(PosLogSamples.vendor(name), 1 << 20);
            assertThat(reads).as(name).isNotEmpty().allSatisfy(r -> assertThat(r.node()).isNotNull());
        }
        List<PosLogReader.Read> small = readAll(PosLogSamples.vendor("SMALL.xml"), 1 << 20);
        assertThat(small).extracting(PosLogReader.Read::path).containsExactly("/POSLog/Transaction[1]", "/POSLog/Transaction[2]");
        // the Visma receipt image (base64 gzip) is skipped rather than kept
        XmlNode visma = readAll(PosLogSamples.vendor("visma_arts1.xml"), 1 << 20).get(0).node();
        assertThat(visma.child("ReceiptImage")).isEmpty();
        assertThat(visma.text("BusinessUnit", "UnitID")).isEqualTo("3004");
        assertThat(visma.attribute("PosType")).as("a vendor attribute by its local name").isEqualTo("RSPOS");
    }

    @Test
    void refusesAnExternalEntityWithoutReadingIt(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE POSLog [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<POSLog><Transaction><WorkstationID>&xxe;</WorkstationID></Transaction></POSLog>";
        assertThatThrownBy(() -> readAll(xxe, 1 << 20)).isInstanceOfSatisfying(PosLogReader.Broken.class, broken -> {
            assertThat(broken.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
            assertThat(broken.getMessage()).contains("DOCTYPE is not accepted").doesNotContain("TOP-SECRET");
        });
    }

    @Test
    void refusesTheBillionLaughsQuickly() {
        StringBuilder doc = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            doc.append(" <!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10)).append("\">\n");
        }
        doc.append("]>\n<POSLog><Transaction><WorkstationID>&lol9;</WorkstationID></Transaction></POSLog>");
        long start = System.nanoTime();
        assertThatThrownBy(() -> readAll(doc.toString(), 1 << 20)).isInstanceOf(PosLogReader.Broken.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void refusesAnUndeclaredEntityButReadsThePredefinedOnes() {
        assertThatThrownBy(() -> readAll("<POSLog><Transaction><WorkstationID>&foo;</WorkstationID></Transaction></POSLog>", 1 << 20))
                .isInstanceOf(PosLogReader.Broken.class);
        XmlNode node = readAll("<POSLog><Transaction><WorkstationID Name=\"A &amp; B\">R&amp;1</WorkstationID></Transaction></POSLog>", 1 << 20)
                .get(0).node();
        assertThat(node.text("WorkstationID")).isEqualTo("R&1");
        assertThat(node.child("WorkstationID").orElseThrow().attribute("Name")).isEqualTo("A & B");
    }

    @Test
    void aBodyOverTheCapIsRefusedAsItStreamsWithoutHoldingIt() {
        // 100 MB, generated as it is read: one transaction whose receipt image never ends
        long hundredMb = 100L * 1024 * 1024;
        InputStream body = new SequenceInputStream(stream("<POSLog><Transaction><ReceiptImage>"), new InputStream() {
            private long left = hundredMb;
            private final byte[] line = "<ReceiptLine>0123456789 abcdefghij</ReceiptLine>\n".getBytes(StandardCharsets.US_ASCII);
            private int at;

            @Override
            public int read() {
                if (left-- <= 0) {
                    return -1;
                }
                int b = line[at];
                at = (at + 1) % line.length;
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = line[at];
                    at = (at + 1) % line.length;
                }
                left -= n;
                return n;
            }
        });
        long start = System.nanoTime();
        try (PosLogReader reader = new PosLogReader(body, PosLogReader.Limits.of(8L * 1024 * 1024))) {
            assertThatThrownBy(reader::next).isInstanceOfSatisfying(PosLogReader.Broken.class, broken -> {
                assertThat(broken.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
                assertThat(broken.where()).isEqualTo("/POSLog/Transaction[1]");
            });
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void refusesNestingDeeperThanAnyPosLog() {
        String deep = "<POSLog><Transaction>" + "<a>".repeat(200) + "</a>".repeat(200) + "</Transaction></POSLog>";
        assertThatThrownBy(() -> readAll(deep, 1 << 20)).isInstanceOf(PosLogReader.Broken.class);
    }

    @Test
    void aTransactionTooBigToKeepIsRefusedAloneAndTheNextIsRead() {
        String huge = "<POSLog><Transaction><WorkstationID>" + "x".repeat(100_000) + "</WorkstationID></Transaction>"
                + TX.formatted(2) + "</POSLog>";
        List<PosLogReader.Read> reads = readAll(huge, 1 << 20);
        assertThat(reads).hasSize(2);
        assertThat(reads.get(0).node()).isNull();
        assertThat(reads.get(0).refusal()).contains("/POSLog/Transaction[1]/WorkstationID holds more than");
        assertThat(reads.get(1).node().text("SequenceNumber")).isEqualTo("2");
    }

    @Test
    void malformedMidDocumentKeepsWhatCameBeforeAndSaysWhere() {
        String broken = "<POSLog>\n" + TX.formatted(1) + "\n<Transaction><BusinessUnit><UnitID>100</UnitID></BusinessUnit>\n"
                + "<WorkstationID>1</Workstation></Transaction></POSLog>";
        List<PosLogReader.Read> reads = new ArrayList<>();
        try (PosLogReader reader = new PosLogReader(stream(broken), PosLogReader.Limits.of(1 << 20))) {
            reads.add(reader.next());
            assertThatThrownBy(reader::next).isInstanceOfSatisfying(PosLogReader.Broken.class, b -> {
                assertThat(b.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
                assertThat(b.where()).isEqualTo("/POSLog/Transaction[2]/WorkstationID");
                assertThat(b.getMessage()).startsWith("not well-formed XML at line 4");
            });
        }
        assertThat(reads.get(0).node().text("SequenceNumber")).isEqualTo("1");
    }

    @Test
    void refusesWhatIsNotAPosLog() {
        assertThatThrownBy(() -> readAll("<Document><Transaction/></Document>", 1 << 20))
                .isInstanceOfSatisfying(PosLogReader.Broken.class, b -> assertThat(b.code()).isEqualTo(ErrorCode.VALIDATION));
        assertThatThrownBy(() -> readAll("", 1 << 20)).isInstanceOf(PosLogReader.Broken.class);
        assertThatThrownBy(() -> readAll("{\"transactions\": []}", 1 << 20)).isInstanceOf(PosLogReader.Broken.class);
        assertThatThrownBy(() -> readAll("<POSLog>" + TX.formatted(1) + "</POSLog><trailing/>", 1 << 20))
                .isInstanceOf(PosLogReader.Broken.class);
    }

    @Test
    void masksACardNumberInAParserMessage() {
        assertThat(Pans.mask("Unexpected character in 4111111111111111 here")).isEqualTo("Unexpected character in [card number removed] here");
        assertThat(Pans.mask("GTIN 8718824914435 and seq 3569")).isEqualTo("GTIN 8718824914435 and seq 3569");
    }

    private static List<PosLogReader.Read> readAll(String document, long maxBytes) {
        List<PosLogReader.Read> reads = new ArrayList<>();
        try (PosLogReader reader = new PosLogReader(stream(document), PosLogReader.Limits.of(maxBytes))) {
            for (PosLogReader.Read read = reader.next(); read != null; read = reader.next()) {
                reads.add(read);
            }
        }
        return reads;
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
