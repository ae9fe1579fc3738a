package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"strings"
	"unicode/utf8"

	"github.com/triage/triage/internal/demo"
)

// Record is one generated input for the logical topic "tickets" or "emails".
type Record struct {
	Topic      string
	Key, Value []byte
	Bad        bool // meant for the dead-letter topic
}

// Gen makes realistic records: the demo's sample tickets and e-mails
// (internal/demo) as templates, each given a unique id and the customer
// or sender of its key, its text padded (or cut) with sentences taken from
// the samples to the size drawn from Sizes; bad records are the demo's bad
// samples (invalid JSON, not UTF-8, schema violations), unpadded. Keys are
// spread uniformly over Keys. Not safe for concurrent use.
type Gen struct {
	sizes   Sizes
	mix     Mix
	keys    int
	run     string
	rng     *rand.Rand
	tickets []map[string]any
	emails  []map[string]any
	bad     map[string][][]byte // topic -> values
	filler  []string            // sentences
}

// NewGen loads the templates. run makes ids unique to one bench run; seed
// fixes the random stream, so the same arguments give the same records.
func NewGen(sizes Sizes, mix Mix, keys int, run string, seed uint64) (*Gen, error) {
	ss, err := demo.Samples()
	if err != nil {
		return nil, fmt.Errorf("bench: demo samples: %w", err)
	}
	g := &Gen{sizes: sizes, mix: mix, keys: max(keys, 1), run: run, rng: rand.New(rand.NewPCG(seed, 0x7269616765)), bad: map[string][][]byte{}}
	for _, s := range ss {
		if s.WantReason != "" {
			g.bad[s.Topic] = append(g.bad[s.Topic], s.Value)
			continue
		}
		var obj map[string]any
		if err := json.Unmarshal(s.Value, &obj); err != nil {
			return nil, fmt.Errorf("bench: demo sample: %w", err)
		}
		field := textField(obj)
		if field == "" {
			continue // raw MIME: its text cannot be padded
		}
		g.filler = append(g.filler, sentences(obj[field].(string))...)
		if s.Topic == "emails" {
			g.emails = append(g.emails, obj)
		} else {
			g.tickets = append(g.tickets, obj)
		}
	}
	if len(g.tickets) == 0 || len(g.emails) == 0 || len(g.bad["tickets"]) == 0 || len(g.bad["emails"]) == 0 {
		return nil, fmt.Errorf("bench: the demo samples lack tickets, e-mails or bad records of each topic")
	}
	return g, nil
}

// textField is the field holding a template's customer text.
func textField(obj map[string]any) string {
	for _, f := range []string{"body", "text", "html"} {
		if _, ok := obj[f].(string); ok {
			return f
		}
	}
	return ""
}

// sentences splits text into sentences, dropping very short pieces.
func sentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		for _, s := range strings.SplitAfter(line, ". ") {
			if s = strings.TrimSpace(s); len(s) >= 12 && !strings.ContainsAny(s, "<>") {
				out = append(out, s)
			}
		}
	}
	return out
}

// Next returns record i.
func (g *Gen) Next(i int) Record {
	k := g.rng.IntN(g.keys)
	kind := g.mix.Kind(g.rng.Float64())
	topic := kind
	if kind == "bad" {
		topic = "tickets"
		if g.mix.Tickets == 0 || (g.mix.Emails > 0 && g.rng.Float64()*(g.mix.Tickets+g.mix.Emails) >= g.mix.Tickets) {
			topic = "emails"
		}
	}
	r := Record{Topic: topic, Key: fmt.Appendf(nil, "cus_%05d", k)}
	if topic == "emails" {
		r.Key = fmt.Appendf(nil, "Customer %05d <c%05d@bench.example>", k, k)
	}
	if kind == "bad" {
		vs := g.bad[topic]
		r.Value, r.Bad = vs[g.rng.IntN(len(vs))], true
		return r
	}
	size := g.sizes.Pick(g.rng.Float64())
	if topic == "emails" {
		r.Value = g.fill(g.emails[g.rng.IntN(len(g.emails))], r, i, size)
	} else {
		r.Value = g.fill(g.tickets[g.rng.IntN(len(g.tickets))], r, i, size)
	}
	return r
}

// fill gives template r's identity and pads or cuts its text so that the
// JSON value is about size bytes (never above it, unless the template
// without its text already is).
func (g *Gen) fill(template map[string]any, r Record, i, size int) []byte {
	obj := maps.Clone(template)
	if r.Topic == "emails" {
		obj["message_id"] = fmt.Sprintf("<%s.%d@bench.example>", g.run, i)
		obj["from"] = string(r.Key)
	} else {
		obj["ticket_id"] = fmt.Sprintf("B-%s-%d", g.run, i)
		cust, _ := obj["customer"].(map[string]any)
		cust = maps.Clone(cust)
		if cust == nil {
			cust = map[string]any{}
		}
		cust["id"] = string(r.Key)
		obj["customer"] = cust
	}
	field := textField(obj)
	text := obj[field].(string)
	var b strings.Builder
	b.WriteString(text)
	for b.Len() < size {
		b.WriteString(" ")
		if g.rng.IntN(6) == 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(g.filler[g.rng.IntN(len(g.filler))])
	}
	text = b.String()
	for {
		obj[field] = text
		v := marshal(obj)
		over := len(v) - size
		if over <= 0 || text == "" {
			return v
		}
		text = cut(text, len(text)-over)
	}
}

// cut returns the longest prefix of s of at most n bytes that is valid UTF-8.
func cut(s string, n int) string {
	if n <= 0 {
		return ""
	}
	for n > 0 && n < len(s) && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:min(n, len(s))]
}

// marshal encodes v without HTML escaping (values come from JSON: it
// cannot fail).
func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}
