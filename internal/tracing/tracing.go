// Package tracing is triage's OpenTelemetry setup: a TracerProvider that
// exports spans over OTLP/HTTP when tracing.otlp_endpoint is set, W3C trace
// context carried in Kafka headers, and the helpers the pipeline's spans
// share.
//
// When no endpoint is set the provider is OpenTelemetry's no-op one. It
// records nothing, but a span started under an incoming traceparent keeps
// that span context (the API's behaviour without an SDK), so the outputs
// carry the input's traceparent and tracestate unchanged: plain W3C
// propagation. A record without one then gets none.
package tracing

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/triage/triage/internal/config"
)

// Scope is the instrumentation scope of every triage span.
const Scope = "github.com/triage/triage"

// DefaultFlushTimeout bounds Close's flush of buffered spans.
const DefaultFlushTimeout = 5 * time.Second

// Provider is the service's TracerProvider with its shutdown. It is safe
// for concurrent use.
type Provider struct {
	trace.TracerProvider
	// FlushTimeout bounds Close (default DefaultFlushTimeout).
	FlushTimeout time.Duration

	sdk  *sdktrace.TracerProvider // nil when export is off
	once sync.Once
	err  error
}

// New returns the provider cfg asks for: with cfg.OTLPEndpoint set, an SDK
// provider sampling new traces at cfg.SampleRatio (parent-based: a record
// with a traceparent follows its sampled flag) and exporting in batches
// over OTLP/HTTP; otherwise the no-op provider. The exporter also reads the
// SDK's OTEL_EXPORTER_OTLP_* variables for what cfg does not set (headers,
// timeout, compression, certificates), and the resource
// OTEL_RESOURCE_ATTRIBUTES. Export errors are logged to log. New does not
// connect: an unreachable collector loses spans, never records.
func New(ctx context.Context, cfg config.Tracing, version string, log *slog.Logger) (*Provider, error) {
	if cfg.OTLPEndpoint == "" {
		return &Provider{TracerProvider: noop.NewTracerProvider()}, nil
	}
	exp, err := otlptracehttp.New(ctx, endpointOptions(cfg)...)
	if err != nil {
		return nil, fmt.Errorf("tracing: OTLP exporter for %s: %w (check tracing.otlp_endpoint and OTEL_EXPORTER_OTLP_*)", cfg.OTLPEndpoint, err)
	}
	res, err := resource.New(ctx, resource.WithFromEnv(), resource.WithTelemetrySDK(),
		resource.WithAttributes(attribute.String("service.name", cfg.ServiceName), attribute.String("service.version", version)))
	if err != nil {
		return nil, fmt.Errorf("tracing: resource: %w (check OTEL_RESOURCE_ATTRIBUTES)", err)
	}
	if log != nil {
		otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) { log.Warn("tracing: exporting spans failed", "err", err) }))
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res),
		sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(cfg.SampleRatio))))
	return &Provider{TracerProvider: tp, sdk: tp}, nil
}

// endpointOptions turn tracing.otlp_endpoint into exporter options: a URL
// keeps its scheme (http is plain) and path (default /v1/traces); host:port
// is HTTPS unless cfg.Insecure.
func endpointOptions(cfg config.Tracing) []otlptracehttp.Option {
	u, err := url.Parse(cfg.OTLPEndpoint)
	if err != nil || u.Host == "" { // host:port (config validated it)
		opts := []otlptracehttp.Option{otlptracehttp.WithEndpoint(cfg.OTLPEndpoint)}
		if cfg.Insecure {
			opts = append(opts, otlptracehttp.WithInsecure())
		}
		return opts
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/v1/traces"
	}
	return []otlptracehttp.Option{otlptracehttp.WithEndpointURL(u.String())}
}

// Exporting reports whether spans are exported (tracing.otlp_endpoint set).
func (p *Provider) Exporting() bool { return p.sdk != nil }

// Close flushes buffered spans and stops the exporter, within FlushTimeout;
// spans not sent by then are lost. It blocks until then. Later calls
// return the first call's result; spans started after Close are dropped.
func (p *Provider) Close() error {
	p.once.Do(func() {
		if p.sdk == nil {
			return
		}
		budget := p.FlushTimeout
		if budget <= 0 {
			budget = DefaultFlushTimeout
		}
		ctx, cancel := context.WithTimeout(context.Background(), budget)
		defer cancel()
		if err := p.sdk.Shutdown(ctx); err != nil {
			p.err = fmt.Errorf("tracing: flushing spans within %s: %w (is the collector at tracing.otlp_endpoint up?)", budget, err)
		}
	})
	return p.err
}

// Tracer is tp's tracer for triage spans; nil tp gives the no-op tracer.
func Tracer(tp trace.TracerProvider) trace.Tracer {
	if tp == nil {
		return noop.NewTracerProvider().Tracer(Scope)
	}
	return tp.Tracer(Scope)
}

// End ends sp, first recording err with status Error when err is not nil.
func End(sp trace.Span, err error) {
	if err != nil {
		sp.RecordError(err)
		sp.SetStatus(codes.Error, err.Error())
	}
	sp.End()
}
