package pipeline

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/schemas"
)

// check reports the first way ev breaks the output schema named schema
// (schemas.TicketRouted or schemas.EmailOrder), nil when it keeps it. It is
// the schemas' constraints written in Go, so that every event is held to
// them without running the JSON-Schema validator (events.validate does
// that as well, for paranoid deployments). TestCheckMatchesSchema and
// FuzzCheckMatchesSchema hold it equal to the schemas: check rejects
// exactly the events the validator rejects.
func check(schema string, ev *CloudEvent) error {
	var typ string
	switch schema {
	case schemas.TicketRouted:
		typ = TypeRouted
	case schemas.EmailOrder:
		typ = TypeOrder
	default:
		return fmt.Errorf("unknown output schema %q", schema)
	}
	d := &ev.Data
	switch {
	case ev.SpecVersion != "1.0":
		return fmt.Errorf("specversion %q, want 1.0", ev.SpecVersion)
	case !hex32(ev.ID):
		return fmt.Errorf("id %q is not 32 lower-case hex digits", ev.ID)
	case ev.Source == "":
		return fmt.Errorf("empty source")
	case ev.Type != typ:
		return fmt.Errorf("type %q, want %q", ev.Type, typ)
	case ev.Subject == "":
		return fmt.Errorf("empty subject")
	case ev.DataContentType != "application/json":
		return fmt.Errorf("datacontenttype %q, want application/json", ev.DataContentType)
	case ev.DataSchema != schemas.URL(schema):
		return fmt.Errorf("dataschema %q, want %q", ev.DataSchema, schemas.URL(schema))
	case ev.Supersedes != "" && !hex32(ev.Supersedes):
		return fmt.Errorf("supersedes %q is not 32 lower-case hex digits", ev.Supersedes)
	case d.Input.Topic == "" || d.Input.Partition < 0 || d.Input.Offset < 0 || d.Input.ID == "":
		return fmt.Errorf("input %+v: topic and id must be set, partition and offset not negative", d.Input)
	case d.Processor.Name == "" || d.Processor.Version == "":
		return fmt.Errorf("processor %+v: name and version must be set", d.Processor)
	}
	if err := checkProvenance(&d.Provenance); err != nil {
		return err
	}
	if err := checkReview(d.Review); err != nil {
		return err
	}
	if schema == schemas.TicketRouted {
		if d.Thread != nil || d.Cleaning != nil {
			return fmt.Errorf("a routed ticket carries no thread or cleaning")
		}
		switch r := d.Decision.(type) {
		case *processors.Route:
			if r != nil {
				return checkRoute(r)
			}
		case processors.Route:
			return checkRoute(&r)
		}
		return fmt.Errorf("decision %T, want a processors.Route", d.Decision)
	}
	var err error
	switch o := d.Decision.(type) {
	case *processors.Order:
		if o == nil {
			return fmt.Errorf("decision is a nil *processors.Order")
		}
		err = checkOrder(o)
	case processors.Order:
		err = checkOrder(&o)
	default:
		return fmt.Errorf("decision %T, want a processors.Order", d.Decision)
	}
	if err != nil {
		return err
	}
	if err := checkThread(d.Thread); err != nil {
		return err
	}
	return checkCleaning(d.Cleaning)
}

