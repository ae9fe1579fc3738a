package pipeline_test

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/segmentio/kafka-go"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/demo"
	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/internal/tracing"
	"github.com/triage/triage/internal/tracing/tracingtest"
	"github.com/triage/triage/processors/llmsim"
)

// memWriter keeps what the path publishes (no broker needed).
type memWriter struct {
	mu  sync.Mutex
	got []kafka.Message
}

func (w *memWriter) WriteMessages(_ context.Context, msgs ...kafka.Message) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.got = append(w.got, msgs...)
	return nil
}

// tracedRig is the real pipeline on a consumer.Path writing to memory,
// with spans going to an in-memory exporter.
type tracedRig struct {
	cfg  config.Config
	path *consumer.Path
	w    *memWriter
	exp  *tracetest.InMemoryExporter
}

func newTracedRig(t *testing.T, cfg config.Config) *tracedRig {
	t.Helper()
	tp, exp := tracingtest.New()
	p, err := pipeline.Build(cfg, slog.New(slog.DiscardHandler), "test", pipeline.Hooks{Tracing: tp})
	if err != nil {
		t.Fatal(err)
	}
	w := &memWriter{}
	return &tracedRig{cfg: cfg, exp: exp, w: w,
		path: &consumer.Path{Handler: p.Handler, Writer: w, DLQTopic: cfg.Topics.DLQ, Tracing: tp}}
}

// process takes m through Trace, Decide and Publish as the runner does and
// returns the spans of that record.
func (r *tracedRig) process(t *testing.T, m kafka.Message) tree {
	t.Helper()
	r.exp.Reset()
	ctx, end := r.path.Trace(context.Background(), m)
	d, err := r.path.Decide(ctx, m)
	if err == nil {
		d, err = r.path.Publish(ctx, m, d, nil)
	}
	end(d, err)
	if err != nil {
		t.Fatal(err)
	}
	return tree(r.exp.GetSpans())
}

// tree is the spans of one record.
type tree tracetest.SpanStubs

func (tr tree) span(t *testing.T, name string) tracetest.SpanStub {
	t.Helper()
	s, ok := tracingtest.Named(tracetest.SpanStubs(tr), name)
	if !ok {
		t.Fatalf("no %s span in %v", name, tr.names())
	}
	return s
}

func (tr tree) names() []string {
	var out []string
	for _, s := range tr {
		out = append(out, s.Name)
	}
	return out
}

// shape is each span as "name<parent": the tree in a comparable form.
func (tr tree) shape() map[string]string {
	byID := map[string]string{}
	for _, s := range tr {
		byID[s.SpanContext.SpanID().String()] = s.Name
	}
	out := map[string]string{}
	for _, s := range tr {
		out[s.Name] = byID[s.Parent.SpanID().String()]
	}
	return out
}

var attr = tracingtest.Attr

func sameShape(t *testing.T, tr tree, want map[string]string) {
	t.Helper()
	got := tr.shape()
	if len(got) != len(want) {
		t.Fatalf("spans %v, want %v (span: parent)", got, want)
	}
	for name, parent := range want {
		if p, ok := got[name]; !ok || p != parent {
			t.Errorf("span %s has parent %q, want %q (all: %v)", name, p, parent, got)
		}
	}
}

// A ticket decided by the rules (no LLM configured): decode, rules and
// publish under the record span, which names the engine and reason.
func TestTraceTicketDecidedByRules(t *testing.T) {
	cfg := offlineConfig("")
	cfg.LLM.BaseURL = ""
	r := newTracedRig(t, cfg)
	tr := r.process(t, kafka.Message{Topic: cfg.Topics.Tickets, Key: []byte("C-9"), Value: []byte(ticket)})
	sameShape(t, tr, map[string]string{consumer.SpanRecord: "", pipeline.SpanDecode: consumer.SpanRecord,
		pipeline.SpanRules: consumer.SpanRecord, consumer.SpanPublish: consumer.SpanRecord})
	rec := tr.span(t, consumer.SpanRecord)
	if attr(rec, pipeline.AttrSource) != "rules" || attr(rec, pipeline.AttrFallbackReason) != "llm_disabled" || attr(rec, consumer.AttrOutcome) != consumer.OutcomeEvent {
		t.Errorf("record attributes %v", rec.Attributes)
	}
	if pub := tr.span(t, consumer.SpanPublish); attr(pub, "messaging.destination.name") != cfg.Topics.Routed {
		t.Errorf("publish attributes %v", pub.Attributes)
	}
	for _, s := range tr {
		if s.Status.Code == codes.Error {
			t.Errorf("span %s has status Error: %v", s.Name, s.Status)
		}
	}
}

