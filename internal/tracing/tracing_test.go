package tracing

import (
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/triage/triage/internal/config"
)

// receiver is an in-process OTLP/HTTP trace receiver.
type receiver struct {
	mu      sync.Mutex
	spans   []string // span names
	service []string // service.name of each resource
	// resource is every resource attribute, key=value
	resource []string
	headers  []http.Header
	paths    []string
}

func newReceiver(t *testing.T) (*receiver, *httptest.Server) {
	r := &receiver{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body := io.Reader(req.Body)
		if req.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(req.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			body = zr
		}
		data, err := io.ReadAll(body)
		var msg coltracepb.ExportTraceServiceRequest
		if err == nil {
			err = proto.Unmarshal(data, &msg)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		r.headers, r.paths = append(r.headers, req.Header.Clone()), append(r.paths, req.URL.Path)
		for _, rs := range msg.ResourceSpans {
			for _, a := range rs.GetResource().GetAttributes() {
				r.resource = append(r.resource, a.Key+"="+a.GetValue().GetStringValue())
				if a.Key == "service.name" {
					r.service = append(r.service, a.GetValue().GetStringValue())
				}
			}
			for _, ss := range rs.ScopeSpans {
				for _, s := range ss.Spans {
					r.spans = append(r.spans, s.Name)
				}
			}
		}
		w.Header().Set("Content-Type", "application/x-protobuf")
		out, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
		_, _ = w.Write(out)
	}))
	t.Cleanup(srv.Close)
	return r, srv
}

func (r *receiver) snapshot() (spans, service, paths []string, headers []http.Header) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.spans, r.service, r.paths, r.headers
}

func exportOne(t *testing.T, cfg config.Tracing) {
	t.Helper()
	p, err := New(context.Background(), cfg, "v-test", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if !p.Exporting() {
		t.Fatal("Exporting() = false with an endpoint")
	}
	_, sp := Tracer(p).Start(context.Background(), "triage.record")
	sp.End()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

// Spans buffered by the batcher reach the collector when Close flushes
// them, at /v1/traces, with the configured service name.
func TestSpansArriveAfterCloseFlush(t *testing.T) {
	rcv, srv := newReceiver(t)
	exportOne(t, config.Tracing{OTLPEndpoint: srv.URL, SampleRatio: 1, ServiceName: "triage-test"})
	spans, service, paths, _ := rcv.snapshot()
	if len(spans) != 1 || spans[0] != "triage.record" {
		t.Fatalf("received spans %v, want [triage.record]", spans)
	}
	if len(service) != 1 || service[0] != "triage-test" {
		t.Errorf("service.name %v", service)
	}
	if paths[0] != "/v1/traces" {
		t.Errorf("posted to %q, want /v1/traces", paths[0])
	}
}

// host:port with tracing.insecure is plain HTTP; the SDK's standard
// variables add headers and compression.
func TestHostPortAndStandardEnvironment(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20s3cret")
	t.Setenv("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip")
	t.Setenv("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=test")
	rcv, srv := newReceiver(t)
	exportOne(t, config.Tracing{OTLPEndpoint: strings.TrimPrefix(srv.URL, "http://"), Insecure: true, SampleRatio: 1, ServiceName: "triage"})
	spans, _, _, headers := rcv.snapshot()
	if len(spans) != 1 {
		t.Fatalf("received spans %v", spans)
	}
	if got := headers[0].Get("Authorization"); got != "Bearer s3cret" {
		t.Errorf("Authorization %q, want the OTEL_EXPORTER_OTLP_HEADERS one", got)
	}
	if got := headers[0].Get("Content-Encoding"); got != "gzip" {
		t.Errorf("Content-Encoding %q, want gzip", got)
	}
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	if !slices.Contains(rcv.resource, "deployment.environment=test") || !slices.Contains(rcv.resource, "service.version=v-test") {
		t.Errorf("resource %v, want OTEL_RESOURCE_ATTRIBUTES and the version", rcv.resource)
	}
}

// A sample ratio of 0 records no new trace, yet a record span still gets
// a valid (unsampled) span context to propagate.
func TestSampleRatioZeroExportsNothing(t *testing.T) {
	rcv, srv := newReceiver(t)
	p, err := New(context.Background(), config.Tracing{OTLPEndpoint: srv.URL, SampleRatio: 0, ServiceName: "triage"}, "v", nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, sp := Tracer(p).Start(context.Background(), "triage.record")
	sp.End()
	var hs []kafka.Header
	Inject(ctx, &hs)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if spans, _, _, _ := rcv.snapshot(); len(spans) != 0 {
		t.Errorf("exported %v at ratio 0", spans)
	}
	if v := (Headers{&hs}).Get("traceparent"); !strings.HasSuffix(v, "-00") {
		t.Errorf("traceparent %q, want a new trace flagged unsampled", v)
	}
}

// Off: the no-op provider records nothing and keeps an incoming span
// context, so the traceparent goes out as it came in.
func TestOffPropagatesUnchanged(t *testing.T) {
	p, err := New(context.Background(), config.Tracing{SampleRatio: 1, ServiceName: "triage"}, "v", nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Exporting() {
		t.Fatal("Exporting() = true without an endpoint")
	}
	in := []kafka.Header{{Key: "traceparent", Value: []byte(parent)}, {Key: "tracestate", Value: []byte("k=v")}}
	ctx, sp := Tracer(p).Start(Extract(context.Background(), in), "triage.record")
	if sp.IsRecording() {
		t.Error("span is recording")
	}
	var out []kafka.Header
	Inject(ctx, &out)
	if c := (Headers{&out}); c.Get("traceparent") != parent || c.Get("tracestate") != "k=v" {
		t.Errorf("out headers %v, want the input's", out)
	}
	sp.End()
	_, root := Tracer(p).Start(context.Background(), "triage.record")
	if root.SpanContext().IsValid() {
		t.Error("off: a record without traceparent got a trace")
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestTracerOfNil(t *testing.T) {
	if _, sp := Tracer(nil).Start(context.Background(), "x"); sp.IsRecording() {
		t.Error("nil provider records")
	}
}

// A collector that never answers costs Close its budget, not more: Close
// returns an error naming the budget instead of blocking the exit.
func TestCloseGivesUpAfterItsBudget(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		select {
		case <-release:
		case <-req.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	p, err := New(context.Background(), config.Tracing{OTLPEndpoint: srv.URL, SampleRatio: 1, ServiceName: "triage"}, "v", nil)
	if err != nil {
		t.Fatal(err)
	}
	p.FlushTimeout = 100 * time.Millisecond
	_, sp := Tracer(p).Start(context.Background(), "triage.record")
	sp.End()
	err = p.Close()
	if err == nil || !strings.Contains(err.Error(), "within 100ms") {
		t.Fatalf("Close() = %v, want a flush error naming the budget", err)
	}
	if again := p.Close(); again != err {
		t.Errorf("second Close() = %v, want the first result", again)
	}
}
