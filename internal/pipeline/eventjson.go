package pipeline

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/triage/triage/processors"
)

// encodeEvent is json.Marshal(ev) by appendEvent: built in a pooled
// buffer and copied out at its size, one allocation.
func encodeEvent(ev *CloudEvent) ([]byte, error) {
	buf := encBufs.Get().(*bytes.Buffer)
	defer putBuf(buf)
	b, err := appendEvent(buf.AvailableBuffer(), ev)
	if err != nil {
		return nil, err
	}
	buf.Write(b) // keeps the grown array for the next event
	return bytes.Clone(b), nil
}

// appendEvent appends ev's JSON to b: byte for byte what json.Marshal(ev)
// makes (TestAppendEventIsJSONMarshal), without reflection over the
// envelope, the input reference, the processor and the provenance, which
// every event has. The decision and the optional parts (review, thread,
// cleaning) go through encoding/json as before. A string that is not plain
// ASCII, a time that is not UTC within years 0-9999, or a float that is not
// finite is handed to encoding/json too, so its escaping, format and
// errors stay encoding/json's. Safe for concurrent use.
func appendEvent(b []byte, ev *CloudEvent) ([]byte, error) {
	e := eventEncoder{b: b}
	e.raw(`{"specversion":`)
	e.str(ev.SpecVersion)
	e.key("id", ev.ID)
	e.key("source", ev.Source)
	e.key("type", ev.Type)
	e.raw(`,"time":`)
	e.time(ev.Time)
	e.key("subject", ev.Subject)
	e.key("datacontenttype", ev.DataContentType)
	e.key("dataschema", ev.DataSchema)
	d := &ev.Data
	e.raw(`,"data":{"decision":`)
	e.decision(d.Decision)
	in := &d.Input
	e.raw(`,"input":{"topic":`)
	e.str(in.Topic)
	e.raw(`,"partition":`)
	e.b = strconv.AppendInt(e.b, int64(in.Partition), 10)
	e.raw(`,"offset":`)
	e.b = strconv.AppendInt(e.b, in.Offset, 10)
	e.key("id", in.ID)
	if in.Key != "" {
		e.key("key", in.Key)
	}
	if in.Timestamp != nil {
		e.raw(`,"timestamp":`)
		e.time(*in.Timestamp)
	}
	e.raw(`},"processor":{"name":`)
	e.str(d.Processor.Name)
	e.key("version", d.Processor.Version)
	e.raw(`},"provenance":`)
	e.provenance(&d.Provenance)
	if d.Review != nil {
		e.raw(`,"review":`)
		e.value(d.Review)
	}
	if d.Thread != nil {
		e.raw(`,"thread":`)
		e.value(d.Thread)
	}
	if d.Cleaning != nil {
		e.raw(`,"cleaning":`)
		e.value(d.Cleaning)
	}
	e.raw(`}`)
	if ev.Replay != "" {
		e.key("triagereplay", ev.Replay)
	}
	if ev.Supersedes != "" {
		e.key("supersedes", ev.Supersedes)
	}
	e.raw(`}`)
	return e.b, e.err
}

// eventEncoder appends JSON to b; the first error sticks.
type eventEncoder struct {
	b   []byte
	err error
}

func (e *eventEncoder) raw(s string) { e.b = append(e.b, s...) }

// key appends ,"name": and s; name must be plain.
func (e *eventEncoder) key(name, s string) {
	e.b = append(append(append(e.b, `,"`...), name...), `":`...)
	e.str(s)
}

func (e *eventEncoder) str(s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			e.value(s) // escaping: encoding/json's
			return
		}
	}
	e.b = append(append(append(e.b, '"'), s...), '"')
}

func (e *eventEncoder) time(t time.Time) {
	if y := t.Year(); y < 0 || y > 9999 || t.Location() != time.UTC {
		e.value(t)
		return
	}
	e.b = append(t.AppendFormat(append(e.b, '"'), time.RFC3339Nano), '"')
}

// float is encoding/json's float64 format: shortest repr, 'e' below 1e-6
// and from 1e21, with a one-digit negative exponent.
func (e *eventEncoder) float(f float64) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		e.value(f)
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	e.b = strconv.AppendFloat(e.b, f, format, -1, 64)
	if format == 'e' {
		if n := len(e.b); n >= 4 && e.b[n-4] == 'e' && e.b[n-3] == '-' && e.b[n-2] == '0' {
			e.b[n-2] = e.b[n-1]
			e.b = e.b[:n-1]
		}
	}
}

// decision appends a routing decision by hand, any other through
// encoding/json.
func (e *eventEncoder) decision(v any) {
	r, ok := v.(*processors.Route)
	if !ok || r == nil {
		e.value(v)
		return
	}
	e.raw(`{"queue":`)
	e.str(r.Queue)
	if len(r.Matched) > 0 {
		e.raw(`,"matched":[`)
		for i, m := range r.Matched {
			if i > 0 {
				e.raw(",")
			}
			e.str(m)
		}
		e.raw("]")
	}
	e.raw("}")
}

func (e *eventEncoder) provenance(p *processors.Provenance) {
	e.raw(`{"source":`)
	e.str(p.Source)
	if p.FallbackReason != "" {
		e.key("fallback_reason", p.FallbackReason)
	}
	e.key("engine_version", p.EngineVersion)
	if p.Confidence != nil {
		e.raw(`,"confidence":`)
		e.float(*p.Confidence)
	}
	if p.Model != "" {
		e.key("model", p.Model)
	}
	if p.PromptVersion != "" {
		e.key("prompt_version", p.PromptVersion)
	}
	if p.LatencyMS != 0 {
		e.raw(`,"latency_ms":`)
		e.float(p.LatencyMS)
	}
	if p.PromptTokens != 0 {
		e.raw(`,"prompt_tokens":`)
		e.b = strconv.AppendInt(e.b, int64(p.PromptTokens), 10)
	}
	if p.CompletionTokens != 0 {
		e.raw(`,"completion_tokens":`)
		e.b = strconv.AppendInt(e.b, int64(p.CompletionTokens), 10)
	}
	if p.CostUSD != 0 {
		e.raw(`,"cost_usd":`)
		e.float(p.CostUSD)
	}
	e.raw(`}`)
}

// value appends v as encoding/json encodes it (an Encoder: the same bytes
// as json.Marshal, without its copy).
func (e *eventEncoder) value(v any) {
	if e.err != nil {
		return
	}
	buf := encBufs.Get().(*bytes.Buffer)
	defer putBuf(buf)
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		e.err = errors.Join(e.err, err)
		return
	}
	e.b = append(e.b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// encBufs are scratch buffers, empty when taken.
var encBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putBuf(b *bytes.Buffer) {
	if b.Cap() <= 64<<10 { // a rare large event's buffer is not kept
		b.Reset()
		encBufs.Put(b)
	}
}
