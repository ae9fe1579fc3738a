package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/processors"
)

// printer renders outputs readably and tallies the summary.
type printer struct {
	w        io.Writer
	full     bool
	subjects map[string]string // input id -> subject, for readable lines
	want     map[string]string // "topic/partition/offset" is unknown up front, so by value
	sum      Summary
	shown    bool
}

func newPrinter(w io.Writer, full bool, ss []Sample) *printer {
	p := &printer{w: w, full: full, subjects: map[string]string{}, want: map[string]string{},
		sum: Summary{Routed: map[string]int{}, DeadLettered: map[string]int{}, BySource: map[string]int{}}}
	for _, s := range ss {
		if s.WantReason != "" {
			p.want[string(s.Value)] = s.WantReason
			continue
		}
		var in struct {
			MessageID string `json:"message_id"`
			TicketID  string `json:"ticket_id"`
			Subject   string `json:"subject"`
		}
		_ = json.Unmarshal(s.Value, &in)
		p.subjects[in.MessageID+in.TicketID] = in.Subject
	}
	return p
}

// decided is a CloudEvent with the decision left raw.
type decided struct {
	pipeline.CloudEvent
	Data struct {
		Decision   json.RawMessage       `json:"decision"`
		Input      pipeline.InputRef     `json:"input"`
		Provenance processors.Provenance `json:"provenance"`
	} `json:"data"`
}

func (p *printer) print(m kafka.Message, dead bool) error {
	if dead {
		return p.dead(m)
	}
	var ev decided
	if err := json.Unmarshal(m.Value, &ev); err != nil {
		return fmt.Errorf("demo: output at %s/%d/%d is not an event: %w", m.Topic, m.Partition, m.Offset, err)
	}
	pv := ev.Data.Provenance
	p.sum.BySource[pv.Source+"/"+pv.FallbackReason]++
	p.sum.Tokens += pv.PromptTokens + pv.CompletionTokens
	p.sum.CostUSD += pv.CostUSD
	if p.full || !p.shown {
		var buf bytes.Buffer
		_ = json.Indent(&buf, m.Value, "  ", "  ")
		label := "event"
		if !p.full {
			label = "first event in full (the rest one line each; --full prints all)"
		}
		fmt.Fprintf(p.w, "  %s:\n  %s\n\n", label, buf.String())
		p.shown = true
	}
	prov := provenance(ev.Data.Provenance)
	subject := clip(p.subjects[ev.Subject], 48)
	switch ev.Type {
	case pipeline.TypeRouted:
		var r processors.Route
		_ = json.Unmarshal(ev.Data.Decision, &r)
		p.sum.Routed[r.Queue]++
		fmt.Fprintf(p.w, "ROUTED   %-12s → %-10s %s  %q\n", ev.Subject, r.Queue, prov, subject)
	case pipeline.TypeOrder:
		var o processors.Order
		_ = json.Unmarshal(ev.Data.Decision, &o)
		if !o.IsOrder {
			p.sum.NotOrders++
			fmt.Fprintf(p.w, "NO ORDER %-44s %s  %q\n", clip(ev.Subject, 44), prov, subject)
			return nil
		}
		p.sum.Orders++
		p.sum.Items += len(o.Items)
		fmt.Fprintf(p.w, "ORDER    %-44s %s  %q\n", clip(ev.Subject, 44), prov, subject)
		fmt.Fprintf(p.w, "         ref %q currency %q\n", o.OrderRef, o.Currency)
		for _, it := range o.Items {
			fmt.Fprintf(p.w, "         - %s\n", item(it))
			if it.Catalog != nil {
				p.sum.Grounded++
			}
			if it.Unknown {
				p.sum.Unknown++
			}
		}
	default:
		return fmt.Errorf("demo: unexpected event type %q", ev.Type)
	}
	return nil
}

func (p *printer) dead(m kafka.Message) error {
	var dl consumer.DeadLetter
	if err := json.Unmarshal(m.Value, &dl); err != nil {
		return fmt.Errorf("demo: dead letter at offset %d is not an envelope: %w", m.Offset, err)
	}
	reason := string(dl.Reason)
	p.sum.DeadLettered[reason]++
	fmt.Fprintf(p.w, "DLQ      %s/%d@%d  %-16s %s\n", dl.Source.Topic, dl.Source.Partition, dl.Source.Offset, reason, clip(dl.Error, 90))
	original := ""
	if dl.ValueB64 != nil {
		original = decodeB64(*dl.ValueB64)
	}
	if want, ok := p.want[original]; !ok || want != reason {
		p.sum.Mismatches = append(p.sum.Mismatches, fmt.Sprintf("%s/%d@%d: got %s, sample expects %q", dl.Source.Topic, dl.Source.Partition, dl.Source.Offset, reason, want))
	}
	return nil
}

func (p *printer) summary(st consumer.Stats) {
	s := p.sum
	decided := s.Inputs - total(s.DeadLettered)
	fmt.Fprintf(p.w, "\nsummary: %d records in → %d decided, %d dead-lettered\n", s.Inputs, decided, total(s.DeadLettered))
	fmt.Fprintf(p.w, "  tickets routed   %d: %s\n", total(s.Routed), sorted(s.Routed))
	fmt.Fprintf(p.w, "  emails           %d orders with %d items, %d not orders\n", s.Orders, s.Items, s.NotOrders)
	fmt.Fprintf(p.w, "  catalog          %d items resolved to a SKU, %d unknown products\n", s.Grounded, s.Unknown)
	fmt.Fprintf(p.w, "  dead-lettered    %d: %s\n", total(s.DeadLettered), sorted(s.DeadLettered))
	fmt.Fprintf(p.w, "  decided by       %s  (source/fallback_reason)\n", sorted(s.BySource))
	fmt.Fprintf(p.w, "  consumer         fetched %d, published %d, dead-lettered %d, commits %d\n", st.Fetched, st.Published, st.DeadLettered, st.Commits)
}

func provenance(pv processors.Provenance) string {
	s := pv.Source
	if pv.Confidence != nil {
		s += fmt.Sprintf(" conf %.2f", *pv.Confidence)
	}
	if pv.FallbackReason != "" {
		s += " fallback " + pv.FallbackReason
	}
	return fmt.Sprintf("[%s]", s)
}

func item(it processors.Item) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d × ", it.Quantity)
	switch {
	case it.Product != "" && it.SKU != "":
		fmt.Fprintf(&b, "%s (SKU %s)", it.Product, it.SKU)
	case it.Product != "":
		b.WriteString(it.Product)
	default:
		fmt.Fprintf(&b, "SKU %s", it.SKU)
	}
	if it.UnitPrice != nil {
		fmt.Fprintf(&b, " @ %.2f", *it.UnitPrice)
	}
	if it.PriceFrom != "" {
		fmt.Fprintf(&b, " (price from %s)", it.PriceFrom)
	}
	switch {
	case it.Catalog != nil:
		fmt.Fprintf(&b, "  → catalog %s %q (score %.2f)", it.Catalog.SKU, it.Catalog.Name, it.Catalog.Score)
	case it.Unknown:
		b.WriteString("  → unknown product")
	}
	return b.String()
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