// An email decided by the (simulated) LLM: the llm span, under the cache
// span, has the model, tokens and cost; the same email again is a cache
// hit with no llm span.
func TestTraceEmailDecidedByLLM(t *testing.T) {
	_, url := fakeLLM(t, llmsim.Config{})
	cfg := offlineConfig(url)
	r := newTracedRig(t, cfg)
	m := kafka.Message{Topic: cfg.Topics.Emails, Value: firstEmail(t)}
	tr := r.process(t, m)
	sameShape(t, tr, map[string]string{consumer.SpanRecord: "", pipeline.SpanDecode: consumer.SpanRecord,
		pipeline.SpanCache: consumer.SpanRecord, pipeline.SpanLLM: pipeline.SpanCache, consumer.SpanPublish: consumer.SpanRecord})
	llm := tr.span(t, pipeline.SpanLLM)
	if attr(llm, pipeline.AttrModel) != "sim-model" || attr(llm, pipeline.AttrOutcome) != "ok" {
		t.Errorf("llm attributes %v", llm.Attributes)
	}
	if attr(llm, pipeline.AttrInputTokens) == "0" || attr(llm, pipeline.AttrOutputTokens) == "0" || attr(llm, pipeline.AttrCostUSD) == "0" {
		t.Errorf("llm span has no usage: %v", llm.Attributes)
	}
	pv := provenanceOf(t, r.w.got[0])
	if attr(llm, pipeline.AttrInputTokens) != strconv.Itoa(pv.PromptTokens) || attr(llm, pipeline.AttrOutputTokens) != strconv.Itoa(pv.CompletionTokens) {
		t.Errorf("llm span tokens %v differ from the event's %d/%d", llm.Attributes, pv.PromptTokens, pv.CompletionTokens)
	}
	if c := tr.span(t, pipeline.SpanCache); attr(c, pipeline.AttrCacheResult) != "miss" {
		t.Errorf("first cache span %v", c.Attributes)
	}
	if rec := tr.span(t, consumer.SpanRecord); attr(rec, pipeline.AttrSource) != "llm" {
		t.Errorf("record attributes %v", rec.Attributes)
	}

	again := r.process(t, m)
	sameShape(t, again, map[string]string{consumer.SpanRecord: "", pipeline.SpanDecode: consumer.SpanRecord,
		pipeline.SpanCache: consumer.SpanRecord, consumer.SpanPublish: consumer.SpanRecord})
	if c := again.span(t, pipeline.SpanCache); attr(c, pipeline.AttrCacheResult) != "hit" {
		t.Errorf("second cache span %v", c.Attributes)
	}

	cfg.LLM.CacheSize = 0 // no cache: llm is the record's child
	uncached := newTracedRig(t, cfg).process(t, m)
	sameShape(t, uncached, map[string]string{consumer.SpanRecord: "", pipeline.SpanDecode: consumer.SpanRecord,
		pipeline.SpanLLM: consumer.SpanRecord, consumer.SpanPublish: consumer.SpanRecord})
}

// A broken record: decode fails with status Error, the dead letter is
// published (publish span says so) and carries the record's traceparent.
func TestTraceDeadLetteredRecord(t *testing.T) {
	cfg := offlineConfig("")
	cfg.LLM.BaseURL = ""
	r := newTracedRig(t, cfg)
	tr := r.process(t, kafka.Message{Topic: cfg.Topics.Tickets, Value: []byte("{not json")})
	sameShape(t, tr, map[string]string{consumer.SpanRecord: "", pipeline.SpanDecode: consumer.SpanRecord, consumer.SpanPublish: consumer.SpanRecord})
	rec, dec, pub := tr.span(t, consumer.SpanRecord), tr.span(t, pipeline.SpanDecode), tr.span(t, consumer.SpanPublish)
	if dec.Status.Code != codes.Error || rec.Status.Code != codes.Error || attr(rec, consumer.AttrReason) != "invalid_json" {
		t.Errorf("decode status %v, record status %v attributes %v", dec.Status, rec.Status, rec.Attributes)
	}
	if attr(pub, "messaging.destination.name") != cfg.Topics.DLQ || attr(pub, consumer.AttrDeadLetter) != "true" {
		t.Errorf("publish attributes %v", pub.Attributes)
	}
	dl := r.w.got[0]
	if got := (tracing.Headers{H: &dl.Headers}).Get("traceparent"); !strings.Contains(got, rec.SpanContext.SpanID().String()) {
		t.Errorf("dead letter traceparent %q, want the record span %s", got, rec.SpanContext.SpanID())
	}
}

func firstEmail(t *testing.T) []byte {
	t.Helper()
	ss, err := demo.Samples()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		if s.Topic == "emails" && s.WantReason == "" {
			return s.Value
		}
	}
	t.Fatal("no good email sample")
	return nil
}
