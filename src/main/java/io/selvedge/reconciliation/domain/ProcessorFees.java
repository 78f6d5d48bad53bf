package io.selvedge.reconciliation.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which card fees of a processor file post to whose journal. A line about a customer's card payment (settled, refunded,
 * charged back) whose fees are not zero belongs to the store card tender that carries one of its references (a sale's
 * tender before its void's or refund's); its fees go to that tender's store, business day and card brand. Lines no
 * store tender carries by reference (web orders, payments the POS never sent) post nothing: the tie-out lists them. The
 * fees of one store, day and brand make one adjusting entry.
 */
public final class ProcessorFees {

    private ProcessorFees() {
    }

    /** A processor line with its key, the idempotency key of its fees too. */
    public record KeyedLine(String lineKey, ProcessorLine line) {
    }

    /** Fees of one store, day and brand ({@code brand} null: a card tender without a brand), with the lines they sum. */
    public record Group(String store, LocalDate businessDay, String brand, Currency currency, long feesMinor, List<Fee> fees,
                        Set<String> batches) {

        public Group {
            fees = List.copyOf(fees);
            batches = Set.copyOf(batches);
        }
    }

    /** One line's fees and the tender they were charged on. */
    public record Fee(String lineKey, String orderRef, long feesMinor) {
    }

    public record Result(List<Group> groups, List<String> warnings) {

        public Result {
            groups = List.copyOf(groups);
            warnings = List.copyOf(warnings);
        }
    }

    public static Result group(List<KeyedLine> lines, List<TieOut.Tender> tenders) {
        Map<String, List<TieOut.Tender>> byReference = new TreeMap<>();
        tenders.stream().filter(t -> t.isCard() && t.store() != null && t.reference() != null)
                .sorted(Comparator.comparing(TieOut.Tender::businessDay).thenComparing(TieOut.Tender::orderRef).thenComparingInt(TieOut.Tender::position))
                .forEach(t -> byReference.computeIfAbsent(t.reference(), r -> new ArrayList<>()).add(t));
        record Key(String store, LocalDate day, String brand, String currency) {
        }
        Map<Key, List<Fee>> fees = new TreeMap<>(Comparator.comparing(Key::store).thenComparing(Key::day)
                .thenComparing(k -> Objects.toString(k.brand(), "")).thenComparing(Key::currency));
        Map<Key, Set<String>> batches = new TreeMap<>(Comparator.comparing(Key::store).thenComparing(Key::day)
                .thenComparing(k -> Objects.toString(k.brand(), "")).thenComparing(Key::currency));
        List<String> warnings = new ArrayList<>();
        for (KeyedLine keyed : lines) {
            ProcessorLine line = keyed.line();
            if (!line.category().isTransaction() || line.fees() == 0) {
                continue;
            }
            TieOut.Tender tender = tender(line, byReference);
            if (tender == null) {
                continue;
            }
            Currency currency = line.net().currency();
            if (!currency.equals(tender.amount().currency())) {
                warnings.add(line.location() + ": fees in " + currency.getCurrencyCode() + " on a " + tender.amount().currency().getCurrencyCode()
                        + " tender of " + tender.store() + " were not posted");
                continue;
            }
            Key key = new Key(tender.store(), tender.businessDay(), tender.brand(), currency.getCurrencyCode());
            fees.computeIfAbsent(key, k -> new ArrayList<>()).add(new Fee(keyed.lineKey(), tender.orderRef(), line.fees()));
            if (line.batch() != null) {
                batches.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(line.batch());
            }
        }
        List<Group> groups = new ArrayList<>();
        fees.forEach((key, list) -> {
            long total = list.stream().mapToLong(Fee::feesMinor).reduce(0, Math::addExact);
            if (total != 0) {
                groups.add(new Group(key.store(), key.day(), key.brand(), Currency.getInstance(key.currency()), total, list,
                        batches.getOrDefault(key, Set.of())));
            }
        });
        return new Result(groups, warnings);
    }

    /** The store card tender the line is about: the first payment among those carrying its references, else the first. */
    private static TieOut.Tender tender(ProcessorLine line, Map<String, List<TieOut.Tender>> byReference) {
        List<TieOut.Tender> candidates = new ArrayList<>();
        for (String reference : line.references()) {
            candidates.addAll(byReference.getOrDefault(reference, List.of()));
        }
        return candidates.stream().filter(t -> !t.amount().isNegative() && !t.amount().isZero()).findFirst()
                .orElse(candidates.isEmpty() ? null : candidates.get(0));
    }
}