func hex32(s string) bool {
	if len(s) != 32 {
		return false
	}
	for i := range len(s) {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// length says whether s has min to max runes (max 0: no limit), counting
// each invalid byte as the U+FFFD json.Marshal writes for it.
func length(s string, min, max int) bool {
	n := utf8.RuneCountInString(s)
	return n >= min && (max == 0 || n <= max)
}

// number is a JSON number at least min: not NaN or infinite (json.Marshal
// fails on those).
func number(f float64, min float64) bool {
	return !math.IsNaN(f) && !math.IsInf(f, 0) && f >= min
}

func checkProvenance(p *processors.Provenance) error {
	switch {
	case p.Source != processors.SourceRules && p.Source != processors.SourceLLM && p.Source != processors.SourceCache && p.Source != processors.SourceHuman:
		return fmt.Errorf("provenance.source %q is not rules, llm, cache or human", p.Source)
	case p.FallbackReason != "" && !fallbackReasons[failure.Fallback(p.FallbackReason)]:
		return fmt.Errorf("provenance.fallback_reason %q is not a fallback reason", p.FallbackReason)
	case p.EngineVersion == "":
		return fmt.Errorf("provenance.engine_version is empty")
	case p.Confidence != nil && !(number(*p.Confidence, 0) && *p.Confidence <= 1):
		return fmt.Errorf("provenance.confidence %v is not within 0..1", *p.Confidence)
	case !number(p.LatencyMS, 0) || p.PromptTokens < 0 || p.CompletionTokens < 0 || !number(p.CostUSD, 0):
		return fmt.Errorf("provenance latency, tokens and cost must not be negative: %v ms, %d + %d tokens, %v USD",
			p.LatencyMS, p.PromptTokens, p.CompletionTokens, p.CostUSD)
	}
	return nil
}

// fallbackReasons is the schema's enum of provenance.fallback_reason.
var fallbackReasons = map[failure.Fallback]bool{
	failure.BreakerOpen: true, failure.Timeout: true, failure.RateLimited: true, failure.UpstreamError: true,
	failure.BadAnswer: true, failure.LowConfidence: true, failure.BudgetExceeded: true, failure.LLMDisabled: true,
}

func checkRoute(r *processors.Route) error {
	if !length(r.Queue, 1, 64) {
		return fmt.Errorf("decision.queue %q: want 1 to 64 characters", r.Queue)
	}
	return nil
}

func checkOrder(o *processors.Order) error {
	switch {
	case o.Items == nil:
		return fmt.Errorf("decision.items is null, want an array")
	case len(o.Items) > schemas.MaxOrderItems:
		return fmt.Errorf("decision has %d items, at most %d", len(o.Items), schemas.MaxOrderItems)
	case !o.IsOrder && len(o.Items) > 0:
		return fmt.Errorf("decision is not an order but has %d items", len(o.Items))
	case !length(o.OrderRef, 0, 128):
		return fmt.Errorf("decision.order_ref longer than 128 characters")
	case o.Currency != "" && !currency(o.Currency):
		return fmt.Errorf("decision.currency %q: want 3 upper-case letters", o.Currency)
	case o.Truncated != (o.ItemsTotal != 0):
		return fmt.Errorf("decision.truncated %v with items_total %d: both or neither", o.Truncated, o.ItemsTotal)
	case o.ItemsTotal != 0 && o.ItemsTotal <= schemas.MaxOrderItems:
		return fmt.Errorf("decision.items_total %d: want more than %d", o.ItemsTotal, schemas.MaxOrderItems)
	case o.DeclinedBy != "" && (o.IsOrder || !modelEvidence(o.DeclinedBy)):
		return fmt.Errorf("decision.declined_by %q on is_order %v: want model:0.00 to model:1.00, on no order only", o.DeclinedBy, o.IsOrder)
	}
	for i, it := range o.Items {
		switch {
		case it.Product == "" && it.SKU == "":
			return fmt.Errorf("decision.items[%d] has neither product nor sku", i)
		case !length(it.Product, 0, 256) || !length(it.SKU, 0, 64):
			return fmt.Errorf("decision.items[%d]: product over 256 or sku over 64 characters", i)
		case it.Quantity < 1:
			return fmt.Errorf("decision.items[%d].quantity %d: want at least 1", i, it.Quantity)
		case it.UnitPrice != nil && !number(*it.UnitPrice, 0):
			return fmt.Errorf("decision.items[%d].unit_price %v: want a number not below 0", i, *it.UnitPrice)
		case it.Origin != "" && it.Origin != processors.OriginQuoted:
			return fmt.Errorf("decision.items[%d].origin %q: want %q or none", i, it.Origin, processors.OriginQuoted)
		case it.PriceFrom != "" && it.PriceFrom != processors.PriceFromCatalog:
			return fmt.Errorf("decision.items[%d].price_from %q: want %q or none", i, it.PriceFrom, processors.PriceFromCatalog)
		case it.Catalog != nil && (!length(it.Catalog.SKU, 1, 64) || !length(it.Catalog.Name, 1, 256) || !number(it.Catalog.Score, 0) || it.Catalog.Score > 1):
			return fmt.Errorf("decision.items[%d].catalog %+v: sku 1 to 64 characters, name 1 to 256, score within 0..1", i, *it.Catalog)
		}
	}
	return nil
}

func currency(s string) bool {
	return len(s) == 3 && 'A' <= s[0] && s[0] <= 'Z' && 'A' <= s[1] && s[1] <= 'Z' && 'A' <= s[2] && s[2] <= 'Z'
}

func checkThread(t *processors.Thread) error {
	if t == nil {
		return nil
	}
	if !length(t.MessageID, 1, 998) || !length(t.InReplyTo, 0, 998) || len(t.References) > 100 {
		return fmt.Errorf("thread: message_id 1 to 998 characters, in_reply_to at most 998, at most 100 references")
	}
	for i, r := range t.References {
		if !length(r, 1, 998) {
			return fmt.Errorf("thread.references[%d]: want 1 to 998 characters", i)
		}
	}
	return nil
}

func checkCleaning(c *processors.Cleaning) error {
	if c == nil {
		return nil
	}
	if c.OriginalChars < 0 || c.CleanedChars < 0 || c.QuotedChars < 0 || len(c.Attachments) > 100 {
		return fmt.Errorf("cleaning: counts must not be negative, at most 100 attachments")
	}
	for i, a := range c.Attachments {
		if !length(a.Name, 0, 1024) || !length(a.Type, 1, 127) || a.Size < 0 {
			return fmt.Errorf("cleaning.attachments[%d]: name at most 1024 characters, type 1 to 127, size not negative", i)
		}
	}
	return nil
}

// checkReview holds data.review to common.v1.json#/$defs/review.
func checkReview(r *ReviewFlag) error {
	if r == nil {
		return nil
	}
	if !r.Required || len(r.Reasons) == 0 {
		return fmt.Errorf("review: required must be true with at least one reason, got %+v", *r)
	}
	for i, x := range r.Reasons {
		if !reviewReasons[x] || slices.Contains(r.Reasons[:i], x) {
			return fmt.Errorf("review.reasons[%d] %q: not a review reason, or repeated", i, x)
		}
	}
	return nil
}

// modelEvidence reports whether s is a model's evidence, "model:0.97"
// (model.Evidence): the pattern of decision.declined_by.
func modelEvidence(s string) bool {
	p, ok := strings.CutPrefix(s, "model:")
	return ok && len(p) == 4 && (p[0] == '0' || p[0] == '1') && p[1] == '.' &&
		p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9'
}
